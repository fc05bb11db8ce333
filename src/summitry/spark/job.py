"""The Spark job's driver: read → pipeline in mapPartitions → merge by block → Parquet, JSONL, SQLite.

Partitioning: the cross-document merge is shuffled by ``merge.block_key`` (kind + sorted country
set, or kind + "multi") with a process-stable hash, so every mention of a block meets in one
task and the merge there is merge.py's own, over exactly the block ``summitry ingest`` re-merges.
No time windows: an undated mention may join any event of its block whatever its date (a
syndicated copy of a dated sentence; a "Monday" or "3 May" that fits one anchor), so a window
cut could separate it from its event; blocks are already many and small.  See docs/spark.md.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

from summitry import jsonio, shape
from summitry.knowledge import KnowledgeBase
from summitry.spark.tasks import (
    DocRow,
    ErrRow,
    EventRow,
    MentionRow,
    Read,
    allocate_ids,
    identified,
    list_inputs,
    merge_block,
    process_items,
    read_line,
    read_one,
    read_record,
    stable_hash,
    superseded,
    wanted,
    worker_kb,
)
from summitry.store import IngestResult, Prepared, Store
from summitry.store.rows import COLUMNS, document_row, kept_text, mention_row

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import Row, SparkSession

FORMATS = ("both", "parquet", "jsonl")
DB_BATCH = 1000  # documents per SQLite transaction


@dataclass
class Options:
    paths: list[str]
    out: str | None = None  # folder (any Hadoop URI) for events/, mentions/, documents/, events.jsonl/, errors/
    db: Path | None = None  # a new SQLite store, filled as `summitry ingest` would fill it
    formats: str = "both"
    partitions: int | None = None  # tasks for processing and for the merge (default 3 × cores)
    max_bytes: int = 5_000_000
    overwrite: bool = False


@dataclass
class Result:
    documents: int = 0  # stored (one per document id)
    replaced: int = 0  # copies of a document id that a later or earlier copy superseded
    mentions: int = 0
    events: int = 0
    errors: list[ErrRow] = field(default_factory=list)


def build_session(master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """A session; local ones stay on the loopback interface and run workers in this Python."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("summitry")
    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit chose master and network already
    local = (master or "local").startswith("local") and not (master is None and under_submit)
    if master:
        builder = builder.master(master)
    if local:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false"))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def _dataset_kind(path: str) -> str | None:
    """'parquet' or 'jsonl' for inputs Spark reads itself (any URI, or local Parquet); None for read.py."""
    low = path.lower().rstrip("/")
    if low.endswith(".parquet") or (Path(path).is_dir() and any(Path(path).glob("*.parquet"))):
        return "parquet"
    if "://" in path:
        return "jsonl" if low.endswith((".jsonl", ".ndjson", ".json")) else "parquet"
    return None


def _read(spark: SparkSession, opts: Options, partitions: int) -> tuple[RDD[Any], list[ErrRow]]:
    """(read order, RawDocument or ReadError) for every input: local files by read.py, datasets by Spark."""
    from pyspark.sql import functions as F

    sc, mb = spark.sparkContext, opts.max_bytes
    kinds = [(i, p, _dataset_kind(p)) for i, p in enumerate(opts.paths)]
    files, errors = list_inputs((i, p) for i, p, kind in kinds if kind is None)
    rdds = [sc.parallelize(files, min(len(files), partitions)).flatMap(lambda e: read_one(e, mb))] if files else []
    for i, path, kind in kinds:
        if kind == "parquet":
            df = spark.read.parquet(path)
            if not {"id", "text"} <= set(df.columns):
                errors.append(ErrRow((i, 0, 0), path, None, "Parquet dataset needs 'id' and 'text' columns, has "
                                     + ", ".join(df.columns)))
                continue
            cols = [F.col(c).cast("string").alias(c) if c == "published" else F.col(c)
                    for c in ("id", "text", "url", "published", "lang") if c in df.columns]
            rows = df.select(*cols, F.input_file_name().alias("_src"), F.monotonically_increasing_id().alias("_n"))
            rdds.append(rows.rdd.map(partial(_parquet_row, i, mb)))
        elif kind == "jsonl":
            rows = spark.read.text(path).select("value", F.input_file_name().alias("_src"),
                                                F.monotonically_increasing_id().alias("_n"))
            rdds.append(rows.rdd.flatMap(partial(_jsonl_row, i, mb)))
    return (sc.union(rdds) if rdds else sc.emptyRDD()), errors


