"""The knowledge base at run time: entities, offices with their terms, lexicons, and the scanner.

Loaded from the compiled artefact the package ships (``compiled/kb.json``); when the user adds
extension folders, the sources are recompiled together with them.  The Aho–Corasick automaton
finds every known surface form in one pass over a document, which keeps the cost per document
independent of how many names the knowledge base holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import ahocorasick
from platformdirs import user_cache_dir

from summitry.knowledge.build import COMPILED_PATH, SOURCE_DIR, compile_kb, compile_kinds
from summitry.knowledge.gate import Gate, name_set, role_words, trigger_words
from summitry.knowledge.languages import Language, Languages
from summitry.knowledge.lexindex import LexIndex, build_automaton, index_text, spans_at
from summitry.knowledge.records import ROLE_RANK, Country, Hit, Kind, Kinds, Office, Org, Person, Place, Record
from summitry.knowledge.variants import fold
from summitry.model import Sentence

ENV_EXTRA = "SUMMITRY_KB_EXTRA"


_UNSET = object()  # ``Lexicon.memo``: nothing derived under a key yet (None may be what was derived)

# "~" in a phrase stands for one to five words: "invited ~ to" matches "invited the Uzbek leader to" and
# "invited Turkish President Recep Erdogan to".
GAP = r"\S+(?:\s+\S+){0,4}?"


def _phrase_regex(entries: list[str]) -> re.Pattern[str] | None:
    """Alternation of lexicon entries; ``word*`` matches any word starting with ``word``, ``~`` a
    short run of words.

    Word boundaries are checked once around the whole alternation (not per entry), which lets
    the regex engine scan quickly; entries that start or end with punctuation go without them.
    """
    bounded: list[str] = []
    loose: list[str] = []
    for entry in sorted({str(e).lower() for e in entries}, key=len, reverse=True):
        pieces = []
        for w in entry.split():
            star = w.endswith("*")
            pieces.append(GAP if w == "~" else re.escape(w.rstrip("*")) + (r"[\w-]*" if star else ""))
        body = r"\s+".join(pieces)
        (bounded if entry[:1].isalnum() and entry.rstrip("*")[-1:].isalnum() else loose).append(body)
    parts = []
    if bounded:
        parts.append(r"(?<!\w)(?:" + "|".join(bounded) + r")(?!\w)")
    parts += loose
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


@dataclass
class Lexicon:
    """One language's compiled lexicon."""

    lang: str
    raw: dict[str, Any]
    months: list[tuple[str, int]] = field(default_factory=list)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    language: Language | None = field(default=None, repr=False, compare=False)  # its registered record

    def has(self, trait: str) -> bool:
        """Whether the lexicon's language has a trait (``languages.TRAITS``)."""
        return self.language is not None and self.language.has(trait)

    def memo(self, key: str, build: Callable[[Lexicon], Any]) -> Any:
        """Something a stage derives from this lexicon once (compiled patterns), kept with it."""
        got = self._memo.get(key, _UNSET)  # one look-up: rules ask for their tables dozens of times per sentence
        if got is _UNSET:
            got = self._memo[key] = build(self)
        return got

    def words(self, key: str) -> frozenset[str]:
        """A top-level word list of the lexicon ("location_prepositions", "relative_pronouns"), lower-cased,
        built once: rules test a word against it per actor or per date."""
        return self.memo("words:" + key, lambda lex: frozenset(str(w).lower() for w in lex.raw.get(key) or []))

    def ends_in_case(self, word: str, *cases: str) -> bool:
        """Whether ``word`` ends in an ending the lexicon lists for one of ``cases`` (Путин|мен: "with",
        Тоқаев|тың: "genitive"); the endings are gathered once per set of cases."""
        table = self.raw.get("cases") or {}
        endings = self.memo("cases:" + "+".join(cases),
                            lambda _: tuple(str(e) for c in cases for e in table.get(c) or []))
        return bool(endings) and word.lower().endswith(endings)

    @cached_property
    def month_regex(self) -> str:
        alts = []
        for key in sorted(self.raw.get("months", {}), key=len, reverse=True):
            k = str(key)
            alts.append(re.escape(k.rstrip("*")) + (r"\w*" if k.endswith("*") else r"\.?(?!\w)"))
        return "(?:" + "|".join(alts) + ")"

    def month_of(self, word: str) -> int | None:
        low = word.lower().rstrip(".")
        months = self.raw.get("months", {})
        if low in months:
            return int(months[low])
        for key, value in sorted(months.items(), key=lambda kv: -len(str(kv[0]))):
            k = str(key)
            if k.endswith("*") and low.startswith(k[:-1]):
                return int(value)
        return None

    def regex(self, *path: str) -> re.Pattern[str] | None:
        return self._regexes.get(path)

    def finditer(self, path: tuple[str, ...], text: str, index: LexIndex | None = None,
                 offset: int = 0) -> Iterator[re.Match[str]]:
        """Matches of one phrase list in ``text`` (at ``offset`` in the document), through the document's
        index when there is one: the one way every stage reads a phrase list."""
        rx = self.regex(*path)
        if rx is None:
            return iter(())
        return index.finditer(path, rx, text, offset) if index is not None else rx.finditer(text)

    def entries(self) -> list[tuple[tuple[str, ...], list[str]]]:
        """Every phrase category of the lexicon with its entries (what ``regex`` compiles)."""
        out: list[tuple[tuple[str, ...], list[str]]] = []
        for key in ("future", "past_reference", "reporting_verbs", "year_words", "group_refs", "discussion",
                    "future_infinitive", "future_adverbs", "past_verbs", "proxy_after", "proxy_before", "pronouns",
                    "non_leaders", "object_pronouns", "first_person", "content", "topic_before", "content_after",
                    "honorifics", "factual_infinitive", "named_after", "named_after_before", "range_joiners",
                    "capital_words", "contrast_clauses", "carry_cues"):
            out.append(((key,), [str(e) for e in self.raw.get(key) or []]))
        for group in ("roles", "triggers", "topics", "frames", "modality", "restated", "title_countries"):
            for name, entries in (self.raw.get(group) or {}).items():
                out.append(((group, name), [str(e) for e in entries or []]))
        for key in ("weekdays", "relative_days", "relative_periods", "months", "month_parts", "seasons", "day_offsets",
                    "same_day", "trip_days"):
            out.append(((key,), [str(k) for k in self.raw.get(key, {})]))
        return out

    @cached_property
    def _regexes(self) -> dict[tuple[str, ...], re.Pattern[str] | None]:
        return {path: _phrase_regex(entries) for path, entries in self.entries()}

    @cached_property
    def heads(self) -> Any:
        """Aho–Corasick automaton of the phrases' two-word heads (see ``lexindex``)."""
        return build_automaton(self.entries(), 2)

    def lookup(self, table: str, word: str) -> Any:
        low = word.lower()
        data = self.raw.get(table) or {}
        if low in data:
            return data[low]
        for key, value in data.items():
            k = str(key)
            if k.endswith("*") and low.startswith(k[:-1]):
                return value
        return None


