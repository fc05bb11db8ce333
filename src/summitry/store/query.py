"""WHERE clauses for event filters, shared by both back ends (SQLite spelling; the dialect adapts it).

Every user value is a bound parameter, and LIKE patterns escape their own % and _, so a filter
matches what it says literally whatever it contains.  The text query goes through the store's
text index (``events_fts``): it is reduced to folded words here, so no character a user types
ever reaches the full-text query syntax of either engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
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
    # A range event matches when its range overlaps [since, until]; an unknown end is its known one.
    if f.since:
        clauses.append("COALESCE(date_end, date_start) >= ?")
        args.append(f.since)
    if f.until:
        clauses.append("COALESCE(date_start, date_end) <= ?")
        args.append(f.until)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def _has_nul(*values: str | None) -> bool:
    return any(v and "\x00" in v for v in values)


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, with its own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script: what the unicode61 tokenizer keeps


def fold_search(text: str) -> str:
    """Case and diacritics folded the same way for every script ("Жапаровым" → "жапаровым", "Ö" → "o").

    Done here rather than by the engines, so SQLite and PostgreSQL (whose lower-casing depends on the
    database's locale: ASCII only under "C") index and query exactly the same words.
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def search_words(*texts: str | None | Iterable[str | None]) -> list[str]:
    """The distinct folded words of an event's searchable texts (or of a query), first occurrence first.

    Distinct because the index only needs each word once: an event with thousands of mentions
    would otherwise repeat every word of its evidence thousands of times.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for part in [text] if text is None or isinstance(text, str) else text:
            if part:
                seen.update(dict.fromkeys(_WORD.findall(fold_search(part))))
    return list(seen)


TextMatch = Callable[[list[str]], tuple[str, list[Any]]]


def page_where(f: EventFilter, people: list[str] | None, query: str | None,
               json_text: Callable[..., str], text_match: TextMatch | None = None) -> tuple[str, list[Any]]:
    """``_where`` plus any-of several person ids and a text query over events and their mentions.

    The query matches leaders' names, the city and any mention's evidence sentence (JSON values
    only, never the keys: 'role' must not match every event).  With the store's text index
    (``text_match(words)``: the engine's clause for events having every word or a word beginning
    with it, ``select._text_clause``), each word of the query must begin a word of the event in any
    case or script; a query without letters or digits matches nothing.  Without the index (a store
    of schema 1 opened read-only: upgrading needs a write) the old substring search runs over the
    JSON, slowly: LIKE folds case for ASCII only, so it also tries the query lower-cased and
    capitalised.
    ``json_text(column, *keys)`` is the dialect's SQL for one JSON value as text.
    """
    if _has_nul(*(people or []), query):
        return "WHERE 1 = 0", []  # as in where_clause
    where, args = where_clause(f)
    clauses = [where[len("WHERE "):]] if where else []
    if people:
        clauses.append("(" + " OR ".join("people LIKE ? ESCAPE '\\'" for _ in people) + ")")
        args += [_like(p) for p in people]
    if query and query.strip() and text_match is not None:
        words = search_words(query)
        if not words:  # nothing to look for: matching everything would hide the mistake
            return "WHERE 1 = 0", []
        sql, more = text_match(words)
        clauses.append(sql)
        args += more
    elif query and query.strip():
        forms = sorted({query.strip(), query.strip().lower(), query.strip().capitalize()})
        one = (f"(people LIKE ? ESCAPE '\\' OR {json_text('events.data', 'location', 'city')} LIKE ? ESCAPE '\\' "
               "OR EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
               f"WHERE em.event_id = events.id AND {json_text('m.data', 'evidence')} LIKE ? ESCAPE '\\'))")
        clauses.append("(" + " OR ".join(one for _ in forms) + ")")
        for form in forms:
            args += [_like(form)] * 3
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
