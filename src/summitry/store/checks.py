"""Checksums of stored rows, the store checks that use them, and the upgrade that adds them.

Every document, mention and event row carries a CRC-32 of what it serves (a document's text and
spans, a mention's or an event's JSON).  Reads verify it, so a byte flipped on disk inside a value
stops with a clear message instead of being served as fact; ``check`` verifies every row and the
engine's own page structure (``summitry check``); ``quick_check`` is the cheap page-level test an
ingest runs before it writes anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from summitry.identity import legacy_identity
from summitry.store.errors import StoreDamaged
from summitry.store.rows import crc
from summitry.store.tables import Tables

# What schema 3 adds to a store of schema 2: the checksum columns and the identities table.
SCHEMA_3 = """
CREATE TABLE IF NOT EXISTS identities (identity TEXT PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, origin TEXT,
    digest TEXT);
CREATE INDEX IF NOT EXISTS identities_origin ON identities(origin)
"""
CHECKED = (  # table, key column, the columns its checksum covers
    ("documents", "doc_id", ("text", "spans")),
    ("mentions", "key", ("data",)),
    ("events", "id", ("data",)),
)


def verified(value: str, stored: int | None, what: str, where: str) -> str:
    """``value`` if it matches its stored checksum (rows of older stores have none), else StoreDamaged."""
    if stored is not None and crc(value) != stored:
        raise StoreDamaged(f"{where}: {what} does not match its checksum (damaged on disk): run 'summitry check "
                           f"--db {where}', then restore a backup or ingest again into a new store")
    return value


def verified_document(text: str, spans: str, stored: int | None, doc_id: str, where: str) -> None:
    if stored is not None and crc(text, spans) != stored:
        raise StoreDamaged(f"{where}: document {doc_id!r} does not match its checksum (damaged on disk): run "
                           f"'summitry check --db {where}', then restore a backup or ingest again into a new store")


def bad_rows(store: Tables, limit: int = 20) -> Iterator[str]:
    """Rows whose checksum does not match what they hold, at most ``limit``."""
    found = 0
    for table, key, columns in CHECKED:
        sql = f"SELECT {key}, crc, {', '.join(columns)} FROM {table}"
        for row_key, stored, *values in store._q(sql):
            if stored is not None and crc(*values) != stored:
                yield f"{table} row {row_key!r}: checksum mismatch"
                found += 1
                if found >= limit:
                    return


def check(store: Tables) -> list[str]:
    """Everything wrong with the store: the engine's integrity check, row checksums, links; [] if sound."""
    engine = store.db.integrity()
    problems = [] if engine == "ok" else [f"integrity check: {line}" for line in engine.splitlines()[:20]]
    try:
        problems += list(bad_rows(store))
        links = store.integrity()
        problems += [] if links == "ok" or links == engine else [links]
    except Exception as e:  # a damaged page may stop a scan: report it with what was found so far
        problems.append(f"reading the rows failed: {' '.join(str(e).split())}")
    return problems


def quick_check(store: Tables) -> None:
    """Stop before writing into a store with damaged pages (SQLite's quick_check; PostgreSQL checks itself)."""
    result = store.db.quick_check()
    if result != "ok":
        raise StoreDamaged(f"{store.where} is damaged ({result.splitlines()[0]}); nothing was written: run "
                           f"'summitry check --db {store.where}', then restore a backup or ingest into a new store")


def upgrade_to_3(store: Tables) -> None:
    """Schema 2 → 3, inside the schema lock: checksum columns filled in, and every stored document given
    the identity the old naming implied (``identity.legacy_identity``)."""
    for table, _key, _columns in CHECKED:
        if "crc" not in store.db.columns(table):
            store.conn.execute(f"ALTER TABLE {table} ADD COLUMN crc BIGINT")
    for table, key, columns in CHECKED:
        rows = store._q(f"SELECT {key}, {', '.join(columns)} FROM {table}").fetchall()
        store.db.many(store.db.sql(f"UPDATE {table} SET crc = ? WHERE {key} = ?"),
                      [(crc(*values), row_key) for row_key, *values in rows])
    docs: list[tuple[Any, ...]] = [(legacy_identity(doc_id, source), doc_id, None, None)
                                   for doc_id, source in store._q("SELECT doc_id, source FROM documents")]
    store.db.many(store.db.sql(store.db.insert_ignore("identities", 4)), docs)
