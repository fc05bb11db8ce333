"""A selection of events (every filter the web app and the aggregates take) as SQL, and the light rows
the aggregates read.

``EventFilter`` (query.py) is what the CLI filters on; a ``Selection`` adds what analysts filter on in
the web app: any of several countries (a region or organisation), a participant's role, the language
and outlet of a source, a confidence floor, and a text query whose words may each stand for several
spellings (a knowledge-base entity's names in other scripts).  ``stats.passes`` tests the same
conditions on a row in Python, for facet counts; a test holds the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from summitry import jsonio
from summitry.model import ROLES
from summitry.store.checks import verified
from summitry.store.query import EventFilter, _has_nul, _like, page_where, search_words

# A word of a text query and the other spellings it stands for; each spelling is a list of words
# that must all begin words of the event (a canonical name may have several).
Alternatives = list[list[str]]
LIGHT = "id, kind, status, date_start, date_end, countries, data"


@dataclass
class Selection:
    """Every condition an event must meet; empty fields do not filter."""

    country: list[str] = field(default_factory=list)  # every one takes part
    any_country: list[str] = field(default_factory=list)  # at least one takes part (a region, an org)
    people: list[str] = field(default_factory=list)  # person ids (or a name): any of them takes part
    kind: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    topic: str | None = None
    role: str | None = None  # some participant holds this role
    lang: str | None = None  # some mention comes from a document in this language
    source: str | None = None  # some mention comes from this outlet (URL host; "-" for no URL)
    min_confidence: float | None = None
    text: list[Alternatives] = field(default_factory=list)  # every word (in one of its spellings)
    query: str | None = None  # the text as typed (only for the fallback search of an older store)

    def base(self) -> Selection:
        """The conditions facets never count over: dates, people and text (see ``stats.facets``)."""
        return Selection(people=self.people, since=self.since, until=self.until, text=self.text, query=self.query)

    def window(self, since: str | None, until: str | None) -> Selection:
        return replace(self, since=max(filter(None, [self.since, since]), default=None),
                       until=min(filter(None, [self.until, until]), default=None))


def _any(clauses: list[str]) -> str:
    """``a OR b OR …`` as a balanced tree, so hundreds of terms stay under SQLite's expression depth."""
    if len(clauses) == 1:
        return clauses[0]
    mid = len(clauses) // 2
    return f"({_any(clauses[:mid])} OR {_any(clauses[mid:])})"


def outlet_patterns(source: str) -> list[str]:
    """LIKE patterns for URLs on host ``source`` (with or without ``www.``), as ``stats.outlet`` reads them."""
    host = source.lower().removeprefix("www.")
    return [_like(f"://{h}/") for h in (host, "www." + host)] + [
        _like(f"://{h}").removesuffix("%") for h in (host, "www." + host)]


def where(store: Any, sel: Selection) -> tuple[str, list[Any]]:
    """The WHERE clause (and its arguments) of the events ``sel`` selects, in the store's dialect."""
    if _has_nul(*sel.country, *sel.any_country, sel.role, sel.lang, sel.source, sel.query):
        return "WHERE 1 = 0", []
    flt = EventFilter(country=sel.country or None, kind=sel.kind, status=sel.status, since=sel.since,
                      until=sel.until, topic=sel.topic)
    text_match = None
    if (sel.text or sel.query) and store.text_index:  # a query of no words then matches nothing, as in page_where
        text_match = (lambda _words: _text_clause(store, sel.text))  # noqa: E731 - page_where calls it with words
    sql, args = page_where(flt, sel.people or None, _query_words(sel), store.db.json_text, text_match)
    clauses = [sql[len("WHERE "):]] if sql else []
    if sel.any_country:
        clauses.append(_any(["countries LIKE ? ESCAPE '\\'" for _ in sel.any_country]))
        args += [_like(f",{c.upper()},") for c in sel.any_country]
    if sel.role:
        clauses.append("data LIKE ? ESCAPE '\\'")
        args.append(_like(f'"role":"{sel.role}"'))
    doc = ("EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON m.key = em.mention_key JOIN documents d "
           "ON d.doc_id = m.doc_id WHERE em.event_id = events.id AND {})")
    if sel.lang:
        clauses.append(doc.format("d.lang = ?"))
        args.append(sel.lang)
    if sel.source == "-":
        clauses.append(doc.format("(d.url IS NULL OR d.url = '')"))
    elif sel.source:
        pats = outlet_patterns(sel.source)
        clauses.append(doc.format(_any(["d.url LIKE ? ESCAPE '\\'" for _ in pats])))
        args += pats
    if sel.min_confidence is not None:
        clauses.append(f"CAST({store.db.json_text('data', 'confidence')} AS REAL) >= ?")
        args.append(float(sel.min_confidence))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def _query_words(sel: Selection) -> str | None:
    """What page_where sees as the query: the typed text when the store has no index, else any word."""
    if sel.text:
        return " ".join(w for alts in sel.text for w in alts[0]) or None
    return sel.query


