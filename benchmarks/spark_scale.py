"""Spark scaling: documents/s of the Spark job in local[1] and local[2] beside one plain process.

    python benchmarks/spark_scale.py [N=100000] [--runs 3] [--ingest]

The corpus is benchmarks/corpus.py's (N JSONL documents).  "single process" is the same work
without Spark — read, the per-document pipeline, the merge — in one Python loop; --ingest also
times `summitry.api.ingest` into SQLite.  Each Spark figure is the job alone (read → pipeline →
merge by block → Parquet + JSONL written), the session already started; the start-up is
printed apart.  Medians over --runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from summitry import api  # noqa: E402
from summitry.knowledge import load_kb  # noqa: E402
from summitry.merge import merge  # noqa: E402
from summitry.model import RawDocument  # noqa: E402
from summitry.pipeline import process, process_many  # noqa: E402
from summitry.read import iter_documents  # noqa: E402


def single_process(path: Path, kb) -> tuple[float, int]:
    """Read, the pipeline in batches of 200 (as ingest and the Spark job run it), merge."""
    t0 = time.perf_counter()
    docs = [item for item in iter_documents([path]) if isinstance(item, RawDocument)]
    contacts = [c for i in range(0, len(docs), 200) for out in process_many(docs[i:i + 200], kb)
                if not isinstance(out, Exception) for c in out.contacts]
    events = merge(contacts)
    return time.perf_counter() - t0, len(events)


def ingest(path: Path, kb, work: Path) -> tuple[float, int]:
    db = work / "ingest.db"
    t0 = time.perf_counter()
    report = api.ingest([path], db, kb=kb)
    seconds = time.perf_counter() - t0
    for f in work.glob("ingest.db*"):
        f.unlink()
    return seconds, report.events


def spark_runs(path: Path, kb, work: Path, cores: int, runs: int) -> tuple[float, list[float], int]:
    from summitry.spark import Options, build_session, run

    t0 = time.perf_counter()
    conf = {"spark.driver.memory": "4g", "spark.sql.shuffle.partitions": str(3 * cores)}
    spark = build_session(f"local[{cores}]", conf)
    startup = time.perf_counter() - t0
    times, events = [], 0
    try:
        for _ in range(runs):
            out = work / f"out-{cores}"
            shutil.rmtree(out, ignore_errors=True)
            t0 = time.perf_counter()
            result = run(spark, Options([str(path)], out=str(out)), kb)
            times.append(time.perf_counter() - t0)
            events = result.events
    finally:
        spark.stop()
    return startup, times, events


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", default=100_000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--ingest", action="store_true", help="also time summitry.api.ingest (SQLite)")
    args = ap.parse_args(argv)
    kb = load_kb()
    work = Path(tempfile.mkdtemp(prefix="summitry-spark-"))
    try:
        path = corpus.build(args.n, work / "corpus.jsonl")
        print(f"N = {args.n} documents ({path.stat().st_size / 1e6:.0f} MB JSONL), {args.runs} run(s) each, median")
        process(RawDocument("warm", "Sadyr Japarov met Vladimir Putin.", "warm"), kb)  # build the automaton first
        rows: list[tuple[str, float, int]] = []

        def row(name: str, seconds: float, events: int) -> None:  # printed as measured: a long run shows progress
            rows.append((name, seconds, events))
            print(f"{name:<52} {seconds:8.1f} {args.n / seconds:8.0f} {events:7d}", flush=True)

        print(f"{'mode':<52} {'seconds':>8} {'docs/s':>8} {'events':>7}", flush=True)
        single = [single_process(path, kb) for _ in range(args.runs)]
        row("single process (read+pipeline+merge)", statistics.median(s for s, _ in single), single[0][1])
        if args.ingest:
            done = [ingest(path, kb, work) for _ in range(args.runs)]
            row("single process, api.ingest into SQLite", statistics.median(s for s, _ in done), done[0][1])
        spark: dict[int, float] = {}
        for cores in (1, 2):
            startup, times, events = spark_runs(path, kb, work, cores, args.runs)
            spark[cores] = statistics.median(times)
            row(f"spark local[{cores}] (session start {startup:.0f} s apart)", spark[cores], events)
        print(f"speed-up local[2] / local[1]: {spark[1] / spark[2]:.2f}×; "
              f"local[2] / single process: {rows[0][1] / spark[2]:.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