def word_list(lexicons: Iterable[Lexicon], key: str) -> frozenset[str]:
    """``Lexicon.words`` of all the lexicons together."""
    return frozenset().union(*(lex.words(key) for lex in lexicons))


def any_phrase(lexicons: Iterable[Lexicon], path: tuple[str, ...], text: str) -> bool:
    """Whether a phrase of ``path`` from any of the lexicons occurs in ``text`` (a sentence, or a window
    of one): the yes-or-no question most rules ask of a phrase list, read without the index."""
    return any((rx := lex.regex(*path)) is not None and rx.search(text) is not None for lex in lexicons)


class KnowledgeBase:
    """Read-only view of the compiled knowledge base with the lookups the pipeline needs."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.version: str = data.get("version", "")
        self.countries: dict[str, dict[str, Any]] = data["countries"]
        self.people: dict[str, dict[str, Any]] = data["people"]
        self.places: dict[str, dict[str, Any]] = data["places"]
        self.orgs: dict[str, dict[str, Any]] = data["orgs"]
        self.languages = Languages.read(data.get("languages") or {})
        self.lexicons = {lang: Lexicon(lang, lex, language=self.languages.get(lang))
                         for lang, lex in data["lang"].items()}
        self.kinds = Kinds.read(data["kinds"])  # the contact kinds, most preceding first
        self._holders = self._index_offices()
        self._lexicons_for: dict[str, tuple[Lexicon, ...]] = {}  # ``lexicons_for``, per language code

    @cached_property
    def automaton(self) -> Any:
        auto = ahocorasick.Automaton()
        proper = {"person", "surname", "country", "place"}
        for key, refs in self.data["patterns"].items():
            # What scan needs per hit, computed once: (len, all refs are proper names, ends in a Cyrillic
            # letter, starts with "-", ends with "-", first ref is a person's name or surname, the
            # preferred kind, its id — "a|b" when ambiguous).
            kind = min((k for k, _ in refs), key=lambda k: ENTITY_PRIORITY.get(k, 9))
            ident = "|".join(sorted(i for k, i in refs if k == kind))
            auto.add_word(key, (len(key), all(k in proper for k, _ in refs), "\u0400" <= key[-1] <= "\u04ff",
                                key[0] == "-", key[-1] == "-", refs[0][0] in ("surname", "person"), kind, ident))
        auto.make_automaton()
        return auto

    @cached_property
    def gate(self) -> Gate:
        """The early-exit test: words a text must contain to hold a contact (see ``gate``)."""
        roles, triggers = [], []
        for lex in self.lexicons.values():
            for path, entries in lex.entries():
                if path[0] == "roles":
                    roles += entries
                elif path in self.kinds.triggers:
                    triggers += entries
        return Gate(name_set(self.data["patterns"], self.name_suffixes), role_words(roles), trigger_words(triggers))

    @cached_property
    def by_iso2(self) -> dict[str, str]:
        """ISO 3166 alpha-2 code (upper case) → the country's key, first listed first (as a scan would find)."""
        out: dict[str, str] = {}
        for iso3, c in self.countries.items():
            out.setdefault(c.get("iso2") or "", iso3)
        out.pop("", None)
        return out

    @property
    def surface_forms(self) -> int:
        """How many name forms (folded) the scanner knows."""
        return len(self.data["patterns"])

    @cached_property
    def name_suffixes(self) -> frozenset[str]:
        out: set[str] = set()
        for lex in self.lexicons.values():
            out |= {fold(str(s)) for s in lex.raw.get("name_suffixes") or []}
        return frozenset(out)

    def _index_offices(self) -> dict[tuple[str, str], list[tuple[Office, str]]]:
        """Each (country, role)'s terms with their holders, by start (then end, then id)."""
        idx: dict[tuple[str, str], list[tuple[Office, str]]] = {}
        for pid, person in self.persons.items():
            for off in person.offices:
                idx.setdefault((off.country, off.role), []).append((off, pid))
        for terms in idx.values():
            terms.sort(key=lambda op: (op[0].start or "", op[0].end, op[1]))
        return idx

    # --- typed records (``records``) -------------------------------------------------------------

    @cached_property
    def persons(self) -> dict[str, Person]:
        return {pid: Person.read(pid, p) for pid, p in self.people.items()}

    def person(self, pid: str | None) -> Person | None:
        return self.persons.get(pid or "")

    def place(self, ident: str) -> Place | None:
        raw = self.places.get(ident)
        return Place.read(ident, raw) if raw is not None else None

    def country(self, code: str) -> Country | None:
        raw = self.countries.get(code)
        return Country.read(code, raw) if raw is not None else None

    def org(self, ident: str) -> Org | None:
        raw = self.orgs.get(ident)
        return Org.read(ident, raw) if raw is not None else None

    def record(self, found_as: str, ident: str) -> Record | None:
        """The record a name form's reference points to (``found_as`` as in ``refs``), None if unknown."""
        if found_as in ("person", "surname"):
            return self.person(ident)
        if found_as in ("country", "adjective"):
            return self.country(ident)
        return self.place(ident) if found_as == "place" else self.org(ident) if found_as == "org" else None

    # --- name lookups ------------------------------------------------------------------------------

    def refs(self, key: str) -> list[tuple[str, str]]:
        """What a folded name form (``variants.fold``) names: (kind, id) pairs, kind as in ``record``."""
        return [(kind, ident) for kind, ident in self.data["patterns"].get(key, ())]

    def people_named(self, query: str) -> list[str]:
        """Ids of people whose name or alias (any script, any case form) matches ``query``; else those
        whose name contains it."""
        key = fold(query).strip()
        refs = self.refs(key)
        for suffix in sorted(self.name_suffixes, key=len, reverse=True):  # Жапаровтың, Путинге
            if refs:
                break
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                refs = self.refs(key[: -len(suffix)])
        ids = sorted({i for kind, i in refs if kind in ("person", "surname")})
        if not ids:
            ids = sorted(pid for pid, p in self.people.items() if key in fold(p["name"]))
        return ids

    def find(self, query: str, *, countries_by_name: bool = False) -> list[Hit]:
        """Everything known by this name form, in any script or case form: what the CLI's 'kb search', the
        API's /api/entities and the web app's search show.  Sorted by kind found as, then id; each record
        once (``_one_per_record``).  ``countries_by_name``: also countries whose code is the query or whose
        name contains it."""
        key = fold(query).strip()
        found = set(self.refs(key)) | {("person", pid) for pid in self.people_named(query)}
        if countries_by_name and key:
            found |= {("country", c) for c, d in self.countries.items() if key == c.lower() or key in fold(d["name"])}
        return sorted(self._one_per_record(found), key=lambda h: (h.found_as, h.record.id))

    def _one_per_record(self, found: set[tuple[str, str]]) -> list[Hit]:
        """One hit per record, as its best reading (``ENTITY_PRIORITY``): 'Путин' names Putin both as a
        person and as a surname, and a list that shows him twice reads as two people."""
        best: dict[tuple[type, str], Hit] = {}
        for kind, ident in sorted(found, key=lambda f: (ENTITY_PRIORITY.get(f[0], len(ENTITY_PRIORITY)), f[1])):
            rec = self.record(kind, ident)
            if rec is not None:
                best.setdefault((type(rec), rec.id), Hit(kind, rec))
        return list(best.values())

    # --- offices -----------------------------------------------------------------------------------

    def holder(self, country: str, role: str, date: str | None) -> str | None:
        """Who held ``role`` in ``country`` on ``date`` (None if unknown or ambiguous without a date)."""
        if role == "leader":
            role = self.leader_role(country)
        role = self.countries.get(country, {}).get("title_office", {}).get(role, role)  # Iran's president
        terms = self._holders.get((country, role), [])
        if date is None:
            return None
        hits = [pid for office, pid in terms if office.covers(date)]
        return hits[-1] if hits else None

    @cached_property
    def known_until(self) -> str:
        """The latest day the knowledge base records a change of office on: what it knows as current."""
        days = [d for person in self.persons.values() for o in person.offices for d in (o.start, o.end) if d]
        return max(days, default="2000-01-01")

    def leader_role(self, country: str) -> str:
        """The office that leads ``country`` (head of state unless the knowledge base says otherwise)."""
        return str(self.countries.get(country, {}).get("leader", "head_of_state"))

    def in_office(self, pid: str, lo: str, hi: str | None = None, elect: bool = True) -> bool:
        """``Person.in_office`` of a person by id; True for someone unknown (no reason to doubt the date)."""
        person = self.person(pid)
        return person is None or person.in_office(lo, hi, elect)

    def term_range(self, pid: str, role: str | None = None) -> tuple[str | None, str | None]:
        """``Person.term_range`` of a person by id; (None, None) for someone unknown."""
        person = self.person(pid)
        return person.term_range(role) if person else (None, None)

    def place_name(self, place_id: str, date: str | None) -> str:
        """The English name a place had on ``date`` (Nur-Sultan in 2021, Astana since 2022)."""
        place = self.place(place_id)
        if place is None:
            raise KeyError(place_id)
        return place.name_on(date)

    def lexicons_for(self, lang: str) -> list[Lexicon]:
        """The language's lexicon, then those of its record's fallbacks (a new list, the caller's to keep)."""
        got = self._lexicons_for.get(lang)
        if got is None:  # worked out once per language: the stages ask several times per document
            order = [lang, *self.languages.get(lang).fallbacks]
            got = self._lexicons_for[lang] = tuple(self.lexicons[x] for x in order if x in self.lexicons)
        return list(got)

    def lex_index(self, text: str, lang: str) -> LexIndex:
        """Where each phrase category of ``lang``'s lexicons may match in ``text``."""
        return index_text(text, [lex.heads for lex in self.lexicons_for(lang)])

    def lookup(self, text: str, lang: str) -> Lookup:
        """The phrase lookups of one document in ``lang`` (see ``Lookup``)."""
        return Lookup(self.lexicons_for(lang), self.lex_index(text, lang))


