"""The store's tables over one connection: the SQL runner and the public row writer.

``Store`` is ``Tables`` plus the schema, its upgrades and the reading API.  The parts of the store
that work on its tables (re-merge, checks, identities) take ``Tables``, so they sit below ``Store``
and it imports them without a circle.  Every row is written here: ``summitry ingest`` writes a batch
of documents with ``write_documents``, re-merge a block's events with ``replace_events`` and
``write_event``, and the Spark job fills a new store through the same two, so it holds what an
ingest would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summitry import jsonio
from summitry.export import stored_event_json
from summitry.identity import legacy_identity
from summitry.merge import mention_key
from summitry.model import Event
from summitry.store.dialect import Postgres, SQLite
from summitry.store.query import search_words
from summitry.store.rows import COLUMNS, Prepared, crc


@dataclass
class IngestResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    mentions: int = 0


@dataclass
class PendingRows:
    """Document and mention rows of a batch not written yet (see ``Tables.write_documents``)."""

    documents: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)


class Tables:
    """The tables of one store, read and written in its engine's dialect (``db``)."""

    def __init__(self, db: SQLite | Postgres) -> None:
        self.db = db
        self.conn = db.conn
        self.path = db.path
        self.where = db.where  # for messages: a URL without its password
        self.text_index = True  # whether events_fts exists (an older store read as it is has none)
        self.checksums = True  # whether rows carry checksums (idem)

    def _q(self, sql: str, args: Iterable[Any] = ()) -> Any:
        """Run one statement written in SQLite's spelling; returns the cursor."""
        return self.conn.execute(self.db.sql(sql), tuple(args))

    def _crc(self, table: str = "") -> str:
        """The checksum column to select (NULL in an older store read as it is)."""
        return f"{table}{'.' if table else ''}crc" if self.checksums else "NULL"

    def hashes(self, doc_ids: list[str]) -> dict[str, str]:
        """Stored content hashes of the given documents (absent ones are left out)."""
        out: dict[str, str] = {}
        for i in range(0, len(doc_ids), 500):
            part = doc_ids[i:i + 500]
            sql = f"SELECT doc_id, content_hash FROM documents WHERE doc_id IN ({','.join('?' * len(part))})"
            out.update(self._q(sql, part).fetchall())
        return out

    def integrity(self) -> str:
        """"ok", or what is wrong: the engine's own check, then no mention merged into two events."""
        engine = self.db.integrity()
        if engine != "ok":
            return engine
        twice = self._q("SELECT mention_key FROM event_mentions GROUP BY mention_key HAVING COUNT(*) > 1 "
                        "ORDER BY mention_key LIMIT 3").fetchall()
        return f"mentions in more than one event: {', '.join(k for (k,) in twice)}" if twice else "ok"

    # --- the row writer (inside the caller's write transaction) -----------------------------------

    def write_documents(self, rows: Sequence[Prepared], result: IngestResult) -> set[str]:
        """Store a batch's document and mention rows; returns the merge blocks whose mentions changed.

        A document whose content hash is stored already is counted unchanged and left alone; a changed
        one has its old mentions replaced.  ``result`` counts what happened.
        """
        dirty: set[str] = set()
        stored = self.hashes(sorted({r.doc_id for r in rows}))  # one query, read under the documents' locks
        pending = PendingRows()
        for r in rows:
            self._store_document(r, stored, result, dirty, pending)
        self._flush(pending)
        return dirty

    def _store_document(self, r: Prepared, stored: dict[str, str], result: IngestResult, dirty: set[str],
                        pending: PendingRows) -> None:
        """Queue one document's rows in ``pending``; ``stored`` (doc id → content hash) is kept up to date."""
        known = stored.get(r.doc_id)
        if known == r.digest:
            result.unchanged += 1
            return
        stored[r.doc_id] = r.digest
        if known is not None:
            self._flush(pending)  # a copy queued earlier in this batch must be in the table for the DELETE
            dirty |= {b for (b,) in self._q("SELECT block FROM mentions WHERE doc_id=?", (r.doc_id,)).fetchall()}
            self._q("DELETE FROM mentions WHERE doc_id=?", (r.doc_id,))
            result.updated += 1
        else:
            result.added += 1
        pending.documents.append(r.document)
        pending.mentions += r.mentions
        dirty.update(m[2] for m in r.mentions)
        result.mentions += len(r.mentions)

    def _flush(self, pending: PendingRows) -> None:
        """Write the queued rows: one statement per table for a whole batch."""
        if pending.documents:
            self.db.many(self.db.sql(self.db.upsert("documents", COLUMNS["documents"])), pending.documents)
            # a document stored without ``assign`` (the web API, the Spark job, tests) gets the identity
            # an older store's document of that id and source gets, so a later ingest finds it
            self.db.many(self.db.sql(self.db.insert_ignore("identities", 4)),
                         [(legacy_identity(d[0], d[2]), d[0], None, None) for d in pending.documents])
        if pending.mentions:
            self.db.many(self.db.sql(self.db.upsert("mentions", COLUMNS["mentions"])), pending.mentions)
        pending.documents, pending.mentions = [], []

    def replace_events(self, block: str) -> None:
        """Delete a block's events (and their text index rows) before its events are written anew."""
        self.db.unindex([i for (i,) in self._q("SELECT id FROM events WHERE block=?", (block,)).fetchall()])
        self._q("DELETE FROM events WHERE block=?", (block,))

    def write_event(self, block: str, e: Event, links: list[str] | None = None,
                    evidence: list[str] | None = None) -> None:
        """Write one event, its mention links and its text index row (the same words ``_upgrade`` builds).

        ``links`` and ``evidence`` stand in for ``e.mentions`` when the event was folded without them.
        """
        if links is None:
            links, evidence = [mention_key(m) for m in e.mentions], [m.evidence for m in e.mentions]
        d = stored_event_json(e)
        people = "|".join(filter(None, [p.person for p in e.participants]
                                 + [p.person_id or "" for p in e.participants]))
        self._q(self.db.upsert("events", COLUMNS["events"]),
                (e.id, block, e.kind, e.status, d["date_start"], d["date_end"],
                 "," + ",".join(p.country for p in e.participants) + ",", people,
                 "," + ",".join(e.topics) + ",", data := jsonio.dumps(d), crc(data)))
        unique = list(dict.fromkeys(evidence or []))  # syndicated copies repeat one sentence many times
        self.db.index([(e.id, " ".join(search_words(people, e.location.city, unique)))])
        self.db.many(self.db.sql(self.db.insert_ignore("event_mentions", 2)), [(e.id, key) for key in links])