def _text_clause(store: Any, text: list[Alternatives]) -> tuple[str, list[Any]]:
    """Events having, for every query word, one of its spellings (each word of it a word's beginning)."""
    if store.db.name == "sqlite":
        def quote(w: str) -> str:
            return '"' + w.replace('"', '""') + '"*'
        query = " AND ".join("(" + " OR ".join("(" + " AND ".join(map(quote, alt)) + ")" for alt in alts) + ")"
                             for alts in text)
        return "+events.id IN (SELECT id FROM events_fts WHERE events_fts MATCH ?)", [query]

    def lexeme(w: str) -> str:
        return "'" + w.replace("\\", "\\\\").replace("'", "''") + "':*"
    query = " & ".join("(" + " | ".join("(" + " & ".join(map(lexeme, alt)) + ")" for alt in alts) + ")"
                       for alts in text)
    return "events.id IN (SELECT id FROM events_fts WHERE words @@ to_tsquery('simple', ?))", [query]


def text_alternatives(query: str, spellings: Any) -> list[Alternatives]:
    """The query's words, each with the other spellings ``spellings(word)`` gives (lists of words)."""
    out = []
    for word in search_words(query):
        alts = [[word]] + [s for s in spellings(word) if s and s != [word]]
        out.append([list(a) for a in dict.fromkeys(tuple(a) for a in alts)])
    return out


def light_rows(store: Any, sel: Selection) -> Iterator[tuple[Any, ...]]:
    """``(id, kind, status, date_start, date_end, countries, data)`` of every selected event."""
    sql, args = where(store, sel)
    yield from store._q(f"SELECT {LIGHT} FROM events {sql}", args).fetchall()


def date_rows(store: Any, sel: Selection) -> Iterator[tuple[str, str, str, str | None, str | None]]:
    """``(id, kind, status, date_start, date_end)`` of every selected event: what the timeline's window and
    counts need, read from columns (no JSON parsed)."""
    sql, args = where(store, sel)
    yield from store._q(f"SELECT id, kind, status, date_start, date_end FROM events {sql}", args).fetchall()


def facet_rows(store: Any, sel: Selection) -> list[tuple[Any, ...]]:
    """``(id, kind, status, countries, topics, confidence, *whether a participant holds each of ROLES)`` of
    every selected event: what facet counts need, from columns and the engine's JSON functions (no event's
    JSON parsed in Python); a role is found as the role filter (``where``) finds it."""
    sql, args = where(store, sel)
    roles = ", ".join("data LIKE ? ESCAPE '\\'" for _ in ROLES)
    return store._q(f"SELECT id, kind, status, countries, topics, {store.db.json_text('data', 'confidence')}, "
                    f"{roles} FROM events {sql}", [*(_like(f'"role":"{r}"') for r in ROLES), *args]).fetchall()


def sources(store: Any, sel: Selection) -> Iterator[tuple[str, str | None, str | None]]:
    """``(event id, document language, document URL)`` of every mention of the selected events."""
    sql, args = where(store, sel)
    yield from store._q(
        "SELECT em.event_id, d.lang, d.url FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
        f"JOIN documents d ON d.doc_id = m.doc_id WHERE em.event_id IN (SELECT id FROM events {sql})", args
    ).fetchall()