Span = tuple[int, int]


class Lookup:
    """One document's phrase lookups: its lexicons, where their phrases may start (its ``LexIndex``),
    and the phrase spans each sentence was read for.

    The stages take this one object, not lexicons and an optional index: one path whether or not
    the text could be indexed (an unknown index reads every list in full), and a list asked of a
    whole sentence per trigger or contact (past verbs, "multilateral") is run over it once.
    """

    __slots__ = ("lexicons", "index", "_spans")

    def __init__(self, lexicons: list[Lexicon], index: LexIndex | None = None) -> None:
        self.lexicons = lexicons
        self.index = index if index is not None else LexIndex(None)
        self._spans: dict[tuple[tuple[str, ...], int], list[Span]] = {}

    def spans(self, path: tuple[str, ...], text: str, offset: int = 0) -> list[Span]:
        """(start, end) in ``text`` (at ``offset`` in the document) of every phrase of ``path`` in the
        document's lexicons, lexicon by lexicon."""
        out: list[Span] = []
        where = self.index.where(path, offset, offset + len(text))  # asked once, not per lexicon
        if where is None:
            for lex in self.lexicons:
                rx = lex.regex(*path)
                if rx is not None:
                    out += [m.span() for m in rx.finditer(text)]
            return out
        starts, cut = where
        if not starts and not cut:
            return out  # most asks: no candidate in the text
        for lex in self.lexicons:
            rx = lex.regex(*path)
            if rx is not None:
                out += spans_at(rx, text, starts, offset, cut)
        return out

    def in_sentence(self, path: tuple[str, ...], sentence: Sentence) -> list[Span]:
        """``spans`` of a whole sentence (offsets in it), kept: for the lists a sentence is asked for again,
        per trigger or contact (a list read once per sentence is cheaper read with ``spans``)."""
        key = (path, sentence.start)
        got = self._spans.get(key)
        if got is None:
            got = self._spans[key] = self.spans(path, sentence.text, sentence.start)
        return got


