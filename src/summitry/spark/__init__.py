"""summitry on Spark: the same pipeline and merge as ``summitry ingest``, spread over a cluster.

    summitry spark articles/ --out out/ [--db new.db] [--master local[2]]
    spark-submit … $(python -c 'import summitry.spark.__main__ as m; print(m.__file__)') s3a://bucket/articles/ --out …

pyspark is imported only when a job runs, so the core package works without it
(``pip install 'summitry[spark]'`` adds it).  The rules live in ``tasks`` (executor side, no
Spark), the orchestration in ``job``; docs/spark.md explains partitioning and cluster sizing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from summitry.spark.job import FORMATS, Options, Result, build_session, run, write_store

__all__ = ["FORMATS", "Options", "Result", "build_session", "main", "run", "write_store"]

SHOWN_ERRORS = 50


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="summitry spark", description="Run the pipeline and the merge on Spark; write Parquet, JSONL and/or "
        "a new SQLite store holding exactly what 'summitry ingest' would.")
    ap.add_argument("paths", nargs="+", metavar="PATH",
                    help="files or folders (read as 'summitry ingest' reads them), Parquet datasets (local, or any "
                         "URI Spark reads), or JSONL datasets given by URI (hdfs://…/*.jsonl)")
    ap.add_argument("--out", metavar="DIR",
                    help="output folder or URI: events/, mentions/, documents/ (Parquet), events.jsonl/, errors/")
    ap.add_argument("--db", type=Path, metavar="FILE", help="also fill this new SQLite store (on the driver)")
    ap.add_argument("--format", dest="formats", choices=FORMATS, default="both", help="what to write under --out")
    ap.add_argument("--master", metavar="URL",
                    help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    ap.add_argument("--partitions", type=int, metavar="N", help="tasks for processing and merging (default 3 × cores)")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark setting")
    ap.add_argument("--kb-extra", action="append", type=Path, default=[], metavar="DIR",
                    help="folder of extra knowledge YAML")
    ap.add_argument("--max-bytes", type=int, default=5_000_000, metavar="N",
                    help="skip files or records larger than this")
    ap.add_argument("--overwrite", action="store_true", help="replace existing output under --out")
    ap.add_argument("--quiet", "-q", action="store_true")
    return ap


def main(argv: list[str] | None = None) -> int:
    """Exit status as ``summitry ingest``: 0, 1 when inputs were skipped, 2 for a usage problem."""
    args = _parser().parse_args(argv)
    if not args.out and not args.db:
        print("summitry spark: give --out, --db or both", file=sys.stderr)
        return 2
    if args.db and args.db.exists() and args.db.stat().st_size:
        print(f"summitry spark: {args.db} exists; the Spark job fills a new store "
              "(use 'summitry ingest' to add to an existing one)", file=sys.stderr)
        return 2
    try:
        conf = dict(kv.split("=", 1) for kv in args.conf)
    except ValueError:
        print("summitry spark: --conf takes KEY=VALUE", file=sys.stderr)
        return 2
    from summitry.knowledge import load_kb

    try:
        kb = load_kb(args.kb_extra)
    except (FileNotFoundError, ValueError) as e:
        print(f"knowledge base: {e}", file=sys.stderr)
        return 2
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("summitry spark needs pyspark and Java 17+: pip install 'summitry[spark]'", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    own = SparkSession.getActiveSession() is None  # stop only a session this call started
    spark = build_session(args.master, conf)
    t0 = time.perf_counter()
    try:
        opts = Options(args.paths, out=args.out, db=args.db, formats=args.formats, partitions=args.partitions,
                       max_bytes=args.max_bytes, overwrite=args.overwrite)
        result = run(spark, opts, kb)
    finally:
        if own:
            spark.stop()
    _report(result, args, time.perf_counter() - t0)
    return 1 if result.errors else 0


def _report(result: Result, args: argparse.Namespace, seconds: float) -> None:
    for e in result.errors[:SHOWN_ERRORS]:
        print(f"skipped {e.source}{f':{e.line}' if e.line else ''}: {e.reason}", file=sys.stderr)
    if len(result.errors) > SHOWN_ERRORS:
        print(f"… and {len(result.errors) - SHOWN_ERRORS} more (all in {args.out}/errors)", file=sys.stderr)
    if not args.quiet:
        where = " and ".join(str(x) for x in (args.out, args.db) if x)
        print(f"{result.documents} documents ({result.replaced} repeated ids superseded), {result.mentions} contact "
              f"mentions, {result.events} events → {where} in {seconds:.1f} s", file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} input(s) skipped (see messages above)", file=sys.stderr)
