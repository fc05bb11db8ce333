"""Typed records of the knowledge base: people with their offices, places, countries, organisations,
contact kinds.

The compiled knowledge base is JSON (``compiled/kb.json``) and the stages read it as dicts; these
records are read from it once (``KnowledgeBase.person`` and the like), so a question such as "who
held which office on this day" is answered in one place (``Office.covers``, ``Person.office_on``,
``Person.in_office``) instead of by every module that needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from summitry.model import SENIOR_ROLES

# How senior an office is: the head of state first (the order of SENIOR_ROLES).
ROLE_RANK = {role: rank for rank, role in enumerate(SENIOR_ROLES)}
# A leader-elect meets counterparts in the months between the election and the inauguration.
ELECT_DAYS = 120
Interval = tuple[str | None, str | None]  # ISO days; None: open (since ever, until now)


@dataclass(frozen=True)
class Office:
    """One term of one office; ``end`` None while it is held."""

    country: str
    role: str
    start: str | None
    end: str | None
    acting: bool = False
    appointed: bool = False  # appointed, not elected: no leader-elect months before the term

    def covers(self, day: str) -> bool:
        """Whether the office was held on ``day``."""
        return (self.start or "") <= day and (self.end is None or day <= self.end)

    def elect(self, day: str) -> bool:
        """Whether its holder was the leader-elect on ``day``: the term starts within ``ELECT_DAYS`` after it."""
        if not self.start or self.start <= day or self.appointed:
            return False
        return (dt.date.fromisoformat(self.start) - dt.date.fromisoformat(day)).days <= ELECT_DAYS

    def distance(self, day: str) -> int:
        """Days from ``day`` to the nearest day of the term (0 inside it)."""
        d = dt.date.fromisoformat(day)
        start = dt.date.fromisoformat(self.start) if self.start else d
        end = dt.date.fromisoformat(self.end) if self.end else d
        return 0 if start <= d <= end else min(abs((start - d).days), abs((end - d).days))

    @classmethod
    def read(cls, raw: dict[str, Any]) -> Office:
        return cls(raw["country"], raw["role"], raw["start"], raw["end"], bool(raw.get("acting")),
                   bool(raw.get("appointed")))


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    country: str
    offices: tuple[Office, ...]
    born: str | None = None

    def office_on(self, day: str | None) -> Office | None:
        """The most senior office held on ``day``, else the nearest in time; without a day, the most senior."""
        if not self.offices:
            return None
        if day:
            # the first by seniority that covers the day (``min`` over those would pick the same one)
            current = next((o for o in self._by_rank if (o.start or "") <= day and (o.end is None or day <= o.end)),
                           None)
            if current is not None:
                return current
            return min(self.offices, key=lambda o: o.distance(day))
        return self._by_rank[0]

    @cached_property
    def _by_rank(self) -> tuple[Office, ...]:
        """The offices, most senior first (in their listed order among equals, as ``min`` picks): every
        name of every sentence asks ``office_on``."""
        return tuple(sorted(self.offices, key=lambda o: ROLE_RANK[o.role]))

    def term_range(self, role: str | None = None) -> Interval:
        """Earliest start and latest end of the offices (of ``role`` if given; end None = still in office).

        Acting terms count only for someone who never held the office in full: news calls an
        interim leader "acting", so "President X" means the full term.
        """
        offices = [o for o in self.offices if role in (None, o.role)]
        offices = [o for o in offices if not o.acting] or offices
        if not offices:
            return None, None
        starts = [o.start for o in offices if o.start]
        ends = [o.end for o in offices]
        return (min(starts) if starts else None), (None if None in ends else max(e for e in ends if e))

    @property
    def terms(self) -> tuple[Interval, ...]:
        """The senior offices as merged intervals, oldest first (a gap between terms stays a gap).

        Acting terms count only for someone who never held the office in full, as in ``term_range``.
        """
        return self._terms[None]

    def terms_in(self, role: str | None) -> tuple[Interval, ...]:
        """``terms`` of one senior office (all of them for None); () for any other role."""
        return self._terms.get(role, ())

    @cached_property
    def _terms(self) -> dict[str | None, tuple[Interval, ...]]:
        """``terms_in`` of every senior role, worked out once (every contact of every document asks)."""
        return {role: _merged([o for o in self.offices if o.role in SENIOR_ROLES and role in (None, o.role)])
                for role in (None, *SENIOR_ROLES)}

    def in_office(self, lo: str, hi: str | None = None, elect: bool = True) -> bool:
        """Whether a senior office was held on some day of ``[lo, hi]`` (or, with ``elect``, the person
        was its leader-elect); True when no term is known: no reason to doubt the date."""
        hi = hi or lo
        for begin, end in (self._elect_terms if elect else self.terms):
            if (begin is None or begin <= hi) and (end is None or lo <= end):
                return True
        return not self.terms

    @cached_property
    def _elect_terms(self) -> tuple[Interval, ...]:
        """``terms`` with each start moved ``ELECT_DAYS`` earlier (the leader-elect's months), worked out
        once: every dated contact asks, and parsing the days each time was most of ``in_office``.  An appointed
        term has no leader-elect months before it."""
        appointed = {o.start for o in self.offices if o.appointed}
        return tuple((_days_before(start, ELECT_DAYS) if start and start not in appointed else start, end)
                     for start, end in self.terms)

    @classmethod
    def read(cls, pid: str, raw: dict[str, Any]) -> Person:
        return cls(pid, raw["name"], raw["country"], tuple(Office.read(o) for o in raw.get("offices", [])),
                   raw.get("born"))


@dataclass(frozen=True)
class FormerName:
    """A name a place had for a while (Nur-Sultan, 2019–2022)."""

    name: str
    start: str | None
    end: str | None

    def covers(self, day: str) -> bool:
        return (self.start or "") <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    country: str
    kind: str  # city, venue, ...
    city: str | None = None  # a venue's city
    former: tuple[FormerName, ...] = ()

    def name_on(self, day: str | None) -> str:
        """The English name the place had on ``day`` (Nur-Sultan in 2021, Astana since 2022)."""
        for f in self.former:
            if day and f.covers(day):
                return f.name
        return self.name

    @classmethod
    def read(cls, ident: str, raw: dict[str, Any]) -> Place:
        former = tuple(FormerName(str(f["name"]), f["start"], f["end"]) for f in raw.get("former") or [])
        return cls(ident, str(raw["name"]), raw["country"], raw["kind"], raw.get("city"), former)


@dataclass(frozen=True)
class Country:
    id: str  # ISO 3166 alpha-3
    name: str
    iso2: str | None = None
    leader: str = "head_of_state"  # the office that leads it
    capital: str | None = None
    un_member: bool = False

    @classmethod
    def read(cls, iso3: str, raw: dict[str, Any]) -> Country:
        return cls(iso3, raw["name"], raw.get("iso2"), raw.get("leader", "head_of_state"), raw.get("capital"),
                   bool(raw.get("un_member")))


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    members: tuple[str, ...]

    @classmethod
    def read(cls, ident: str, raw: dict[str, Any]) -> Org:
        return cls(ident, raw["name"], tuple(raw.get("members") or []))


Record = Person | Country | Place | Org


@dataclass(frozen=True)
class Hit:
    """A record a name form names, and as what: person, surname, country, adjective, place or org."""

    found_as: str
    record: Record


def _merged(offices: list[Office]) -> tuple[Interval, ...]:
    """Terms as intervals, overlapping or adjacent ones merged; acting ones only when there is no other."""
    offices = [o for o in offices if not o.acting] or offices
    spans = sorted((((o.start or "0001-01-01"), o.end) for o in offices), key=lambda se: (se[0], se[1] or "9999"))
    merged: list[list[str | None]] = []
    for start, end in spans:
        last = merged[-1][1] if merged else None
        if merged and (last is None or _next_day(last) >= start):
            merged[-1][1] = None if last is None or end is None else max(last, end)
        else:
            merged.append([start, end])
    return tuple((None if s == "0001-01-01" else s, e) for s, e in merged)


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _days_before(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=n)).isoformat()


@dataclass(frozen=True)
class Kind:
    """One kind of contact (``source/kinds.yaml``): how the text reports it and how exports code it."""

    name: str
    trigger: tuple[str, ...]  # the lexicon list of its trigger phrases
    precedence: int  # lower wins when a sentence reports two kinds for the same countries
    has_place: bool
    cameo: str  # a placed contact's code comes from its place (``cameo_at``)
    plover_mode: str | None  # None: told from the place
    label: str
    plural: str
    mark: str = "•"  # what the CLI's timeline shows before it

    def cameo_at(self, place: str | None, countries: Iterable[str]) -> str:
        """The event's CAMEO code: 042 held in a participant's country, 044 elsewhere, else the row's."""
        if not self.has_place or not place:
            return self.cameo
        return "044" if place not in set(countries) else "042"

    @classmethod
    def read(cls, name: str, raw: dict[str, Any]) -> Kind:
        return cls(name, tuple(raw["trigger"]), int(raw["precedence"]), bool(raw["has_place"]), str(raw["cameo"]),
                   raw.get("plover_mode"), str(raw["label"]), str(raw["plural"]), str(raw.get("mark") or "•"))


@dataclass(frozen=True)
class Kinds:
    """The table of contact kinds, most preceding first; a kind it lacks (read from an older store) is
    a placed contact coded 040."""

    rows: tuple[Kind, ...]

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.rows)

    @cached_property
    def triggers(self) -> tuple[tuple[str, ...], ...]:
        """The lexicon lists that report a contact, one per kind."""
        return tuple(k.trigger for k in self.rows)

    @cached_property
    def _by_name(self) -> dict[str, Kind]:
        return {k.name: k for k in self.rows}

    def __getitem__(self, name: str) -> Kind:
        found = self._by_name.get(name)
        if found is None:
            return Kind(name, ("triggers", name), len(self.rows) + 1, True, "040", None, name.capitalize(),
                        name.capitalize() + "s")
        return found

    def first(self, names: Iterable[str]) -> str:
        """The most preceding of ``names`` (one of them)."""
        return min(names, key=lambda n: self[n].precedence)

    @classmethod
    def read(cls, raw: dict[str, dict[str, Any]]) -> Kinds:
        rows = sorted((Kind.read(name, r) for name, r in raw.items()), key=lambda k: (k.precedence, k.name))
        return cls(tuple(rows))
