"""Plain data classes passed between pipeline stages.

Every stage is a pure function over these classes, so a stage can be tested alone and the whole
pipeline can be mapped over a distributed engine unchanged.  Dates are ISO strings
(``YYYY-MM-DD``) so that every object serialises to JSON without custom encoders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

KINDS = ("call", "meeting")
STATUSES = ("occurred", "planned")
SALIENCES = ("main", "mentioned")
SENIOR_ROLES = ("head_of_state", "head_of_government", "foreign_minister")  # the offices whose contacts count
ROLES = (*SENIOR_ROLES, "other")
HEAD_ROLES = SENIOR_ROLES[:2]  # the offices that head a country: what "the head of state" with no country names
# What an office title names (the lexicons' ``roles`` tables): a senior office, a country's "leader", or "his
# counterpart", who holds the office of the leader he meets.
TITLE_ROLES = (*SENIOR_ROLES, "leader", "counterpart")
TOPICS = (
    "trade_economy",
    "energy",
    "security_defense",
    "border_conflict",
    "health",
    "elections_politics",
    "regional_integration",
    "culture_humanitarian",
    "migration",
    "agriculture_food",
    "transport_infrastructure",
    "international_affairs",
)


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of a document's text."""

    start: int
    end: int


@dataclass
class RawDocument:
    """What a reader produced: decoded text plus whatever metadata the container carried."""

    doc_id: str
    text: str
    source: str  # file path (or "<stdin>") the text came from
    url: str | None = None
    published: str | None = None  # ISO date from container metadata (HTML meta, JSONL field)
    published_source: str | None = None  # "html-meta", "jsonl", ...
    lang: str | None = None
    # Bookkeeping of where the document came from (see identity.py), not part of what it is: equal
    # documents read from two places compare equal.
    identity: str = field(default="", compare=False)  # "" for id:<doc_id>
    origin: str | None = field(default=None, compare=False)  # a file's absolute path


