"""What the Spark job runs on executors: plain functions over plain tuples, no pyspark import.

Kept free of Spark so each step can be tested alone, and so the laptop path and the cluster path
share every rule that decides the output: reading is read.py's, processing is pipeline.py's (via
``parallel.process_chunk`` with ingest's entity limit, whose error messages ``summitry ingest``
prints), merging is merge.py's, and the rows written are serialised exactly as store/rows.py
serialises them.  What the store decides by side effect (a repeated document id replaces the
stored one only when its content changed; a repeated mention key or event id replaces the earlier
row) is spelt out here as explicit rules.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from summitry import jsonio
from summitry.export import contact_from_dict, stored_event_dict, stored_event_json
from summitry.identity import MemoryView, Want, allocate, file_label, folder_label
from summitry.knowledge import KnowledgeBase
from summitry.merge import block_key, mention_key, merge
from summitry.model import Event, RawDocument, ReadError
from summitry.parallel import MAX_ENTITIES, process_chunk  # ingest's error handling and messages
from summitry.read import _loads, _record, _too_large, _walk, read_file
from summitry.store import content_hash
from summitry.store.identities import outcome, want

Order = tuple[int, int, int]  # (input argument, file or row number, record in file): read order
Entry = tuple[Order, str, str | None]  # a file to read: its order, path, and label when met in a folder
Read = tuple[Order, RawDocument | ReadError]  # a document read (or why it could not be), in read order


class DocRow(NamedTuple):
    """One processed document: the store's ``documents`` row plus its mentions as stored."""

    doc_id: str
    order: Order
    content_hash: str
    source: str
    url: str | None
    published: str | None
    published_source: str | None
    lang: str
    text: str
    spans: str  # JSON, as the store writes it
    mentions: tuple[tuple[str, str, str], ...]  # (mention key, block, Contact JSON)


class ErrRow(NamedTuple):
    """An input that was skipped, as ``summitry ingest`` reports it."""

    order: Order
    source: str
    line: int | None
    reason: str


class EventRow(NamedTuple):
    """One merged event: the store's ``events`` row, its export line, and the event itself."""

    id: str
    block: str
    sort_key: str  # the store's export order: COALESCE(date_start, '9999'), then id
    data: str  # the store's events.data: the export shape without mentions
    mention_keys: tuple[str, ...]
    line: str  # one line of `summitry export --format jsonl`
    event: Event  # for writing the SQLite store through its own row writer (store.Tables)


class MentionRow(NamedTuple):
    key: str
    doc_id: str
    block: str
    event_id: str | None  # None when a later event with the same id replaced its event (as in SQLite)
    data: str


# --- reading ---------------------------------------------------------------------------------------


def list_inputs(paths: Iterable[tuple[int, str]]) -> tuple[list[Entry], list[ErrRow]]:
    """Files to read, in ``iter_documents`` order, and the folder errors met while listing them.

    ``paths`` are (argument number, path).  Runs on the driver: only listing happens here, the
    files themselves are read by executors.
    """
    files: list[Entry] = []
    errors: list[ErrRow] = []
    for i, p in paths:
        if str(p) == "-":
            errors.append(ErrRow((i, 0, 0), "<stdin>", None, "standard input cannot be distributed; "
                                 "use 'summitry ingest -' or save it to a file"))
        elif not Path(p).is_dir():
            files.append(((i, 0, 0), str(p), None))
        else:
            root = folder_label(p)
            for n, found in enumerate(_walk(Path(p)), start=1):
                if isinstance(found, ReadError):
                    errors.append(ErrRow((i, n, 0), found.source, found.line, found.reason))
                else:
                    files.append(((i, n, 0), str(found), file_label(root, found.relative_to(p))))
    return files, errors


def read_one(entry: Entry, max_bytes: int) -> Iterator[tuple[Order, RawDocument | ReadError]]:
    """The documents (or read errors) of one file, numbered in the order read.py yields them."""
    (i, n, _), path, label = entry
    for k, item in enumerate(read_file(Path(path), max_bytes, label, walked=label is not None)):
        yield (i, n, k), item


# --- identity ---------------------------------------------------------------------------------------


def wanted(entry: tuple[Order, RawDocument | ReadError]) -> list[tuple[Order, Want]]:
    """What a read document asks of the id allocation (``store.identities.want``); nothing for an error."""
    order, item = entry
    return [(order, want(item))] if isinstance(item, RawDocument) else []


def allocate_ids(wants: Iterable[tuple[Order, Want]]) -> dict[Order, str | None]:
    """The doc ids a new store gives these inputs, in read order, as ``summitry ingest`` would
    (``identity.allocate``): only those that differ from the id read (a file's stem taken by an
    earlier file: its labelled path), and None for an input refused."""
    ordered = sorted(wants, key=lambda w: w[0])
    results, _ = allocate([w for _, w in ordered], MemoryView())
    return {order: row.doc_id if row else None for (order, w), (row, _) in zip(ordered, results, strict=True)
            if row is None or row.doc_id != w.first}


def identified(entry: tuple[Order, RawDocument | ReadError], ids: dict[Order, str | None]
               ) -> tuple[Order, RawDocument | ReadError]:
    """``entry`` with the doc id ``allocate_ids`` gave it, or the error of an input refused."""
    order, item = entry
    if not isinstance(item, RawDocument) or order not in ids:
        return entry
    doc_id = ids[order]
    if doc_id is None:  # the id it needs is another input's: the same message as ingest's
        return order, outcome(item, want(item), None, "")
    return order, dataclasses.replace(item, doc_id=doc_id)