def _parquet_row(i: int, max_bytes: int, r: Row) -> Read:
    """A row of the ``i``-th input, a Parquet dataset (with its file and row number added by ``_read``)."""
    record = {k: v for k, v in r.asDict().items() if k not in ("_src", "_n")}
    return read_record(record, r["_src"], (i, r["_n"], 0), max_bytes)


def _jsonl_row(i: int, max_bytes: int, r: Row) -> list[Read]:
    """A line of the ``i``-th input, a JSONL dataset read by Spark; nothing for a blank line."""
    return [x for x in [read_line(r[0], r[1], (i, r[2], 0), max_bytes)] if x]


def run(spark: SparkSession, opts: Options, kb: KnowledgeBase) -> Result:
    """The whole job on an existing session; writes what ``opts`` asks for and returns the counts."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    parts = opts.partitions or max(2, 3 * sc.defaultParallelism)
    version, compiled = kb.version, sc.broadcast(jsonio.dumps(kb.data))

    def process_partition(items: Iterable[Read]) -> Iterator[DocRow | ErrRow]:
        return process_items(items, worker_kb(version, lambda: compiled.value))

    read, errors = _read(spark, opts, parts)
    read.persist(StorageLevel.MEMORY_AND_DISK)  # read once: for the ids below, then for processing
    ids = sc.broadcast(allocate_ids(read.flatMap(wanted).collect()))  # read order decides, as in ingest
    items = read.map(lambda entry: identified(entry, ids.value))
    processed = items.repartition(parts).mapPartitions(process_partition).persist(StorageLevel.MEMORY_AND_DISK)
    errors += cast("RDD[ErrRow]", processed.filter(lambda r: isinstance(r, ErrRow))).collect()  # and caches the rest
    docs = cast("RDD[DocRow]", processed.filter(lambda r: isinstance(r, DocRow)))
    # A document id read more than once: keep the copy `summitry ingest` would have kept (tasks.superseded).
    losers = set(docs.map(lambda d: (d.doc_id, (d.order, d.content_hash))).groupByKey(parts, stable_hash)
                 .flatMap(lambda kv: [(kv[0], o) for o in superseded(kv[1])]).collect())
    dropped = sc.broadcast(losers)
    kept = docs.filter(lambda d: (d.doc_id, d.order) not in dropped.value)
    merged = (kept.flatMap(lambda d: [(block, (key, data)) for key, block, data in d.mentions])
              .groupByKey(parts, stable_hash).flatMap(lambda kv: merge_block(kv[0], kv[1]))
              .persist(StorageLevel.MEMORY_AND_DISK))
    events = cast("RDD[EventRow]", merged.filter(lambda r: isinstance(r, EventRow)))
    mentions = cast("RDD[MentionRow]", merged.filter(lambda r: isinstance(r, MentionRow)))
    counts = merged.map(lambda r: type(r).__name__).countByValue()  # one job; also caches the merge
    result = Result(documents=kept.count(), replaced=len(losers), mentions=counts.get("MentionRow", 0),
                    events=counts.get("EventRow", 0), errors=sorted(errors, key=lambda e: e.order))
    if opts.out:
        _write(spark, opts, kept, events, mentions, result.errors, parts)
    if opts.db:
        write_store(opts.db, kept.toLocalIterator(), events.toLocalIterator(), version)
    for rdd in (read, processed, merged):
        rdd.unpersist()
    return result


def _write(spark: SparkSession, opts: Options, docs: RDD[DocRow], events: RDD[EventRow], mentions: RDD[MentionRow],
           errors: list[ErrRow], parts: int) -> None:
    """Parquet tables shaped like the store's, the export JSONL, and the skipped inputs as JSON lines."""
    out, mode = str(opts.out).rstrip("/"), "overwrite" if opts.overwrite else "errorifexists"
    if opts.formats in ("both", "parquet"):
        spark.createDataFrame(docs.map(lambda d: tuple(getattr(d, c) for c in DOCUMENT_COLUMNS)),
                              DOCUMENT_SCHEMA).write.mode(mode).parquet(f"{out}/documents")
        spark.createDataFrame(mentions.map(tuple), MENTION_SCHEMA).write.mode(mode).parquet(f"{out}/mentions")
        spark.createDataFrame(events.map(_event_columns), EVENT_SCHEMA).write.mode(mode).parquet(f"{out}/events")
    if opts.formats in ("both", "jsonl"):
        lines = spark.createDataFrame(events.map(lambda e: (e.sort_key, e.id, e.line)),
                                      "sort_key string, id string, line string")
        lines = lines.repartitionByRange(parts, "sort_key", "id").sortWithinPartitions("sort_key", "id")
        lines.select("line").write.mode(mode).text(f"{out}/events.jsonl")  # part files in export order
    spark.createDataFrame([(e.source, e.line, e.reason) for e in errors], "source string, line int, reason string"
                          ).coalesce(1).write.mode(mode).json(f"{out}/errors")


