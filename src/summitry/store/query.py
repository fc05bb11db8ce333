"""WHERE clauses for event filters, shared by both back ends (SQLite spelling; the dialect adapts it).

Every user value is a bound parameter, and LIKE patterns escape their own % and _, so a filter
matches what it says literally whatever it contains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class EventFilter:
    country: list[str] | None = None
    person: str | None = None
    kind: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    topic: str | None = None


def where_clause(f: EventFilter) -> tuple[str, list[Any]]:
    if _has_nul(*(f.country or []), f.person, f.kind, f.status, f.topic, f.since, f.until):
        # LIKE stops at a NUL in SQLite (",\0" would match every event) and PostgreSQL refuses NUL in text;
        # no stored label has one, so such a filter matches nothing
        return "WHERE 1 = 0", []
    clauses: list[str] = []
    args: list[Any] = []
    for code in f.country or []:  # LIKE with % and _ escaped: "--country %" is no wildcard for every event
        clauses.append("countries LIKE ? ESCAPE '\\'")
        args.append(_like(f",{code.upper()},"))
    if f.person:
        clauses.append("people LIKE ? ESCAPE '\\'")
        args.append(_like(f.person))
    for col, val in (("kind", f.kind), ("status", f.status)):
        if val:
            clauses.append(f"{col} = ?")
            args.append(val)
    if f.topic:
        clauses.append("topics LIKE ? ESCAPE '\\'")
        args.append(_like(f",{f.topic},"))
    if f.since:
        clauses.append("COALESCE(date_end, date_start) >= ?")
        args.append(f.since)
    if f.until:
        clauses.append("date_start <= ?")
        args.append(f.until)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def _has_nul(*values: str | None) -> bool:
    return any(v and "\x00" in v for v in values)


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, with its own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def page_where(f: EventFilter, people: list[str] | None, query: str | None,
               json_text: Callable[..., str]) -> tuple[str, list[Any]]:
    """``_where`` plus any-of several person ids and a text query over events and their mentions.

    The query matches leaders' names, the city and any mention's evidence sentence (JSON values
    only, never the keys: 'role' must not match every event).  LIKE folds case for ASCII only, so
    the query is also tried lower-cased and capitalised (enough for Cyrillic names in either case).
    ``json_text(column, *keys)`` is the dialect's SQL for one JSON value as text.
    """
    if _has_nul(*(people or []), query):
        return "WHERE 1 = 0", []  # as in where_clause
    where, args = where_clause(f)
    clauses = [where[len("WHERE "):]] if where else []
    if people:
        clauses.append("(" + " OR ".join("people LIKE ? ESCAPE '\\'" for _ in people) + ")")
        args += [_like(p) for p in people]
    if query and query.strip():
        forms = sorted({query.strip(), query.strip().lower(), query.strip().capitalize()})
        one = (f"(people LIKE ? ESCAPE '\\' OR {json_text('events.data', 'location', 'city')} LIKE ? ESCAPE '\\' "
               "OR EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
               f"WHERE em.event_id = events.id AND {json_text('m.data', 'evidence')} LIKE ? ESCAPE '\\'))")
        clauses.append("(" + " OR ".join(one for _ in forms) + ")")
        for form in forms:
            args += [_like(form)] * 3
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
