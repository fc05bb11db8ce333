"""The store's side of document identity: which identity holds which doc id (see ``identity.py``).

``assign`` gives a chunk of raw documents their doc ids before they are processed (the pipeline
writes the id into every contact), in a short transaction of its own, so the next chunk of the same
run already sees them taken.  PostgreSQL writers take turns here under one advisory lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from summitry.identity import FILE, RECORD, Row, Want, allocate, describe, record_identity, text_digest
from summitry.model import RawDocument, ReadError
from summitry.store.tables import Tables

COLUMNS = "identity, doc_id, origin, digest"


class SqlView:
    """The identities table, read for a whole chunk at once, then row by row for what was not asked."""

    def __init__(self, store: Tables, wants: Sequence[Want]) -> None:
        self.store = store
        self.known: dict[str, dict[str, Row | None]] = {"origin": {}, "identity": {}, "doc_id": {}}
        origins = [w.origin for w in wants if w.origin]
        self._fetch("origin", origins)
        self._fetch("identity", [w.identity for w in wants])
        firsts = [w.first for w in wants] + [w.identity[len(FILE):] for w in wants if w.identity.startswith(FILE)]
        self._fetch("doc_id", firsts)

    def _fetch(self, column: str, values: Iterable[str]) -> None:
        values = sorted(set(values))
        self.known[column].update(dict.fromkeys(values))
        for i in range(0, len(values), 500):
            part = values[i:i + 500]
            sql = f"SELECT {COLUMNS} FROM identities WHERE {column} IN ({','.join('?' * len(part))})"
            for row in self.store._q(sql, part).fetchall():
                found = Row(*row)
                self.known[column][getattr(found, column)] = found

    def _get(self, column: str, value: str) -> Row | None:
        if value not in self.known[column]:
            self._fetch(column, [value])
        return self.known[column][value]

    def by_origin(self, origin: str) -> Row | None:
        return self._get("origin", origin)

    def by_identity(self, identity: str) -> Row | None:
        return self._get("identity", identity)

    def by_doc_id(self, doc_id: str) -> Row | None:
        return self._get("doc_id", doc_id)


def want(raw: RawDocument) -> Want:
    """What ``raw`` asks of the allocation: its identity, the id it would like, its file and text."""
    identity = raw.identity or record_identity(raw.doc_id)
    return Want(identity, raw.doc_id, raw.origin, text_digest(raw.text) if raw.origin else None)


def assign(store: Tables, raws: Sequence[RawDocument]) -> list[RawDocument | ReadError]:
    """Each document with its doc id (and identity) as the store now has them, or an error when the
    id it needs is another input's."""
    if not raws:
        return []
    wants = [want(raw) for raw in raws]
    with store.db.write():
        store.db.lock("document identities", ["all"])
        results, alloc = allocate(wants, SqlView(store, wants))
        if alloc.deleted:
            store.db.many(store.db.sql("DELETE FROM identities WHERE identity = ?"), [(i,) for i in alloc.deleted])
        if alloc.written:
            rows = [(r.identity, r.doc_id, r.origin, r.digest) for r in alloc.written.values()]
            store.db.many(store.db.sql(store.db.upsert("identities", COLUMNS.split(", "))), rows)
    return [outcome(raw, w, row, holder) for raw, w, (row, holder) in zip(raws, wants, results, strict=True)]


def outcome(raw: RawDocument, w: Want, row: Row | None, holder: str) -> RawDocument | ReadError:
    """``raw`` with the doc id its identity was given, or the error saying which input holds it."""
    if row is not None:
        return replace(raw, doc_id=row.doc_id, identity=row.identity)
    if w.identity.startswith(RECORD):
        return ReadError(raw.source, f"id {raw.doc_id!r} is already the id of {describe(holder)} in this store: "
                                     "skipped; give this record another id")
    return ReadError(raw.source, f"no free document id: {raw.doc_id!r} and its labelled path are held by "
                                 f"{describe(holder)}: skipped; rename the file")
