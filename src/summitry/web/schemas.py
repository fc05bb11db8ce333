"""Response and request models: they make the served OpenAPI document describe what the API returns.

An event's models (``Participant``, ``Location``, ``Mention``, ``EventBase``, ``Event``) are derived from
``shape``, the one declared shape the export line is also built from, so a client reading the API and
one reading ``summitry export --format jsonl`` see the same fields, types and descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, WithJsonSchema, create_model

from summitry import shape
from summitry.knowledge import shipped_kinds
from summitry.model import KINDS, ROLES, STATUSES, TOPICS

# The kinds table's names (as SUMMITRY_KB_EXTRA extends it): the shipped ones are the export shape's KINDS.
KIND_NAMES = shipped_kinds().names
Kind = Literal[KIND_NAMES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Topic = Literal[TOPICS]  # type: ignore[valid-type]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ISO3 = r"^[A-Za-z]{3}$"
Iso3 = Annotated[str, StringConstraints(pattern=ISO3)]
Role = Literal[ROLES]  # type: ignore[valid-type]
LANG_REF = "#/components/schemas/LanguageCode"  # the knowledge base's registered languages (deps.openapi_components)
# A language code; the server checks it against the knowledge base's registry (a 422 lists the codes).
Lang = Annotated[str, WithJsonSchema({"$ref": LANG_REF})]
# sort key ~ event id: any such position is a valid place to resume; empty is the first page
CURSOR = r"^([0-9-]{1,10}~[^\x00]{1,300})?$"


def _annotation(f: shape.Field, models: dict[str, type[BaseModel]]) -> Any:
    """A shape field's Python type, as pydantic reads it."""
    if f.record is not None:
        model = models[f.record.name]
        return list[model] if f.many else model  # type: ignore[valid-type]
    choices = KIND_NAMES if f.choices == KINDS else f.choices  # a kind: any of the table's
    one: Any = Literal.__getitem__(choices) if choices else _SCALARS.get(f.type, str)
    if f.type == shape.TEXTS:
        return list[one]
    return one | None if f.nullable else one


_SCALARS: Mapping[str, type] = MappingProxyType({shape.TEXT: str, shape.DAY: str, shape.INTEGER: int,
                                                 shape.NUMBER: float})


