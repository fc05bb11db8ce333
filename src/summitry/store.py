"""Store stage: an embedded SQLite database of documents, mentions and merged events.

Incremental and idempotent: a document whose text is unchanged is skipped, a changed one has
its mentions replaced, and only the merge blocks (kind + countries) that gained or lost a
mention are re-merged.  Each batch is one transaction, so a killed run leaves the store as it
was before that batch; WAL mode lets readers (the web app) work while an ingest writes.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summitry.export import contact_from_dict, event_dict, event_from_dict
from summitry.merge import block_key, mention_key, merge
from summitry.model import Contact, Event, RawDocument
from summitry.pipeline import Processed

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, source TEXT, url TEXT, published TEXT,
    published_source TEXT, lang TEXT, text TEXT NOT NULL, spans TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS mentions (
    key TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    block TEXT NOT NULL, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_block ON mentions(block);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, block TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
    date_start TEXT, date_end TEXT, countries TEXT NOT NULL, people TEXT NOT NULL, topics TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_block ON events(block);
CREATE INDEX IF NOT EXISTS events_date ON events(date_start);
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE, mention_key TEXT NOT NULL,
    PRIMARY KEY (event_id, mention_key)
);
CREATE INDEX IF NOT EXISTS event_mentions_mention ON event_mentions(mention_key);
CREATE TABLE IF NOT EXISTS dirty (block TEXT PRIMARY KEY);
"""


@dataclass
class IngestResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    mentions: int = 0


@dataclass
class EventFilter:
    country: list[str] | None = None
    person: str | None = None
    kind: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    topic: str | None = None