def read_record(obj: Any, source: str, order: Order, max_bytes: int) -> tuple[Order, RawDocument | ReadError]:
    """A dataset row (Parquet or JSONL: ``id``, ``text``, optional ``url``, ``published``, ``lang``)."""
    text = obj.get("text") if isinstance(obj, dict) else None
    if isinstance(text, str) and (size := len(text.encode())) > max_bytes:
        return order, ReadError(source, _too_large("record", size, max_bytes))
    return order, _record(obj, source, None)


def read_line(line: str, source: str, order: Order, max_bytes: int) -> tuple[Order, RawDocument | ReadError] | None:
    """One line of a JSONL dataset read by Spark (which knows no line numbers); None for a blank line."""
    if not line.strip():
        return None
    if (size := len(line.encode())) > max_bytes:
        return order, ReadError(source, _too_large("record", size, max_bytes))
    obj = _loads(line)
    if isinstance(obj, str):
        return order, ReadError(source, f"not valid JSON ({obj}); each line must hold one JSON object")
    return order, _record(obj, source, None)


# --- processing ------------------------------------------------------------------------------------

_KB: dict[str, KnowledgeBase] = {}  # per Python worker process, reused across its tasks


def worker_kb(version: str, compiled: Callable[[], str]) -> KnowledgeBase:
    """The knowledge base, built once per worker process from the broadcast compiled JSON."""
    if version not in _KB:
        _KB.clear()  # one version at a time: a worker never needs two
        _KB[version] = KnowledgeBase(jsonio.loads(compiled()))
    return _KB[version]


def process_items(items: Iterable[tuple[Order, RawDocument | ReadError]], kb: KnowledgeBase,
                  batch: int = 200) -> Iterator[DocRow | ErrRow]:
    """The unchanged pipeline over one partition, ``batch`` documents at a time as ingest runs it;
    failures become error rows, as in ingest."""
    pending: list[tuple[Order, RawDocument | ReadError]] = []
    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            yield from _rows(pending, kb)
            pending = []
    yield from _rows(pending, kb)


def _rows(items: list[tuple[Order, RawDocument | ReadError]], kb: KnowledgeBase) -> Iterator[DocRow | ErrRow]:
    raws = [item for _, item in items if isinstance(item, RawDocument)]
    done = iter(process_chunk(raws, kb, MAX_ENTITIES))
    for order, item in items:
        out = next(done) if isinstance(item, RawDocument) else item
        if isinstance(out, ReadError):
            yield ErrRow(order, out.source, out.line, out.reason)
            continue
        assert isinstance(item, RawDocument)
        d = out.document
        spans = [[m.start, m.end, m.kind, m.entity_id] for m in out.spans]
        # the mentions table's primary key is the mention key: a repeated key keeps the last contact
        by_key = {mention_key(c): c for c in out.contacts}
        mentions = tuple((k, block_key(c), jsonio.dumps(c.to_dict())) for k, c in by_key.items())
        yield DocRow(d.doc_id, order, content_hash(item, kb.version), d.source, d.url, d.published,
                     d.published_source, d.lang, d.text, jsonio.dumps(spans), mentions)


def superseded(occurrences: Iterable[tuple[Order, str]]) -> list[Order]:
    """Which copies of one document id the store would not keep, given (read order, content hash).

    ``summitry ingest`` goes through the copies in read order and replaces the stored one only
    when the content hash differs (an identical copy is "unchanged"), so the survivor is the first
    copy of the last run of identical contents: hashes A, A → the first; A, B, A → the third.
    """
    ordered = sorted(occurrences)
    kept = ordered[0]
    for occ in ordered[1:]:
        if occ[1] != kept[1]:
            kept = occ
    return [order for order, _ in ordered if order != kept[0]]


# --- merging ---------------------------------------------------------------------------------------


def stable_hash(key: str) -> int:
    """A partitioning hash equal in every process (Python's own str hash is salted per process)."""
    return zlib.crc32(key.encode("utf-8"))


def merge_block(block: str, mentions: Iterable[tuple[str, str]]) -> Iterator[EventRow | MentionRow]:
    """Events of one block from its (mention key, Contact JSON) pairs, as the store would hold them.

    The contacts are decoded from the stored JSON (as ``store.remerge.plan_block`` does), merged, and
    each event is exported from its stored form (``export.stored_event_dict``, as ``summitry export``
    does), so the lines are the store's byte for byte.  SQLite's INSERT OR REPLACE keeps the last
    event of a repeated id, and its ON DELETE CASCADE drops the earlier one's mention links: so do we.
    """
    data = dict(sorted(mentions))
    events: dict[str, Event] = {}
    for e in merge(contact_from_dict(jsonio.loads(d)) for d in data.values()):
        events.pop(e.id, None)
        events[e.id] = e
    owner: dict[str, str] = {}
    for e in events.values():
        exported = stored_event_json(e)
        slim = jsonio.dumps(exported)
        keys = tuple(sorted({mention_key(m) for m in e.mentions}))
        owner.update((k, e.id) for k in keys)
        line = jsonio.dumps(stored_event_dict(slim, (data[k] for k in keys)))
        yield EventRow(e.id, block, exported["date_start"] or "9999", slim, keys, line, e)
    for key, d in data.items():
        yield MentionRow(key, key_doc(d), block, owner.get(key), d)


def key_doc(data: str) -> str:
    return str(jsonio.loads(data)["doc_id"])