def _fields(record: shape.Record, models: dict[str, type[BaseModel]], leave_out: tuple[str, ...] = (),
            after: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``create_model`` arguments for a shape record: its fields in order (those ``after`` names followed
    by the web's own), each with its description."""
    out: dict[str, Any] = {}
    for f in record.fields:
        if f.name in leave_out:
            continue
        info = Field(None, description=f.doc or None) if f.nullable else Field(description=f.doc or None)
        out[f.name] = (_annotation(f, models), info)
        out.update((after or {}).get(f.name, {}))
    return out


def _derived() -> tuple[type[BaseModel], ...]:
    """The API's event models, derived from ``shape`` so the API and the export line cannot drift."""
    models: dict[str, type[BaseModel]] = {}
    models["participant"] = create_model("Participant", **_fields(shape.PARTICIPANT, models))
    models["location"] = create_model("Location", **_fields(shape.LOCATION, models))
    models["mention"] = create_model(
        "Mention", __doc__="One document's report of the event, with the evidence sentence and its offsets.",
        **_fields(shape.MENTION, models))
    when = (str, Field(description="the date or range in words: '3 Mar 2024', 'between Feb and Mar 2021', "
                                   "'after 28 Jan 2021', 'date unknown'"))
    models["event_base"] = create_model("EventBase", **_fields(shape.EVENT, models, leave_out=("mentions",),
                                                               after={"date_end": {"when": when}}))
    models["event"] = create_model("Event", __base__=models["event_base"],
                                   mentions=(_annotation(shape.EVENT.field("mentions"), models), ...))
    return tuple(models[k] for k in ("participant", "location", "mention", "event_base", "event"))


Participant, Location, Mention, EventBase, Event = _derived()


class EventSummary(EventBase):  # type: ignore[misc,valid-type]
    mention_count: int
    document_count: int
    evidence: str | None = Field(None, description="evidence sentence of the first mention")
    evidence_lang: str | None = Field(None, description="language of the document that sentence is from")


class MatchedPerson(BaseModel):
    id: str
    name: str
    country: str


class EventPage(BaseModel):
    items: list[EventSummary]
    total: int = Field(description="events matching the filters, over all pages")
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null on the last")
    people: list[MatchedPerson] = Field(default_factory=list, description="whom the person filter matched")
    notes: list[str] = Field(default_factory=list, description="filter values that matched nothing, and why")


class YearCount(BaseModel):
    year: str | None = Field(description="null for events with no known date")
    call: int
    meeting: int
    planned: int = Field(description="of the calls and meetings, how many were only announced")
    total: int


class Pair(BaseModel):
    a: str
    b: str
    a_name: str
    b_name: str
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    years: list[YearCount] = Field(description="oldest first; every year between the first and last, undated last")


class Office(BaseModel):
    role: str
    country: str
    start: str | None = None
    end: str | None = None


class Entity(BaseModel):
    kind: Literal["person", "country", "place", "org"]
    id: str
    name: str
    country: str | None = None
    offices: list[Office] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)


class Span(BaseModel):
    start: int
    end: int
    kind: str = Field(description="person, country, role, place or org")
    entity_id: str


class DocumentContact(BaseModel):
    event_id: str | None
    kind: Kind
    status: Status
    salience: str
    start: int
    end: int
    evidence: str
    date: str | None = None
    date_source: str | None = None


class Document(BaseModel):
    doc_id: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: str | None = None
    lang: str | None = None
    text: str
    spans: list[Span] = Field(description="entity mentions the pipeline found (offsets into text)")
    contacts: list[DocumentContact] = Field(description="contacts extracted from this document")


def _unicode(value: str | None) -> str | None:
    """Refuses a lone UTF-16 surrogate ("\\ud800" in JSON): it is no character and no UTF-8 can hold it."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ValueError(f"holds a lone surrogate at {e.start} (U+{ord(value[e.start]):04X}); send valid "
                             "Unicode text") from e
    return value


class Article(BaseModel):
    """One article to extract from or store."""

    text: Annotated[str, AfterValidator(_unicode)] = Field(min_length=1)
    id: Annotated[str | None, AfterValidator(_unicode)] = Field(None, min_length=1, max_length=200,
                                                                description="document id (default: hash of the text)")
    url: Annotated[str | None, AfterValidator(_unicode)] = Field(None, max_length=2000)
    published: str | None = Field(None, pattern=ISO_DATE)
    lang: Lang | None = None


class Extraction(BaseModel):
    lang: str
    published: str | None
    published_source: str | None
    text: str
    spans: list[Span]
    events: list[Event] = Field(description="the contacts found, merged as the store would merge them")  # type: ignore[valid-type]


class IngestResult(BaseModel):
    added: int
    updated: int
    unchanged: int
    mentions: int
    documents: list[str]
    events: list[Event] = Field(description="every stored event that now has a mention from these documents")  # type: ignore[valid-type]
    errors: list[str] = Field(description="JSONL lines that could not be used, one message each")


class Country(BaseModel):
    code: str
    name: str


class Group(BaseModel):
    id: str
    name: str
    members: list[str]


class KindLabel(BaseModel):
    name: str
    label: str = Field(description="what the web app calls one contact of the kind (\"Call\")")
    plural: str


class Meta(BaseModel):
    documents: int
    mentions: int
    events: int
    countries: list[Country] = Field(description="countries that occur in stored events")
    groups: list[Group] = Field(description="organisations and regions of the knowledge base (?group=)")
    roles: list[str]
    langs: list[str]
    kinds: list[str]
    kind_labels: list[KindLabel] = Field(description="each kind's labels, in the kinds table's order")
    statuses: list[str]
    topics: list[str]
    first_date: str | None
    last_date: str | None
    ingest_enabled: bool
    token_required: bool
    extract_enabled: bool
    max_body: int
    max_extract: int = Field(description="longest article text POST /api/extract takes, in characters")


class Problem(BaseModel):
    detail: str


class DocumentMentions(BaseModel):
    """One document's mentions of an event, with where it came from and an excerpt around them."""

    doc_id: str
    outlet: str = Field(description="the URL's host, or '-' for a document without a URL")
    title: str | None = Field(None, description="the document's first line, when short enough to be a title")
    url: str | None = None
    published: str | None = None
    lang: str | None = None
    excerpt: str = Field(description="the stored text around the evidence sentences")
    excerpt_start: int = Field(description="offset of the excerpt in the stored text")
    text_length: int
    mentions: list[Mention]  # type: ignore[valid-type]


class MentionPage(BaseModel):
    documents: list[DocumentMentions] = Field(description="newest document first")
    total_documents: int
    offset: int
    next_offset: int | None


class Facets(BaseModel):
    """Per filter, how many events each value would leave with the other filters kept."""

    total: int
    country: dict[str, int]
    group: dict[str, int]
    kind: dict[str, int]
    status: dict[str, int]
    topic: dict[str, int]
    role: dict[str, int]
    lang: dict[str, int]
    source: dict[str, int]
    confidence: dict[str, int] = Field(description="events at or above each confidence floor")


class DenseRange(BaseModel):
    start: str | None
    end: str | None
    outside: int = Field(description="dated events outside this range (outliers)")
    undated: int
    first: str | None = Field(None, description="the earliest date of all, outliers included")
    last: str | None = None


class TimelineItem(BaseModel):
    id: str
    kind: Kind
    status: Status
    date: str | None
    date_start: str | None
    date_end: str | None
    when: str
    label: str = Field(description="the leaders' surnames (country codes when unknown)")
    title: str = Field(description="kind, date in words, leaders with country names, place")


class Bucket(BaseModel):
    start: str
    end: str
    call: int
    meeting: int
    planned: int


class Timeline(BaseModel):
    mode: Literal["items", "buckets"]
    unit: Literal["week", "month", "year"] | None
    items: list[TimelineItem]
    buckets: list[Bucket]
    wide: int = Field(description="events whose date range is wider than one bucket: not counted in any")
    count: int = Field(description="dated events in the window")
    dense: DenseRange = Field(description="where the selection's dates are dense: the default window")


class PairRank(BaseModel):
    a: str
    b: str
    a_name: str
    b_name: str
    total: int
    call: int
    meeting: int
    planned: int
    first: str | None
    last: str | None


class Counterpart(BaseModel):
    country: str
    name: str
    total: int
    call: int
    meeting: int
    first: str | None
    last: str | None


class Leader(BaseModel):
    person_id: str | None
    name: str | None
    country: str | None
    total: int
    call: int = 0
    meeting: int = 0


class Place(BaseModel):
    city: str | None
    country: str | None
    meetings: int
    lat: float | None = None
    lon: float | None = None


class Profile(BaseModel):
    """A country's or a leader's contacts at a glance."""

    kind: Literal["country", "leader"]
    id: str
    name: str
    country: str
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_role: dict[str, int] = Field(description="contacts per office held by this side")
    years: list[YearCount] = Field(description="a range-dated event counts only in the year its whole range is in")
    first: str | None
    last: str | None
    counterparts: list[Counterpart]
    counterpart_leaders: list[Leader]
    leaders: list[Leader] = Field(description="this country's leaders in these contacts")
    places: list[Place]


class Link(BaseModel):
    a: str
    b: str
    total: int
    a_lat: float | None
    a_lon: float | None
    b_lat: float | None
    b_lon: float | None


class MapData(BaseModel):
    places: list[Place] = Field(description="meeting places with coordinates when known")
    links: list[Link] = Field(description="country pairs, drawn between capitals")
    unplaced: int = Field(description="meetings whose place has no coordinates or is not stated")
