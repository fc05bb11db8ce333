"""Relations at a glance: pair rankings, a country's or a leader's contacts, facet counts, the timeline's
aggregates and the map's places and links, all computed from light event rows ("facts").

Aggregates run in Python over the rows a selection returns (two small queries, no mentions read), so
the CLI (``summitry pairs``/``stats``), the API and the web pages count alike on both store engines.
Years: an event counts in a year only when its whole date range lies inside it (``when.period``);
the others are counted apart as ``undated``, never on their lower bound.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain, combinations
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from summitry import jsonio
from summitry.knowledge import shipped_kinds
from summitry.model import ROLES
from summitry.store.select import Selection, date_rows, facet_rows, light_rows, sources
from summitry.when import describe, period


# Named tuples, not frozen dataclasses: a page of the timeline builds one Fact and a few Persons per
# event, and at 10,000 events a frozen dataclass's __init__ alone took a third of the time.
class Person(NamedTuple):
    country: str
    person_id: str | None
    name: str | None
    role: str


class Fact(NamedTuple):
    """What the aggregates need of one event."""

    id: str
    kind: str
    status: str
    date: str | None
    start: str | None
    end: str | None
    countries: tuple[str, ...]
    people: tuple[Person, ...]
    city: str | None
    place_country: str | None
    topics: tuple[str, ...]
    confidence: float
    langs: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()

    @property
    def year(self) -> str | None:
        return period(self.date, self.start, self.end, 4)

    @property
    def when(self) -> str:
        return describe(self.date, self.start, self.end)

    @property
    def first(self) -> str | None:
        return self.date or self.start

    @property
    def last(self) -> str | None:
        return self.date or self.end


def outlet(url: str | None) -> str:
    """The outlet a document came from: its URL's host without ``www.``, or "-" when it has no URL."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or "-"


def load(store: Any, sel: Selection) -> list[Fact]:
    """The facts of every event ``sel`` selects."""
    facts = []
    for event_id, kind, status, start, end, _countries, data in light_rows(store, sel):
        d = jsonio.loads(data)
        people = tuple(Person(p["country"], p.get("person_id"), p.get("person"), p.get("role") or "other")
                       for p in d.get("participants") or [])
        loc = d.get("location") or {}
        facts.append(Fact(event_id, kind, status, d.get("date"), start, end,
                          tuple(dict.fromkeys(p.country for p in people)), people, loc.get("city"),
                          loc.get("country"), tuple(d.get("topics") or []), float(d.get("confidence") or 0)))
    return facts


def load_for_facets(store: Any, sel: Selection) -> list[Fact]:
    """Facts with what ``facets`` tests and counts: countries, kind, status, topics, the roles held (people
    of no name or country), confidence, and the languages and outlets of their sources.  Read from columns
    and the engine's JSON functions, no event's JSON parsed here: what took most of the facet counts' time."""
    langs: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    for event_id, lang, url in sources(store, sel):
        if lang:
            langs[event_id].add(lang)
        outlets[event_id].add(outlet(url))
    return [Fact(event_id, kind, status, None, None, None, tuple(dict.fromkeys(c for c in countries.split(",") if c)),
                 tuple(Person("", None, None, role) for role, held in zip(ROLES, held_roles, strict=True) if held),
                 None, None, tuple(t for t in topics.split(",") if t), float(confidence or 0),
                 frozenset(langs.get(event_id, ())), frozenset(outlets.get(event_id, ())))
            for event_id, kind, status, countries, topics, confidence, *held_roles in facet_rows(store, sel)]


def load_dates(store: Any, sel: Selection) -> list[Fact]:
    """Facts with only kind, status and dates (no participants): enough for the timeline's window and counts,
    and read without parsing any event's JSON (a third of the time of ``load`` at 10,000 events)."""
    return [Fact(event_id, kind, status, None, start, end, (), (), None, None, (), 0.0)
            for event_id, kind, status, start, end in date_rows(store, sel)]