def content_hash(raw: RawDocument, kb_version: str) -> str:
    """What a document's extraction depends on: its text and metadata, and the knowledge base."""
    data = json.dumps([raw.text, raw.url, raw.published, raw.lang, kb_version], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


class Store:
    """The SQLite store; ``path`` is created with its parent folder when missing."""

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 600.0,
                 on_wait: Callable[[str], None] | None = None) -> None:
        """``timeout``: how long a writer waits for another one; ``on_wait`` hears why, once per wait."""
        self.path = Path(path)
        self.timeout, self.on_wait = timeout, on_wait
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no store at {self.path}; run 'summitry ingest PATH --db {self.path}' first")
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=timeout,
                                        check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._begin()
            for statement in filter(str.strip, SCHEMA.split(";")):
                self.conn.execute(statement)
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self.conn.execute("COMMIT")
            self.conn.isolation_level = ""  # back to Python's default: ``with self.conn`` commits
        self.conn.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------------

    def _begin(self) -> None:
        """BEGIN IMMEDIATE; when another process is writing, say so (``on_wait``) and wait for it."""
        self.conn.execute("PRAGMA busy_timeout = 100")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            if self.on_wait:
                self.on_wait(f"another process is writing to {self.path}; waiting up to {self.timeout:.0f} s for it")
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    def ingest(self, batch: Iterable[Processed], kb_version: str = "", *, merge: bool = True) -> IngestResult:
        """Store a batch of processed documents atomically, marking the merge blocks they touch.

        With ``merge`` the marked blocks are re-merged in the same transaction.  A long ingest passes
        ``merge=False`` and calls ``merge_pending`` now and then and at the end: re-merging a block
        after every batch would cost the square of the block's size.  The marks are stored with the
        documents, so a run killed before it merged leaves work the next ``merge_pending`` finishes.
        """
        result = IngestResult()
        dirty: set[str] = set()
        with self.conn:  # one transaction
            self._begin()
            for p in batch:
                self._store_document(p, kb_version, result, dirty)
            self.conn.executemany("INSERT OR IGNORE INTO dirty VALUES (?)", [(b,) for b in sorted(dirty)])
            if merge:
                self._merge_dirty()
        return result

    def merge_pending(self) -> int:
        """Re-merge every block marked dirty, in one transaction; returns how many there were."""
        with self.conn:
            self._begin()
            return self._merge_dirty()

    def _merge_dirty(self) -> int:
        blocks = [b for (b,) in self.conn.execute("SELECT block FROM dirty ORDER BY block")]
        for block in blocks:
            self._remerge(block)
        self.conn.execute("DELETE FROM dirty")
        return len(blocks)

    def hashes(self, doc_ids: list[str]) -> dict[str, str]:
        """Stored content hashes of the given documents (absent ones are left out)."""
        out: dict[str, str] = {}
        for i in range(0, len(doc_ids), 500):
            part = doc_ids[i:i + 500]
            sql = f"SELECT doc_id, content_hash FROM documents WHERE doc_id IN ({','.join('?' * len(part))})"
            out.update(self.conn.execute(sql, part).fetchall())
        return out

    def _store_document(self, p: Processed, kb_version: str, result: IngestResult, dirty: set[str]) -> None:
        d = p.document
        digest = p.digest or content_hash(RawDocument(d.doc_id, d.text, d.source), kb_version)
        row = self.conn.execute("SELECT content_hash FROM documents WHERE doc_id=?", (d.doc_id,)).fetchone()
        if row and row[0] == digest:
            result.unchanged += 1
            return
        if row:
            dirty |= {b for (b,) in self.conn.execute("SELECT block FROM mentions WHERE doc_id=?", (d.doc_id,))}
            self.conn.execute("DELETE FROM mentions WHERE doc_id=?", (d.doc_id,))
            result.updated += 1
        else:
            result.added += 1
        spans = [[m.start, m.end, m.kind, m.entity_id] for m in p.mentions]
        self.conn.execute(
            "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
            (d.doc_id, digest, d.source, d.url, d.published, d.published_source, d.lang, d.text,
             json.dumps(spans, ensure_ascii=False)),
        )
        rows = [(mention_key(c), d.doc_id, block_key(c), json.dumps(c.to_dict(), ensure_ascii=False))
                for c in p.contacts]
        self.conn.executemany("INSERT OR REPLACE INTO mentions VALUES (?,?,?,?)", rows)
        dirty.update(block for _, _, block, _ in rows)
        result.mentions += len(rows)

    def _remerge(self, block: str) -> None:
        mentions = [contact_from_dict(json.loads(data))
                    for (data,) in self.conn.execute("SELECT data FROM mentions WHERE block=?", (block,))]
        self.conn.execute("DELETE FROM events WHERE block=?", (block,))
        for event in merge(mentions):
            self._insert_event(block, event)

    def _insert_event(self, block: str, e: Event) -> None:
        d = event_dict(e)
        slim = {k: v for k, v in d.items() if k != "mentions"}
        self.conn.execute(
            "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?,?,?,?)",
            (e.id, block, e.kind, e.status, d["date_start"], d["date_end"],
             "," + ",".join(p.country for p in e.participants) + ",",
             "|".join(filter(None, [p.person for p in e.participants] + [p.person_id or "" for p in e.participants])),
             "," + ",".join(e.topics) + ",", json.dumps(slim, ensure_ascii=False)),
        )
        self.conn.executemany("INSERT OR IGNORE INTO event_mentions VALUES (?,?)",
                              [(e.id, mention_key(m)) for m in e.mentions])

    def unchanged(self, raw: RawDocument, kb_version: str) -> bool:
        """True when this exact document is already stored (so it need not be processed again)."""
        row = self.conn.execute("SELECT content_hash FROM documents WHERE doc_id=?", (raw.doc_id,)).fetchone()
        return bool(row) and row[0] == content_hash(raw, kb_version)

    # --- reading ---------------------------------------------------------------------------------

    def _mentions_of(self, event_id: str) -> list[Contact]:
        rows = self.conn.execute(
            "SELECT m.data FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
            "WHERE em.event_id=? ORDER BY m.key", (event_id,))
        return [contact_from_dict(json.loads(data)) for (data,) in rows]

    def events(self, flt: EventFilter | None = None, limit: int | None = None) -> Iterator[Event]:
        """Events matching the filter, oldest first (undated last)."""
        where, args = _where(flt or EventFilter())
        sql = (f"SELECT id, data FROM events {where} ORDER BY COALESCE(date_start, '9999'), id"
               + (f" LIMIT {int(limit)}" if limit else ""))
        for event_id, data in self.conn.execute(sql, args).fetchall():
            yield event_from_dict(json.loads(data), self._mentions_of(event_id))

    def event(self, event_id: str) -> Event | None:
        row = self.conn.execute("SELECT data FROM events WHERE id=?", (event_id,)).fetchone()
        return event_from_dict(json.loads(row[0]), self._mentions_of(event_id)) if row else None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT doc_id, source, url, published, published_source, lang, text, spans "
                                "FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        if not row:
            return None
        keys = ["doc_id", "source", "url", "published", "published_source", "lang", "text", "spans"]
        out = dict(zip(keys, row, strict=True))
        out["spans"] = json.loads(out["spans"])
        return out

    def event_page(self, flt: EventFilter, *, people: list[str] | None = None, query: str | None = None,
                   after: tuple[str, str] | None = None, newest_first: bool = False,
                   limit: int = 100) -> tuple[list[dict[str, Any]], int]:
        """One page of event summaries after a keyset cursor ``(sort key, id)``, plus how many match.

        Summaries carry no mentions (the web timeline shows hundreds at once); each row has the
        event's export fields without ``mentions``, ``mention_count``, ``document_count``, the first
        mention's ``evidence`` and the ``sort_key`` a cursor continues from.  Undated events sort last
        in either order.
        """
        where, args = _page_where(flt, people, query)
        key = "COALESCE(date_start, '0000')" if newest_first else "COALESCE(date_start, '9999')"
        total = self.conn.execute(f"SELECT COUNT(*) FROM events {where}", args).fetchone()[0]
        page_args = list(args)
        if after:
            op = "<" if newest_first else ">"
            where += (" AND " if where else "WHERE ") + f"({key} {op} ? OR ({key} = ? AND id {op} ?))"
            page_args += [after[0], after[0], after[1]]
        direction = "DESC" if newest_first else "ASC"
        sql = (f"SELECT id, data, {key}, "
               "(SELECT COUNT(*) FROM event_mentions em WHERE em.event_id = events.id), "
               "(SELECT COUNT(DISTINCT m.doc_id) FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
               " WHERE em.event_id = events.id), "
               "(SELECT m.data FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
               " WHERE em.event_id = events.id ORDER BY m.key LIMIT 1) "
               f"FROM events {where} ORDER BY {key} {direction}, id {direction} LIMIT ?")
        rows = []
        for _id, data, sort_key, n_mentions, n_docs, first in self.conn.execute(sql, [*page_args, int(limit)]):
            row = json.loads(data)
            row.update(mention_count=n_mentions, document_count=n_docs, sort_key=sort_key,
                       evidence=json.loads(first)["evidence"] if first else None)
            rows.append(row)
        return rows, total

    def pair_counts(self, a: str, b: str) -> list[tuple[str | None, str, str, int]]:
        """``(year, kind, status, count)`` of events between two countries; year None when undated.

        A range-dated event counts in the year its range starts (or ends, when only that is known).
        """
        rows = self.conn.execute(
            "SELECT substr(COALESCE(date_start, date_end), 1, 4) AS year, kind, status, COUNT(*) FROM events "
            "WHERE countries LIKE ? AND countries LIKE ? GROUP BY year, kind, status ORDER BY year, kind, status",
            (f"%,{a.upper()},%", f"%,{b.upper()},%"))
        return [(y, k, s, n) for y, k, s, n in rows]

    def facets(self) -> dict[str, Any]:
        """What the stored events span: countries present and the date range (for filter menus)."""
        countries = set()
        for (joined,) in self.conn.execute("SELECT DISTINCT countries FROM events"):
            countries |= {c for c in joined.split(",") if c}
        first, last = self.conn.execute(
            "SELECT MIN(date_start), MAX(COALESCE(date_end, date_start)) FROM events").fetchone()
        return {"countries": sorted(countries), "first_date": first, "last_date": last}

    def document_contacts(self, doc_id: str) -> list[tuple[Contact, str | None]]:
        """The contacts extracted from one document, each with the event it was merged into."""
        rows = self.conn.execute(
            "SELECT m.data, em.event_id FROM mentions m LEFT JOIN event_mentions em ON em.mention_key = m.key "
            "WHERE m.doc_id = ? ORDER BY m.key", (doc_id,))
        return [(contact_from_dict(json.loads(data)), event_id) for data, event_id in rows]

    def events_of_documents(self, doc_ids: list[str]) -> list[Event]:
        """Every event that has a mention from one of these documents, oldest first."""
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        ids = [i for (i,) in self.conn.execute(
            "SELECT DISTINCT e.id FROM events e JOIN event_mentions em ON em.event_id = e.id "
            f"JOIN mentions m ON m.key = em.mention_key WHERE m.doc_id IN ({marks}) "
            "ORDER BY COALESCE(e.date_start, '9999'), e.id", doc_ids)]
        return [e for e in map(self.event, ids) if e is not None]

    def stats(self) -> dict[str, int]:
        q = self.conn.execute
        return {"documents": q("SELECT COUNT(*) FROM documents").fetchone()[0],
                "mentions": q("SELECT COUNT(*) FROM mentions").fetchone()[0],
                "events": q("SELECT COUNT(*) FROM events").fetchone()[0]}

    def integrity(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _where(f: EventFilter) -> tuple[str, list[Any]]:
    if any("\x00" in v for v in [*(f.country or []), f.person or "", f.topic or ""]):
        return "WHERE 0", []  # LIKE stops at a NUL (",\0" would match every event); no stored label has one
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


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, with its own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _page_where(f: EventFilter, people: list[str] | None, query: str | None) -> tuple[str, list[Any]]:
    """``_where`` plus any-of several person ids and a text query over events and their mentions.

    The query matches leaders' names, the city and any mention's evidence sentence (JSON values
    only, never the keys: 'role' must not match every event).  LIKE folds case for ASCII only, so
    the query is also tried lower-cased and capitalised (enough for Cyrillic names in either case).
    """
    where, args = _where(f)
    clauses = [where[len("WHERE "):]] if where else []
    if people:
        clauses.append("(" + " OR ".join("people LIKE ? ESCAPE '\\'" for _ in people) + ")")
        args += [_like(p) for p in people]
    if query and query.strip():
        forms = sorted({query.strip(), query.strip().lower(), query.strip().capitalize()})
        one = ("(people LIKE ? ESCAPE '\\' OR json_extract(events.data, '$.location.city') LIKE ? ESCAPE '\\' "
               "OR EXISTS (SELECT 1 FROM event_mentions em JOIN mentions m ON m.key = em.mention_key "
               "WHERE em.event_id = events.id AND json_extract(m.data, '$.evidence') LIKE ? ESCAPE '\\'))")
        clauses.append("(" + " OR ".join(one for _ in forms) + ")")
        for form in forms:
            args += [_like(form)] * 3
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
