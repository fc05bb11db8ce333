"""The days every participant of a contact held office: the overlap of their terms.

A leader with a gap between terms (Lula 2003–2010 and since 2023, Orbán 1998–2002 and since 2010)
has two intervals (``Person.terms``), and a contact of his lies in one of them, never in the gap.
Days are ISO strings; an open end (still in office) is ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable

from summitry.knowledge import KnowledgeBase
from summitry.knowledge.records import Interval
from summitry.model import SENIOR_ROLES


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
    """The intervals in which every (person, role) held office (any senior one when he never held that
    role); None when nobody has known terms."""
    out: list[Interval] | None = None
    for pid, role in people:
        person = kb.person(pid)
        own = list((person.terms_in(role) if role in SENIOR_ROLES else ()) or person.terms) if person else []
        if not own:
            continue
        out = own if out is None else intersect(out, own)
    return out