# --- the selection's conditions in Python (facet counts) ----------------------------------------------

def _tests(sel: Selection) -> dict[str, Any]:
    """One test per facet condition ``sel`` sets: the same conditions ``select.where`` writes in SQL."""
    tests: dict[str, Any] = {}
    if sel.country:
        tests["country"] = lambda f: all(c.upper() in f.countries for c in sel.country)
    if sel.any_country:
        wanted = {c.upper() for c in sel.any_country}
        tests["any_country"] = lambda f: bool(wanted & set(f.countries))
    for name in ("kind", "status"):
        value = getattr(sel, name)
        if value:
            tests[name] = lambda f, n=name, v=value: getattr(f, n) == v
    if sel.topic:
        tests["topic"] = lambda f: sel.topic in f.topics
    if sel.role:
        tests["role"] = lambda f: any(p.role == sel.role for p in f.people)
    if sel.lang:
        tests["lang"] = lambda f: sel.lang in f.langs
    if sel.source:
        tests["source"] = lambda f: sel.source.lower().removeprefix("www.") in f.outlets
    if sel.min_confidence is not None:
        tests["min_confidence"] = lambda f: f.confidence >= sel.min_confidence
    return tests


def passes(fact: Fact, sel: Selection) -> bool:
    return all(test(fact) for test in _tests(sel).values())


def facets(facts: Iterable[Fact], sel: Selection, groups: dict[str, Iterable[str]]) -> dict[str, Any]:
    """How many events each filter value would leave, the other filters kept (``facts``: ``load_for_facets`` of
    ``sel.base()``).

    ``groups``: organisation id → member countries; a group counts the events one of its members is in.
    An event failing one condition counts for that condition's facet only; one failing two, for none.
    Each facet is one ``Counter`` over the events it counts (a count per value per event, in C).
    """
    tests = _tests(sel)
    by_failed: dict[str | None, list[Fact]] = defaultdict(list)  # the one condition failed (None: none)
    for f in facts:
        failed = [name for name, test in tests.items() if not test(f)] if tests else []
        if len(failed) <= 1:
            by_failed[failed[0] if failed else None].append(f)
    groups_of: dict[str, set[str]] = defaultdict(set)  # country → the groups it is in: one lookup per country
    for g, members in groups.items():
        for c in members:
            groups_of[c].add(g)
    floors = ("0.5", "0.7", "0.9")
    values: dict[str, tuple[str, Any]] = {  # facet → (the condition it is counted without, an event's values)
        "country": ("any_country" if sel.any_country else "country", lambda f: f.countries),
        "group": ("any_country", lambda f: set().union(*(groups_of.get(c, ()) for c in f.countries))),
        "kind": ("kind", lambda f: (f.kind,)), "status": ("status", lambda f: (f.status,)),
        "topic": ("topic", lambda f: set(f.topics)), "role": ("role", lambda f: {p.role for p in f.people}),
        "lang": ("lang", lambda f: f.langs), "source": ("source", lambda f: f.outlets),
        "confidence": ("min_confidence", lambda f: [t for t in floors if f.confidence >= float(t)]),
    }
    counts = {facet: Counter(chain.from_iterable(map(of, by_failed.get(None, []) + by_failed.get(dim, []))))
              for facet, (dim, of) in values.items()}
    return {"total": len(by_failed.get(None, [])), **{k: dict(c.most_common()) for k, c in counts.items()}}


# --- rankings and profiles ----------------------------------------------------------------------------

def _kinds(facts: Iterable[Fact]) -> dict[str, int]:
    c = Counter(f.kind for f in facts)
    return {k: c[k] for k in shipped_kinds().names}


def _span(facts: list[Fact]) -> dict[str, str | None]:
    firsts = [f.first for f in facts if f.first]
    lasts = [f.last for f in facts if f.last]
    return {"first": min(firsts, default=None), "last": max(lasts, default=None)}


