"""Terms in office as intervals: who could have taken part in a contact on a given day.

A leader with a gap between terms (Lula 2003–2010 and since 2023, Orbán 1998–2002 and since 2010)
has two intervals, and a contact of his lies in one of them, never in the gap.  Days are ISO
strings; an open end (still in office) is ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from summitry.knowledge import KnowledgeBase

Interval = tuple[str | None, str | None]
SENIOR = ("head_of_state", "head_of_government", "foreign_minister")
# A leader-elect meets counterparts in the months between the election and the inauguration.
ELECT_DAYS = 120


def terms(kb: KnowledgeBase, pid: str, role: str | None = None) -> list[Interval]:
    """The person's senior offices (of ``role`` if given) as merged intervals, oldest first.

    Acting terms count only for someone who never held the office in full, as in ``term_range``.
    """
    return list(_terms(kb, pid, role))


@lru_cache(maxsize=8192)
def _terms(kb: KnowledgeBase, pid: str, role: str | None) -> tuple[Interval, ...]:
    """``terms``, worked out once per person and role (every contact of every document asks)."""
    offices = [o for o in kb.people.get(pid, {}).get("offices", [])
               if o["role"] in SENIOR and role in (None, o["role"])]
    offices = [o for o in offices if not o.get("acting")] or offices
    spans = sorted((((o["start"] or "0001-01-01"), o["end"]) for o in offices), key=lambda se: (se[0], se[1] or "9999"))
    merged: list[list[str | None]] = []
    for start, end in spans:
        if merged and (merged[-1][1] is None or _next_day(merged[-1][1]) >= start):  # type: ignore[arg-type]
            last = merged[-1][1]
            merged[-1][1] = None if last is None or end is None else max(last, end)
        else:
            merged.append([start, end])
    return tuple((None if s == "0001-01-01" else s, e) for s, e in merged)


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def _days_before(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=n)).isoformat()


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """Where both lists of intervals hold."""
    out: list[Interval] = []
    for s1, e1 in a:
        for s2, e2 in b:
            lo = max(filter(None, (s1, s2)), default=None)
            hi = min(filter(None, (e1, e2)), default=None)
            if lo is None or hi is None or lo <= hi:
                out.append((lo, hi))
    return sorted(out, key=lambda iv: iv[0] or "")


def common_terms(kb: KnowledgeBase, people: Iterable[tuple[str, str | None]]) -> list[Interval] | None:
    """The intervals in which every (person, role) held office; None when nobody has known terms."""
    out: list[Interval] | None = None
    for pid, role in people:
        own = terms(kb, pid, role if role in SENIOR else None) or terms(kb, pid)
        if not own:
            continue
        out = own if out is None else intersect(out, own)
    return out


def in_office(kb: KnowledgeBase, pid: str, lo: str, hi: str | None = None, elect: bool = True) -> bool:
    """Whether the person held a senior office at some day of ``[lo, hi]`` (or was its leader-elect)."""
    hi = hi or lo
    for start, end in terms(kb, pid):
        begin = _days_before(start, ELECT_DAYS) if (start and elect) else start
        if (begin is None or begin <= hi) and (end is None or lo <= end):
            return True
    return not terms(kb, pid)  # nothing known about the person: no reason to doubt the date


@lru_cache(maxsize=4)
def known_until(kb: KnowledgeBase) -> str:
    """The latest day the knowledge base records a change of office on: what it knows as current."""
    days = [d for person in kb.people.values() for o in person.get("offices", []) for d in (o["start"], o["end"]) if d]
    return max(days, default="2000-01-01")