# The Parquet events table: the store's events row, with the export line's scalar fields (types from
# ``shape.EVENT``) and the event's mention keys.  Row-only columns are typed here.
EVENT_COLUMNS = ("id", "block", "kind", "status", "date", "date_start", "date_end", "countries", "people", "topics",
                 "confidence", "cameo", "data", "mention_keys")
_ROW_ONLY: Mapping[str, str] = MappingProxyType({
    "block": "string", "countries": "array<string>", "people": "array<string>", "data": "string",
    "mention_keys": "array<string>"})
_SPARK_TYPES: Mapping[str, str] = MappingProxyType({
    shape.TEXT: "string", shape.DAY: "string", shape.INTEGER: "bigint", shape.NUMBER: "double",
    shape.TEXTS: "array<string>"})
EVENT_SCHEMA = ", ".join(f"{c} {_ROW_ONLY.get(c) or _SPARK_TYPES[shape.EVENT.field(c).type]}" for c in EVENT_COLUMNS)
DOCUMENT_COLUMNS = tuple(c for c in COLUMNS["documents"] if c != "crc")  # the store's row, less its checksum
DOCUMENT_SCHEMA = ", ".join(f"{c} string" for c in DOCUMENT_COLUMNS)
MENTION_SCHEMA = ", ".join(f"{c} string" for c in MentionRow._fields)  # the store's row, with its event's id


def _event_columns(row: EventRow) -> tuple[Any, ...]:
    d, e = jsonio.loads(row.data), row.event
    own = {"block": row.block, "countries": [p.country for p in e.participants],
           "people": [p.person_id or p.person or "" for p in e.participants], "data": row.data,
           "mention_keys": list(row.mention_keys)}
    return tuple(own[c] if c in own else d[c] for c in EVENT_COLUMNS)


def write_store(db: Path, docs: Iterator[DocRow], events: Iterator[EventRow], kb_version: str) -> None:
    """Fill a new SQLite store through the store's own row writer (``Tables.write_documents``,
    ``write_event``), so it holds what ingest would."""
    with Store(db) as store:
        if any(store.stats().values()):
            raise ValueError(f"{db} already holds documents; the Spark job fills a new store "
                             "(use 'summitry ingest' to add to an existing one)")
        batch: list[DocRow] = []
        for doc in chain(docs, [None]):  # None: flush the last batch
            if doc is not None:
                batch.append(doc)
            if batch and (doc is None or len(batch) >= DB_BATCH):
                with store.db.write():
                    store.write_documents([_prepared(d) for d in batch], IngestResult())
                batch = []
        with store.db.write():
            for e in events:
                store.write_event(e.block, e.event)


def _prepared(d: DocRow) -> Prepared:
    """The rows ingest would write for a document, from the job's row."""
    spans = jsonio.dumps(jsonio.loads(d.spans))
    row = document_row(d.doc_id, d.content_hash, d.source, d.url, d.published, d.published_source, d.lang,
                       kept_text(d.text, d.mentions), spans)
    mentions = [mention_row(key, d.doc_id, block, data) for key, block, data in d.mentions]
    return Prepared(d.doc_id, d.content_hash, row, mentions, {})