def pairs(facts: Iterable[Fact], country: str | None = None) -> list[dict[str, Any]]:
    """Country pairs ranked by contacts (a multilateral event counts for each pair it joins), with the
    calls, meetings and planned ones, and the first and last known date."""
    by_pair: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        for a, b in combinations(sorted(f.countries), 2):
            if country in (None, a, b):
                by_pair[(a, b)].append(f)
    rows = [{"a": a, "b": b, "total": len(fs), **_kinds(fs), "planned": sum(f.status == "planned" for f in fs),
             **_span(fs)} for (a, b), fs in by_pair.items()]
    return sorted(rows, key=lambda r: (-r["total"], r["a"], r["b"]))


def years(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    """Calls and meetings per year, every year from the first to the last, undated (``year`` null) last."""
    rows: dict[str | None, Counter[str]] = defaultdict(Counter)
    for f in facts:
        row = rows[f.year]
        row[f.kind] += 1
        row["planned"] += f.status == "planned"
        row["total"] += 1
    dated = sorted(y for y in rows if y)
    for y in range(int(dated[0]), int(dated[-1]) + 1) if dated else ():
        rows.setdefault(str(y), Counter())
    order = sorted(rows, key=lambda y: (y is None, y or ""))
    return [{"year": y, **{k: rows[y][k] for k in (*shipped_kinds().names, "planned", "total")}} for y in order]


def places(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    placed = shipped_kinds()
    c = Counter((f.city, f.place_country) for f in facts if placed[f.kind].has_place and (f.city or f.place_country))
    return [{"city": city, "country": cc, "meetings": n} for (city, cc), n in c.most_common()]


def profile(facts: list[Fact], *, country: str | None = None, person: str | None = None) -> dict[str, Any]:
    """A country's (``country``) or a leader's (``person``: id) contacts: per year, by kind and by role of
    their own side, counterpart countries and leaders ranked, and the places of their meetings."""
    mine = [f for f in facts if (country in f.countries if country else any(p.person_id == person for p in f.people))]

    def own(p: Person) -> bool:
        return p.country == country if country else p.person_id == person

    roles: Counter[str] = Counter()
    leaders: dict[tuple[str | None, str | None, str], list[Fact]] = defaultdict(list)
    others: dict[str, list[Fact]] = defaultdict(list)
    people: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in mine:
        roles.update({p.role for p in f.people if own(p)})
        for key in {(p.person_id, p.name, p.country) for p in f.people if own(p) and p.person_id}:
            leaders[key].append(f)
        for c in {p.country for p in f.people if not own(p)} - ({country} if country else set()):
            others[c].append(f)
        for p in {(p.person_id, p.name or p.person_id) for p in f.people if p.person_id and not own(p)}:
            people[p].append(f)
    counterparts: list[dict[str, Any]] = [{"country": c, "total": len(fs), **_kinds(fs), **_span(fs)}
                                          for c, fs in others.items()]
    counterpart_people: list[dict[str, Any]] = [{"person_id": pid, "name": name, "country": next(
        (p.country for f in fs for p in f.people if p.person_id == pid), None), "total": len(fs), **_kinds(fs)}
        for (pid, name), fs in people.items()]
    leader_rows: list[dict[str, Any]] = [{"person_id": pid, "name": name, "country": cc, "total": len(fs),
                                          **_kinds(fs)} for (pid, name, cc), fs in leaders.items()]
    return {
        "total": len(mine), "by_kind": _kinds(mine),
        "by_status": dict(Counter(f.status for f in mine)),
        "by_role": {r: roles[r] for r in ROLES if roles[r]},
        "years": years(mine), **_span(mine),
        "counterparts": sorted(counterparts, key=lambda r: (-r["total"], r["country"]))[:50],
        "counterpart_leaders": sorted(counterpart_people, key=lambda r: (-r["total"], r["name"] or ""))[:50],
        "leaders": sorted(leader_rows, key=lambda r: -r["total"])[:20],
        "places": places(mine)[:50],
    }
