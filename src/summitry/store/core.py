"""The Store class: documents, mentions and merged events in SQLite or PostgreSQL (see the package doc)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from summitry import jsonio
from summitry.export import contact_from_dict, event_from_dict, stored_event_dict
from summitry.model import Contact, Event, Processed, RawDocument, ReadError
from summitry.store import checks, identities
from summitry.store.checks import verified, verified_document
from summitry.store.dialect import Postgres, SQLite, is_url
from summitry.store.errors import NotAStore, StoreError
from summitry.store.query import EventFilter, search_words, where_clause
from summitry.store.remerge import MapFn, merge_marked, remerge
from summitry.store.rows import SCHEMA, SCHEMA_2, SCHEMA_VERSION, Prepared, prepare
from summitry.store.tables import IngestResult, Tables


class StoreVersionError(StoreError):
    """The store was written by a newer summitry, whose schema this code does not know."""


class Store(Tables):
    """The store at ``path``: a SQLite file (created with its folder when missing) or a PostgreSQL URL.

    Both hold the same tables and give the same answers (the reading SQL is shared).  Writers:

    * SQLite: one at a time; a second writer waits for the first (``timeout``, told via ``on_wait``)
      and they take turns batch by batch.
    * PostgreSQL: any number of processes ingest at once.  A batch locks its documents and a merge
      locks its block (transaction-scoped advisory locks, always taken in one order, so no
      deadlock).  A batch upserts (so row-locks) the ``dirty`` mark of every block it touches in
      the transaction that stores the mentions; a merge first deletes its block's mark (waiting
      for such a lock) and only then reads the block's mentions, so every mention is seen by the
      merge that removes its mark, and a mark committed later stays for a later merge.
      Hence once every writer has finished (each ends with ``merge_pending``), the store equals
      what one process ingesting the union would have made: no duplicate events, no lost
      mentions.  Two processes given different texts under one document id leave one of them,
      with only its mentions, as two runs one after the other would.

    The text index (``events_fts``, one row per event) is written by the statements that write its
    event, in the same transaction and under the same block lock, so no reader sees them apart.
    Opening an older store for writing upgrades it once, under the schema lock.

    Readers never write: a read-only SQLite connection, or PostgreSQL sessions with
    ``default_transaction_read_only`` (each query in its own snapshot).
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 600.0,
                 on_wait: Callable[[str], None] | None = None, statement_timeout: float | None = None) -> None:
        """``timeout``: how long a writer waits for another one; ``on_wait`` hears why, once per wait;
        ``statement_timeout``: seconds a PostgreSQL statement may run (none by default)."""
        super().__init__(Postgres(str(path), readonly, timeout, on_wait, statement_timeout)
                         if is_url(path) else SQLite(path, readonly, timeout, on_wait))
        try:
            if readonly and not self.db.has_store():
                if not is_url(path) and self.db.conn.execute("SELECT 1 FROM sqlite_master").fetchone():
                    raise NotAStore(f"{self.where} is an SQLite database of another application, not a summitry "
                                    "store: pass --db a summitry store")
                raise FileNotFoundError(f"no summitry store in {self.where}; "
                                        f"run 'summitry ingest PATH --db {self.where}' first")
            if not readonly:
                with self.db.schema_write():
                    if self.db.needs_schema():
                        for statement in self._schema(SCHEMA + ";" + SCHEMA_2 + ";" + checks.SCHEMA_3):
                            self.conn.execute(statement)
                        self._q(self.db.insert_ignore("meta", 2), ("schema_version", str(SCHEMA_VERSION)))
                    if self._stored_version() < SCHEMA_VERSION:
                        self._upgrade()
            # An older store opened read-only has no text index: its text query falls back to the slow
            # substring search (a reader must not write; the next 'summitry ingest' upgrades it).
            version = self._check_version()
            self.text_index = version >= 2
            self.checksums = version >= 3  # an older store read-only: no checksums to verify yet
            self.db.start(readonly)
        except BaseException:
            self.conn.close()
            raise

    def _schema(self, script: str) -> list[str]:
        """The statements of a schema script in this dialect, the text index's own after them."""
        return [self.db.schema(s) for s in script.split(";") if s.strip()] + list(self.db.text_schema)

    def _stored_version(self) -> int:
        row = self._q("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else SCHEMA_VERSION

    def _upgrade(self) -> None:
        """Schema 1 or 2 → 3, inside the schema lock (so once, even with several writers starting)."""
        if self._stored_version() < 2:
            self._upgrade_to_2()
        for statement in self._schema(checks.SCHEMA_3):
            self.conn.execute(statement)
        checks.upgrade_to_3(self)
        self._q("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

    def _upgrade_to_2(self) -> None:
        """Schema 1 → 2: the new indexes, and the text index built from the stored events."""
        for statement in self._schema(SCHEMA_2):
            self.conn.execute(statement)
        self._q("DELETE FROM events_fts")  # SQLite ran the schema above already: start from nothing
        evidence: dict[str, list[str | None]] = {}
        for event_id, text in self._q(f"SELECT em.event_id, {self.db.json_text('m.data', 'evidence')} "
                                      "FROM event_mentions em JOIN mentions m ON m.key = em.mention_key"):
            evidence.setdefault(event_id, []).append(text)
        rows = [(event_id, " ".join(search_words(people, city, evidence.get(event_id, []))))
                for event_id, people, city in self._q(
                    f"SELECT id, people, {self.db.json_text('data', 'location', 'city')} FROM events").fetchall()]
        self.db.index(rows)

    def _check_version(self) -> int:
        """The stored schema version, refused when newer than this code's."""
        stored = self._stored_version()
        if stored > SCHEMA_VERSION:
            raise StoreVersionError(f"{self.where} has schema version {stored}, newer than this summitry's "
                                    f"{SCHEMA_VERSION}; upgrade summitry to use it")
        return stored

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------------

    def ingest(self, batch: Iterable[Processed | Prepared], kb_version: str = "", *,
               merge: bool = True) -> IngestResult:
        """Store a batch of processed documents atomically, marking the merge blocks they touch.

        With ``merge`` the marked blocks are re-merged in the same transaction (PostgreSQL: right after
        it).  A long ingest passes ``merge=False`` and calls ``merge_pending`` now and then and at the
        end: re-merging a block after every batch would cost the square of the block's size.  The marks
        are stored with the documents, so a run killed before it merged leaves work the next
        ``merge_pending`` finishes.
        """
        batch = list(batch)
        result = IngestResult()
        with self.db.write():  # one transaction
            rows = [p if isinstance(p, Prepared) else prepare(p, kb_version=kb_version) for p in batch]
            self.db.lock("document", [r.doc_id for r in rows])
            dirty = self.write_documents(rows, result)
            # An upsert, not INSERT-or-ignore: rewriting an existing mark row-locks it until these mentions
            # commit, so a concurrent merge's DELETE of the mark waits and its SELECT then sees them.  Sorted:
            # two writers marking the same blocks queue in one order instead of deadlocking.
            self.db.many(self.db.sql(self.db.upsert("dirty", ("block",))), [(b,) for b in sorted(dirty)])
            if merge and not self.db.merge_each_block:
                merge_marked(self)
        if merge and self.db.merge_each_block:
            self.merge_pending()  # after the commit: merging inside it would wait on our own marks' row locks
        return result

    def merge_pending(self, map_fn: MapFn = map) -> int:
        """Re-merge every block marked dirty; returns how many this call merged.

        SQLite: one transaction, small blocks planned through ``map_fn`` (a process pool's ordered
        map spreads them over cores).  PostgreSQL: one short transaction per block, so other writers
        never wait for a whole merge; a block another writer merged meanwhile is skipped.
        """
        if not self.db.merge_each_block:
            with self.db.write():
                return merge_marked(self, map_fn)
        merged = 0
        for (block,) in self._q("SELECT block FROM dirty ORDER BY block").fetchall():
            with self.db.write():
                merged += self._merge_block(block)
        return merged

    def _merge_block(self, block: str) -> int:
        """Take the block's mark, then re-merge it from every mention committed so far; 0 if unmarked.

        The order matters with concurrent writers: a mark committed before our DELETE came with
        mentions our later SELECT sees; one committed after it stays for a later merge.
        """
        self.db.lock("merge block", [block])
        if self._q("DELETE FROM dirty WHERE block=?", (block,)).rowcount == 0:
            return 0
        remerge(self, block)
        return 1

    # --- reading ---------------------------------------------------------------------------------

    def _mention_rows(self, event_id: str) -> list[tuple[str]]:
        rows = self._q(f"SELECT m.data, {self._crc('m')} FROM event_mentions em JOIN mentions m "
                       "ON m.key = em.mention_key WHERE em.event_id=? ORDER BY m.key", (event_id,)).fetchall()
        return [(verified(data, stored, f"a mention of event {event_id}", self.where),) for data, stored in rows]

    def _event_data(self, event_id: str, data: str, stored: int | None) -> str:
        return verified(data, stored, f"event {event_id}", self.where)

    def _mentions_of(self, event_id: str) -> list[Contact]:
        return [contact_from_dict(jsonio.loads(data)) for (data,) in self._mention_rows(event_id)]

    def events(self, flt: EventFilter | None = None, limit: int | None = None) -> Iterator[Event]:
        """Events matching the filter, oldest first (undated last)."""
        where, args = where_clause(flt or EventFilter())
        sql = (f"SELECT id, data, {self._crc()} FROM events {where} ORDER BY COALESCE(date_start, '9999'), id"
               + (f" LIMIT {int(limit)}" if limit else ""))
        for event_id, data, stored in self._q(sql, args).fetchall():
            yield event_from_dict(jsonio.loads(self._event_data(event_id, data, stored)), self._mentions_of(event_id))

    def event_dicts(self, flt: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """``export.event_dict`` of each event ``events`` yields, straight from the stored JSON (an export
        rebuilds no objects: the event row is stored in that shape, its mentions are converted)."""
        where, args = where_clause(flt or EventFilter())
        sql = f"SELECT id, data, {self._crc()} FROM events {where} ORDER BY COALESCE(date_start, '9999'), id"
        for event_id, data, stored in self._q(sql, args).fetchall():
            mentions = (m for (m,) in self._mention_rows(event_id))
            yield stored_event_dict(self._event_data(event_id, data, stored), mentions)

    def event(self, event_id: str) -> Event | None:
        if "\x00" in event_id:  # no id has one (and PostgreSQL refuses it in text)
            return None
        row = self._q(f"SELECT data, {self._crc()} FROM events WHERE id=?", (event_id,)).fetchone()
        if not row:
            return None
        return event_from_dict(jsonio.loads(self._event_data(event_id, *row)), self._mentions_of(event_id))

    def event_ids(self, prefix: str, limit: int = 5) -> list[str]:
        """Ids of events starting with ``prefix`` (``ev-`` may be left out), at most ``limit``, sorted."""
        if "\x00" in prefix or not prefix:
            return []
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found: list[str] = []
        for pattern in dict.fromkeys([like, "ev-" + like]):
            found += [i for (i,) in self._q("SELECT id FROM events WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
                                            (pattern, limit)).fetchall() if i not in found]
        return sorted(found)[:limit]

    def document(self, doc_id: str) -> dict[str, Any] | None:
        if "\x00" in doc_id:
            return None
        row = self._q("SELECT doc_id, source, url, published, published_source, lang, text, spans, "
                      f"{self._crc()} FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        if not row:
            return None
        verified_document(row[6], row[7], row[8], doc_id, self.where)
        keys = ["doc_id", "source", "url", "published", "published_source", "lang", "text", "spans"]
        out = dict(zip(keys, row[:8], strict=True))
        out["spans"] = jsonio.loads(out["spans"])
        return out

    def pair_counts(self, a: str, b: str) -> list[tuple[str | None, str, str, int]]:
        """``(year, kind, status, count)`` of events between two countries; year None when undated.

        A range-dated event counts in the year its range starts (or ends, when only that is known).
        Sorted here: the engines disagree on where NULL sorts.
        """
        rows = self._q(
            "SELECT substr(COALESCE(date_start, date_end), 1, 4) AS year, kind, status, COUNT(*) FROM events "
            "WHERE countries LIKE ? AND countries LIKE ? GROUP BY year, kind, status",
            (f"%,{a.upper()},%", f"%,{b.upper()},%")).fetchall()
        return sorted(((y, k, s, n) for y, k, s, n in rows), key=lambda r: (r[0] is not None, r[0] or "", r[1], r[2]))

    def facets(self) -> dict[str, Any]:
        """What the stored events span: countries present and the date range (for filter menus)."""
        countries = set()
        for (joined,) in self._q("SELECT DISTINCT countries FROM events").fetchall():
            countries |= {c for c in joined.split(",") if c}
        first, last = self._q("SELECT MIN(date_start), MAX(COALESCE(date_end, date_start)) FROM events").fetchone()
        return {"countries": sorted(countries), "first_date": first, "last_date": last}

    def document_contacts(self, doc_id: str) -> list[tuple[Contact, str | None]]:
        """The contacts extracted from one document, each with the event it was merged into."""
        rows = self._q(
            f"SELECT m.data, {self._crc('m')}, em.event_id FROM mentions m LEFT JOIN event_mentions em "
            "ON em.mention_key = m.key WHERE m.doc_id = ? ORDER BY m.key", (doc_id,)).fetchall() \
            if "\x00" not in doc_id else []
        return [(contact_from_dict(jsonio.loads(verified(data, stored, f"a mention of document {doc_id!r}",
                                                         self.where))), event_id)
                for data, stored, event_id in rows]

    def events_of_documents(self, doc_ids: list[str]) -> list[Event]:
        """Every event that has a mention from one of these documents, oldest first."""
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        ids = [i for (i,) in self._q(
            "SELECT e.id FROM events e WHERE e.id IN (SELECT em.event_id FROM event_mentions em "
            f"JOIN mentions m ON m.key = em.mention_key WHERE m.doc_id IN ({marks})) "
            "ORDER BY COALESCE(e.date_start, '9999'), e.id", doc_ids).fetchall()]
        return [e for e in map(self.event, ids) if e is not None]

    def stats(self) -> dict[str, int]:
        def count(table: str) -> int:
            return int(self._q(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

        return {"documents": count("documents"), "mentions": count("mentions"), "events": count("events")}

    # --- identities and checks ----------------------------------------------------------------

    def assign(self, raws: list[RawDocument]) -> list[RawDocument | ReadError]:
        """Doc ids for raw documents by their identity (``identities.assign``), before they are processed."""
        return identities.assign(self, raws)

    def check(self) -> list[str]:
        """Everything wrong with the store (``checks.check``): [] when it is sound."""
        return checks.check(self)

    def quick_check(self) -> None:
        """Raise StoreDamaged when the engine finds damaged pages (``checks.quick_check``)."""
        checks.quick_check(self)