@dataclass
class ReadError:
    """One input that could not be read, with a reason a user can act on."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


@dataclass
class Document:
    """A cleaned document: original text (offsets refer to it) plus derived metadata."""

    doc_id: str
    text: str
    source: str = ""
    url: str | None = None
    published: str | None = None
    published_source: str | None = None  # "header", "url", "html-meta", "jsonl", "dateline"
    lang: str = "en"
    ignored: list[Span] = field(default_factory=list)  # headers, boilerplate, repeated paragraphs
    min_published: str | None = None  # lower bound when no date: latest full date the text cites
    dateline: tuple[int, int] | None = None  # (month, day) of a dateline whose year the text does not fix
    date_lines: list[tuple[int, str]] = field(default_factory=list)  # (offset, day): a list page's item dates


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    index: int = 0
    paragraph: int = 0


@dataclass
class EntitySpan:
    """A knowledge-base entity found in the text: a span of it, not a "mention" (which, in summitry, is
    one document's report of a contact: ``Event.mentions``, the store's mentions table)."""

    kind: str  # "person", "country", "role", "place", "org"
    start: int
    end: int
    surface: str
    entity_id: str  # person id, ISO3, role name, place id or org id
    country: str | None = None  # ISO3 the entity belongs to (person, place, role+adjective)
    role: str | None = None  # for kind "role": head_of_state / head_of_government / ...
    sentence: int = -1
    suffix: str = ""  # a Kazakh/Kyrgyz case ending the scan read past the name (Тоқаев|тың, Путин|мен)


# Where a date came from, as a code decisions read (``DateInfo.kind``); ``DateInfo.source`` says it in words.
DateKind = Literal[
    "text",  # a date expression of the sentence itself ("on 3 May", "in March", "text+published year")
    "derived",  # read from the text some other way: relative to the reference day, carried from another
    # sentence, a day of the trip the report sums up, a yearless dateline
    "published",  # the publication (or date line) day, by convention for an undated main contact
    "term",  # no date at all: only the range the participants' terms in office overlap
    "metadata",  # a container's date field (url, html, jsonl, header): not the text's
]
DATE_KINDS: tuple[DateKind, ...] = get_args(DateKind)
_DATE_PREFIXES: tuple[tuple[str, DateKind], ...] = (
    ("published", "published"), ("text", "text"), ("term", "term"),
    ("url", "metadata"), ("html", "metadata"), ("jsonl", "metadata"), ("header", "metadata"))


def date_kind(source: str | None) -> DateKind | None:
    """The code of a readable date source ("published (header)" → "published"); None for no source.

    The one place that reads a date's provenance text, for a ``DateInfo`` built without ``kind``: one
    read back from a store written before the codes.  dates/ sets ``kind`` where it decides.
    """
    if not source:
        return None
    return next((kind for prefix, kind in _DATE_PREFIXES if source.startswith(prefix)), "derived")


EntityMention = EntitySpan  # the old name, until events/ and dates/ use the new one


@dataclass
class DateInfo:
    """A date as precise as the text allows, with how it was derived."""

    date: str | None = None
    start: str | None = None
    end: str | None = None
    source: str | None = None  # in words, for people: "text", "published (header)", "term overlap", ...
    weekday: int | None = None  # 0 = Monday, when the text names a weekday but no day
    month_day: tuple[int, int] | None = None  # (month, day) when the year is unknown
    month_day_end: tuple[int, int] | None = None  # the last (month, day) of a yearless range ("11–12 November")
    kind: DateKind | None = None  # the source as a code, which decisions read (``date_kind`` when not given)

    def __post_init__(self) -> None:
        if self.kind is None:
            self.kind = date_kind(self.source)

    @property
    def exact(self) -> bool:
        return self.date is not None

    @property
    def from_text(self) -> bool:
        """Dated by the text itself, not by the publication day, metadata or terms in office."""
        return self.kind in ("text", "derived")


def strength(info: DateInfo) -> float:
    """How much a date says: a day from the text beats a range, which beats the publication default.

    Here, beside ``DateInfo``, because consolidating a document's contacts and merging them across
    documents both rank dates by it.
    """
    if info.date:
        return 1.0 if info.kind == "published" else 3.0
    if info.weekday is not None or info.month_day:
        return 2.0
    if info.start and info.kind in ("text", "derived"):  # "in May", "next week": the text's own range
        return 2.5
    return 0.5 if info.start else 0.0


# How a participant was found, as a code decisions read (``Participant.how``); ``derivation`` says it in words.
How = Literal[
    "name",  # his own name ("name", "name (clause around the trigger)")
    "title",  # an office title ("office title + country", "… for the leader named before")
    "pronoun",  # a pronoun for a leader named before
    "host",  # the host of a visit or a summit
    "home",  # the home country of the report (an untitled head of state)
    "compound",  # a compound before the trigger ("the Russia-Turkey talks")
    "member",  # a member or partner of an organisation that met
    "country",  # a country named as a party ("Kazakhstan and Russia held talks"): its leader
    "context",  # the leaders of the contact before, the other party, the speaker of a transcript line
]
HOWS: tuple[How, ...] = get_args(How)
# The derivation of a tour's later stop ("a tour of Kenya, Ghana and Peru" → Ghana, Peru): the host of a visit
# whose day the sentence does not give (its date is the tour's, a lower bound)
LATER_STOP = "host of visit (one of several)"
GUESSED: frozenset[How] = frozenset({"pronoun", "host", "home", "compound"})  # who, not read: guessed
_HOW_PREFIXES: tuple[tuple[str, How], ...] = (
    ("office title", "title"), ("pronoun", "pronoun"), ("host", "host"), ("home country", "home"),
    ("compound", "compound"), ("member of", "member"), ("partner of", "member"), ("country named", "country"))
# What resolution did to a participant after dating (``Participant.resolved``, in order): "office_then" —
# the person named today did not hold the office on the day, so not him; "elect" — the leader-elect of
# the office; "holder" — whoever held the office on the day.
Resolution = Literal["office_then", "elect", "holder"]
RESOLUTIONS: tuple[Resolution, ...] = get_args(Resolution)
_RESOLUTION_TEXT: tuple[tuple[str, Resolution], ...] = (
    ("office held then", "office_then"), ("elected", "elect"), ("holder of the office", "holder"))


def participant_codes(derivation: str) -> tuple[How, tuple[Resolution, ...]]:
    """The codes of a readable derivation ("office title + country: holder of the office on 2024-05-01"
    → ("title", ("holder",))): the part before the first ':' is how events/ found him, each part after
    one is a step of ``resolve``.

    The one place that reads a participant's provenance text, for a ``Participant`` built without
    ``how``: one read back from a store written before the codes.  events/ sets ``how`` (and an empty
    ``resolved``) where it decides, and ``resolve`` adds its steps.
    """
    found, *steps = derivation.split(":")
    base = found.split(" (")[0]
    how: How = "name" if base == "name" else next(
        (code for prefix, code in _HOW_PREFIXES if found.startswith(prefix)), "context")
    resolved = tuple(code for step in steps for text, code in _RESOLUTION_TEXT if step.strip().startswith(text))
    return how, resolved


@dataclass
class Participant:
    country: str
    person: str | None = None
    person_id: str | None = None
    role: str = "other"
    mentioned_as: str | None = None
    derivation: str = "name"  # in words, for people: "name", "office title + country", "host of visit", ...
    how: How | None = None  # how events/ found him, as a code (``participant_codes`` when not given)
    resolved: tuple[Resolution, ...] | None = None  # what ``resolve`` did since, as codes

    def __post_init__(self) -> None:
        if self.how is None or self.resolved is None:
            how, resolved = participant_codes(self.derivation)
            self.how = how if self.how is None else self.how
            self.resolved = resolved if self.resolved is None else tuple(self.resolved)
        elif not isinstance(self.resolved, tuple):
            self.resolved = tuple(self.resolved)  # a list, read back from JSON

    @property
    def by_name(self) -> bool:
        """Found by his own name, not a title or a pronoun."""
        return self.how == "name"

    @property
    def guessed(self) -> bool:
        """Guessed rather than read: a pronoun, a host, a home country, a compound, or an office's holder."""
        return self.how in GUESSED or any(r in ("office_then", "holder") for r in self.resolved or ())

    def resolve(self, step: Resolution, derivation: str) -> None:
        """Record a step of ``resolve``: its code, and the words provenance shows."""
        self.derivation = derivation
        self.resolved = (*(() if step == "office_then" else self.resolved or ()), step)


