"""The knowledge base at run time: entities, offices with their terms, lexicons, and the scanner.

Loaded from the compiled artefact the package ships (``compiled/kb.json``); when the user adds
extension folders, the sources are recompiled together with them.  The Aho–Corasick automaton
finds every known surface form in one pass over a document, which keeps the cost per document
independent of how many names the knowledge base holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import ahocorasick
from platformdirs import user_cache_dir

from summitry.knowledge.build import COMPILED_PATH, SOURCE_DIR, compile_kb
from summitry.knowledge.gate import Gate, name_set, role_words, trigger_words
from summitry.knowledge.lexindex import LexIndex, build_automaton, index_text
from summitry.knowledge.variants import fold

ENV_EXTRA = "SUMMITRY_KB_EXTRA"


# "~" in a phrase stands for one to four words: "invited ~ to" matches "invited the Uzbek leader to".
GAP = r"\S+(?:\s+\S+){0,3}?"


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

    def memo(self, key: str, build: Callable[[Lexicon], Any]) -> Any:
        """Something a stage derives from this lexicon once (compiled patterns), kept with it."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

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

    def entries(self) -> list[tuple[tuple[str, ...], list[str]]]:
        """Every phrase category of the lexicon with its entries (what ``regex`` compiles)."""
        out: list[tuple[tuple[str, ...], list[str]]] = []
        for key in ("future", "past_reference", "reporting_verbs", "year_words", "group_refs", "discussion",
                    "future_infinitive", "past_verbs", "proxy_after", "proxy_before", "pronouns", "non_leaders",
                    "object_pronouns", "first_person", "content", "topic_before", "content_after", "honorifics",
                    "factual_infinitive", "named_after", "named_after_before"):
            out.append(((key,), [str(e) for e in self.raw.get(key) or []]))
        for group in ("roles", "triggers", "topics", "frames", "modality", "restated"):
            for name, entries in (self.raw.get(group) or {}).items():
                out.append(((group, name), [str(e) for e in entries or []]))
        for key in ("weekdays", "relative_days", "relative_periods", "months", "month_parts", "seasons", "day_offsets",
                    "same_day"):
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


class KnowledgeBase:
    """Read-only view of the compiled knowledge base with the lookups the pipeline needs."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.version: str = data.get("version", "")
        self.countries: dict[str, dict[str, Any]] = data["countries"]
        self.people: dict[str, dict[str, Any]] = data["people"]
        self.places: dict[str, dict[str, Any]] = data["places"]
        self.orgs: dict[str, dict[str, Any]] = data["orgs"]
        self.lexicons = {lang: Lexicon(lang, lex) for lang, lex in data["lang"].items()}
        self._holders = self._index_offices()

    @cached_property
    def automaton(self) -> Any:
        auto = ahocorasick.Automaton()
        proper = {"person", "surname", "country", "place"}
        for key, refs in self.data["patterns"].items():
            # What scan needs per hit, computed once: (key, len, all refs are proper names, ends in a
            # Cyrillic letter, first ref's kind, the preferred kind, its id — "a|b" when ambiguous).
            kind = min((k for k, _ in refs), key=lambda k: ENTITY_PRIORITY.get(k, 9))
            ident = "|".join(sorted(i for k, i in refs if k == kind))
            auto.add_word(key, (key, len(key), all(k in proper for k, _ in refs), "\u0400" <= key[-1] <= "\u04ff",
                                refs[0][0], kind, ident))
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
                elif path in (("triggers", "call"), ("triggers", "meeting")):
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

    @cached_property
    def name_suffixes(self) -> frozenset[str]:
        out: set[str] = set()
        for lex in self.lexicons.values():
            out |= {fold(str(s)) for s in lex.raw.get("name_suffixes") or []}
        return frozenset(out)

    def _index_offices(self) -> dict[tuple[str, str], list[tuple[str, str | None, str]]]:
        idx: dict[tuple[str, str], list[tuple[str, str | None, str]]] = {}
        for pid, person in self.people.items():
            for off in person["offices"]:
                idx.setdefault((off["country"], off["role"]), []).append((off["start"] or "", off["end"], pid))
        for terms in idx.values():
            terms.sort()
        return idx

    def holder(self, country: str, role: str, date: str | None) -> str | None:
        """Who held ``role`` in ``country`` on ``date`` (None if unknown or ambiguous without a date)."""
        if role == "leader":
            role = self.countries.get(country, {}).get("leader", "head_of_state")
        terms = self._holders.get((country, role), [])
        if date is None:
            return None
        hits = [pid for start, end, pid in terms if start <= date and (end is None or date <= end)]
        return hits[-1] if hits else None

    def office_at(self, pid: str, date: str | None) -> dict[str, Any] | None:
        """The person's office on ``date``; without a date, their most senior office."""
        offices = self.people.get(pid, {}).get("offices", [])
        if not offices:
            return None
        if date:
            current = [o for o in offices if (o["start"] or "") <= date and (o["end"] is None or date <= o["end"])]
            if current:
                return min(current, key=lambda o: ROLE_RANK[o["role"]])
            return min(offices, key=lambda o: _distance(o, date))
        return min(offices, key=lambda o: ROLE_RANK[o["role"]])

    def term_range(self, pid: str, role: str | None = None) -> tuple[str | None, str | None]:
        """Earliest start and latest end of the person's offices (end None = still in office).

        Acting terms count only for someone who never held the office in full: news calls an
        interim leader "acting", so "President X" means the full term.
        """
        offices = [o for o in self.people.get(pid, {}).get("offices", []) if role in (None, o["role"])]
        offices = [o for o in offices if not o.get("acting")] or offices
        if not offices:
            return None, None
        starts = [o["start"] for o in offices if o["start"]]
        ends = [o["end"] for o in offices]
        return (min(starts) if starts else None), (None if None in ends else max(e for e in ends if e))

    def place_name(self, place_id: str, date: str | None) -> str:
        """The English name a place had on ``date`` (Nur-Sultan in 2021, Astana since 2022)."""
        place = self.places[place_id]
        for f in place.get("former") or []:
            if date and (f["start"] or "") <= date and (f["end"] is None or date <= f["end"]):
                return str(f["name"])
        return str(place["name"])

    def lexicons_for(self, lang: str) -> list[Lexicon]:
        order = [lang] + (["ru"] if lang in ("kk", "ky") else [])
        return [self.lexicons[x] for x in order if x in self.lexicons]

    def lex_index(self, text: str, lang: str) -> LexIndex:
        """Where each phrase category of ``lang``'s lexicons may match in ``text``."""
        return index_text(text, [lex.heads for lex in self.lexicons_for(lang)])


# Which reading of a surface form wins when it names several kinds of entity.
ENTITY_PRIORITY = {"person": 0, "country": 1, "place": 2, "org": 3, "adjective": 4, "surname": 5}
ROLE_RANK = {"head_of_state": 0, "head_of_government": 1, "foreign_minister": 2}


def _distance(office: dict[str, Any], date: str) -> int:
    d = dt.date.fromisoformat(date)
    start = dt.date.fromisoformat(office["start"]) if office["start"] else d
    end = dt.date.fromisoformat(office["end"]) if office["end"] else d
    return 0 if start <= d <= end else min(abs((start - d).days), abs((end - d).days))


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
