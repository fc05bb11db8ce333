"""The store's tables and rows: the schema, and a processed document as the rows it is stored as.

Rows are built where a document is processed (a worker process, a Spark executor), so the one
process that writes only runs SQL; each row carries the checksum (``crc``) ``checks.verified`` tests
on read.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summitry import jsonio
from summitry.merge import block_key, mention_key
from summitry.model import Processed, RawDocument

# 2: the text index (events_fts) and the indexes the web's pages and filters read through;
# 3: a checksum per row, and document identities (see identity.py)
SCHEMA_VERSION = 3
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, source TEXT, url TEXT, published TEXT,
    published_source TEXT, lang TEXT, text TEXT NOT NULL, spans TEXT NOT NULL DEFAULT '[]', crc BIGINT
);
CREATE TABLE IF NOT EXISTS mentions (
    key TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    block TEXT NOT NULL, data TEXT NOT NULL, crc BIGINT
);
CREATE INDEX IF NOT EXISTS mentions_block ON mentions(block);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, block TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
    date_start TEXT, date_end TEXT, countries TEXT NOT NULL, people TEXT NOT NULL, topics TEXT NOT NULL,
    data TEXT NOT NULL, crc BIGINT
);
CREATE INDEX IF NOT EXISTS events_block ON events(block);
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE, mention_key TEXT NOT NULL,
    PRIMARY KEY (event_id, mention_key)
);
CREATE INDEX IF NOT EXISTS event_mentions_mention ON event_mentions(mention_key);
CREATE TABLE IF NOT EXISTS dirty (block TEXT PRIMARY KEY);
"""
# Added in schema 2, so also what an upgrade from 1 creates.  The two sort indexes are the keys the
# event pages order by (undated last either way) and carry every column a filter tests, so a filter
# is checked on the index and only matching rows are read from the table (the JSON makes rows large).
SCHEMA_2 = """
CREATE INDEX IF NOT EXISTS events_sort_asc ON events(COALESCE(date_start, '9999'), id, countries, people, kind,
    status, topics, date_start, date_end);
CREATE INDEX IF NOT EXISTS events_sort_desc ON events(COALESCE(date_start, '0000'), id, countries, people, kind,
    status, topics, date_start, date_end);
CREATE INDEX IF NOT EXISTS events_dates ON events(date_start, date_end);
DROP INDEX IF EXISTS events_date
"""
COLUMNS = {
    "documents": ("doc_id", "content_hash", "source", "url", "published", "published_source", "lang", "text",
                  "spans", "crc"),
    "mentions": ("key", "doc_id", "block", "data", "crc"),
    "events": ("id", "block", "kind", "status", "date_start", "date_end", "countries", "people", "topics", "data",
               "crc"),
}


@dataclass
class Prepared:
    """A processed document as the rows the store writes.

    Built where the document was processed (a worker process), so the one process that writes only
    runs SQL: serialising contacts there would make it the bottleneck of a parallel ingest.
    """

    doc_id: str
    digest: str
    document: tuple[Any, ...]  # the documents row
    mentions: list[tuple[str, str, str, str, int]]  # mentions rows: key, doc_id, block, JSON, checksum
    timings: dict[str, float]


def kept_text(text: str, contacts: Sequence[object]) -> str:
    """The text the store keeps: a document's own only when a contact was read from it.

    Evidence must be checkable against its source; a document nothing came from needs only its
    hash (to be skipped next time), and most of a news feed is such documents.
    """
    return text if contacts else ""


def prepare(p: Processed, digest: str = "", kb_version: str = "") -> Prepared:
    """The rows of one processed document (``digest``: its content hash, computed if not given)."""
    d = p.document
    digest = digest or p.digest or content_hash(RawDocument(d.doc_id, d.text, d.source), kb_version)
    spans = jsonio.dumps([[m.start, m.end, m.kind, m.entity_id] for m in p.spans])
    row = document_row(d.doc_id, digest, d.source, d.url, d.published, d.published_source, d.lang,
                       kept_text(d.text, p.contacts), spans)
    mentions = [mention_row(mention_key(c), d.doc_id, block_key(c), jsonio.dumps(c.to_dict())) for c in p.contacts]
    return Prepared(d.doc_id, digest, row, mentions, p.timings)


def document_row(doc_id: str, digest: str, source: str, url: str | None, published: str | None,
                 published_source: str | None, lang: str, text: str, spans: str) -> tuple[Any, ...]:
    """A ``documents`` row, its checksum last."""
    return (doc_id, digest, source, url, published, published_source, lang, text, spans, crc(text, spans))


def mention_row(key: str, doc_id: str, block: str, data: str) -> tuple[str, str, str, str, int]:
    """A ``mentions`` row, its checksum last."""
    return key, doc_id, block, data, crc(data)


def crc(*parts: str | None) -> int:
    """CRC-32 of the given values (NUL-separated, so moving bytes between them changes it)."""
    return zlib.crc32("\x00".join(p or "" for p in parts).encode("utf-8", "surrogatepass"))


def content_hash(raw: RawDocument, kb_version: str) -> str:
    """What a document's extraction depends on: its text and metadata, and the knowledge base."""
    data = jsonio.dumps([raw.text, raw.url, raw.published, raw.lang, kb_version])
    return hashlib.sha256(data.encode()).hexdigest()