@dataclass
class Location:
    city: str | None = None
    country: str | None = None
    derivation: str | None = None


@dataclass
class Contact:
    """One contact as one document reports it (a mention of a real-world event)."""

    doc_id: str
    kind: str
    status: str
    salience: str
    participants: list[Participant]
    evidence: str
    start: int
    end: int
    date: DateInfo = field(default_factory=DateInfo)
    location: Location = field(default_factory=Location)
    topics: list[str] = field(default_factory=list)
    url: str | None = None
    published: str | None = None
    sentences: list[int] = field(default_factory=list)  # sentence indexes that describe it
    confidence: float = 0.5
    multilateral: bool = False
    # "future marker", "past verb", "date after publication" or "default" (no tense evidence)
    status_source: str = "default"
    trigger: int = -1  # offset of the word that reported it: which of a sentence's dates are its own

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({p.country for p in self.participants}))

    def to_dict(self) -> dict[str, Any]:
        """``dataclasses.asdict``, written out: asdict's generic recursion was a third of storing."""
        d = dict(self.__dict__)
        d["participants"] = [dict(p.__dict__) for p in self.participants]
        d["date"] = dict(self.date.__dict__)
        d["location"] = dict(self.location.__dict__)
        d["topics"], d["sentences"] = list(self.topics), list(self.sentences)
        return d


@dataclass
class Event:
    """A real-world contact merged across mentions, documents and languages."""

    id: str
    kind: str
    status: str
    participants: list[Participant]
    date: DateInfo
    location: Location
    topics: list[str]
    confidence: float
    cameo: str
    mentions: list[Contact]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({p.country for p in self.participants}))


@dataclass
class Processed:
    """Everything the pipeline learnt about one document.

    Here, not in ``pipeline``, because the store turns it into rows and the process pool carries it
    back from its workers without either depending on the stages that made it.
    """

    document: Document
    sentences: list[Sentence]
    spans: list[EntitySpan]  # the entities found in the text
    contacts: list[Contact]
    timings: dict[str, float] = field(default_factory=dict)
    digest: str = ""  # content hash of the raw input, set by whoever stores the result