# Which reading of a surface form wins when it names several kinds of entity.
# A bare surname shorter than this may be anyone's, or a word ("Lee", "May"): it needs its full name, a title
# beside it or a curated short form (``known_as``) to count as a leader.
SURNAME_ALONE = 5
# Between a country and the name it qualifies, as a possessive or an adjective ("Japan's Ishiba", "the Japanese
# Ishiba"): the entities stage lets it vouch for a short surname, the actors take the country as part of the name.
OWNER_GAP = re.compile(r"(?:['’]s)?\s{1,2}")
ENTITY_PRIORITY = {"person": 0, "country": 1, "place": 2, "org": 3, "adjective": 4, "surname": 5}
__all__ = ["OWNER_GAP", "ROLE_RANK", "Country", "Hit", "Kind", "Kinds", "KnowledgeBase", "Language", "Languages",
           "Lexicon", "Lookup", "Office", "Org", "Person", "Place", "Record", "any_phrase", "load_kb", "shipped_kinds",
           "word_list"]


def extra_dirs_from_env() -> list[Path]:
    raw = os.environ.get(ENV_EXTRA, "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def _sources_digest(dirs: list[Path]) -> str:
    """What a compiled knowledge base depends on: every source file's path and content."""
    h = hashlib.sha256()
    for d in dirs:
        for path in sorted(Path(d).rglob("*")):
            if path.is_file() and path.suffix in (".yaml", ".yml"):
                h.update(str(path.relative_to(d)).encode() + b"\0" + path.read_bytes() + b"\0")
        h.update(b"\1")
    return h.hexdigest()[:24]


def _cached_compile(dirs: list[Path]) -> dict[str, Any]:
    """Compile shipped + extension sources once; later runs load the result from the user's cache.

    The cache key is a digest of every source file, so editing an extension rebuilds it and
    nothing else does.  An unwritable cache only costs the compile time.
    """
    cache = Path(os.environ.get("SUMMITRY_CACHE") or user_cache_dir("summitry")) / f"kb-{_sources_digest(dirs)}.json"
    if cache.exists():
        try:
            return dict(json.loads(cache.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass  # a damaged cache file: compile again below
    data = compile_kb(dirs)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)  # atomic: a concurrent run never reads half a file
    except OSError:
        pass
    return data


def load_kb(extra_dirs: list[Path] | None = None) -> KnowledgeBase:
    """Load the shipped knowledge base, recompiling with user extension folders when given."""
    extra = list(extra_dirs or []) + extra_dirs_from_env()
    for d in extra:
        if not Path(d).is_dir():
            raise FileNotFoundError(f"knowledge extension folder not found: {d} (check --kb-extra / {ENV_EXTRA})")
    if extra:
        return KnowledgeBase(_cached_compile([SOURCE_DIR, *extra]))
    if not COMPILED_PATH.exists():
        raise FileNotFoundError(f"compiled knowledge base missing: {COMPILED_PATH}; run 'summitry kb build'")
    return KnowledgeBase(json.loads(COMPILED_PATH.read_text(encoding="utf-8")))


def shipped_kinds() -> Kinds:
    """The contact kinds of the knowledge base as shipped and as ``SUMMITRY_KB_EXTRA`` extends it: for the
    steps that run without a knowledge base at hand (merging stored mentions, exports)."""
    return _kinds_for(os.environ.get(ENV_EXTRA, ""))


@lru_cache(maxsize=4)
def _kinds_for(_extra: str) -> Kinds:
    """Compiled from the kinds files alone: a process that only merges or exports never parses kb.json."""
    return Kinds.read(compile_kinds([SOURCE_DIR, *extra_dirs_from_env()]))