def event_page(store: Any, sel: Selection, after: tuple[str, str] | None, newest_first: bool,
               limit: int) -> tuple[list[dict[str, Any]], int]:
    """One page of event summaries after a keyset cursor ``(sort key, id)``, plus how many match.

    Summaries carry no mentions (the web timeline shows hundreds at once): each row is the event's
    export fields without ``mentions``, plus ``mention_count``, ``document_count``, the first
    mention's ``evidence`` and its document's language, and the ``sort_key`` a cursor continues
    from.  Undated events sort last in either order.  The event row and the first mention are
    checked against their checksums as a single event's are: a damaged one raises ``StoreDamaged``
    rather than being listed as fact.
    """
    sql, args = where(store, sel)
    key = "COALESCE(date_start, '0000')" if newest_first else "COALESCE(date_start, '9999')"
    total = store._q(f"SELECT COUNT(*) FROM events {sql}", args).fetchone()[0]
    page_args = list(args)
    if after:
        op = "<" if newest_first else ">"
        sql += (" AND " if sql else "WHERE ") + f"({key} {op} ? OR ({key} = ? AND id {op} ?))"
        page_args += [after[0], after[0], after[1]]
    direction = "DESC" if newest_first else "ASC"
    found = store._q(
        f"SELECT id, data, {store._crc()}, {key}, "
        "(SELECT COUNT(*) FROM event_mentions em WHERE em.event_id = events.id), "
        "(SELECT COUNT(DISTINCT m.doc_id) FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
        " WHERE em.event_id = events.id), "
        "(SELECT MIN(m.key) FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
        " WHERE em.event_id = events.id) "
        f"FROM events {sql} ORDER BY {key} {direction}, id {direction} LIMIT ?", [*page_args, int(limit)]).fetchall()
    firsts = _first_mentions(store, [first for *_, first in found if first is not None])
    rows = []
    for event_id, data, stored, sort_key, n_mentions, n_docs, first in found:
        row = jsonio.loads(store._event_data(event_id, data, stored))
        evidence = lang = None
        if first in firsts:
            mention, lang, checksum = firsts[first]
            evidence = jsonio.loads(verified(mention, checksum, f"a mention of event {event_id}",
                                             store.where))["evidence"]
        row.update(mention_count=n_mentions, document_count=n_docs, sort_key=sort_key, evidence=evidence,
                   evidence_lang=lang)
        rows.append(row)
    return rows, total


def _first_mentions(store: Any, keys: list[str]) -> dict[str, tuple[str, str | None, int | None]]:
    """``key → (mention JSON, its document's language, stored checksum)`` of the given mentions."""
    out: dict[str, tuple[str, str | None, int | None]] = {}
    for i in range(0, len(keys), 500):
        part = keys[i:i + 500]
        for mention_key, data, lang, stored in store._q(
                f"SELECT m.key, m.data, d.lang, {store._crc('m')} FROM mentions m LEFT JOIN documents d "
                f"ON d.doc_id = m.doc_id WHERE m.key IN ({','.join('?' * len(part))})", part).fetchall():
            out[mention_key] = (data, lang, stored)
    return out


def event_ids(store: Any, sel: Selection) -> Iterator[str]:
    """Ids of the selected events, oldest first (undated last): what a download walks."""
    sql, args = where(store, sel)
    for (event_id,) in store._q(f"SELECT id FROM events {sql} ORDER BY COALESCE(date_start, '9999'), id",
                                args).fetchall():
        yield event_id


def mention_rows(store: Any, event_id: str, offset: int, limit: int) -> tuple[list[tuple[Any, ...]], int]:
    """One page of an event's documents: ``(doc_id, url, published, lang, source, text, [mention JSON])``,
    newest document first, and how many documents there are."""
    if "\x00" in event_id:
        return [], 0
    docs = store._q("SELECT m.doc_id, MIN(m.key) FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
                    "WHERE em.event_id = ? GROUP BY m.doc_id", (event_id,)).fetchall()
    meta = {}
    page_ids = []
    if docs:
        ids = [d for d, _ in docs]
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            for row in store._q("SELECT doc_id, url, published, lang, source FROM documents WHERE doc_id IN "
                                f"({','.join('?' * len(part))})", part).fetchall():
                meta[row[0]] = row
        ordered = sorted(ids, key=lambda d: (meta.get(d, (d, None, ""))[2] or "", d), reverse=True)
        page_ids = ordered[offset:offset + limit]
    out = []
    for doc_id in page_ids:
        text = store._q("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        mentions = [m for (m,) in store._q(
            "SELECT m.data FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
            "WHERE em.event_id = ? AND m.doc_id = ? ORDER BY m.key", (event_id, doc_id)).fetchall()]
        _, url, published, lang, source = meta.get(doc_id, (doc_id, None, None, None, None))
        out.append((doc_id, url, published, lang, source, text[0] if text else "", mentions))
    return out, len(docs)
