"""Throughput, memory, start-up and scaling of ``summitry ingest``, beside a baseline pipeline.

    python benchmarks/perf.py                 # full run (1k/10k/100k documents; several minutes)
    python benchmarks/perf.py --quick         # 1k/5k documents, for a quick look

Every figure comes from a fresh child process (so peak RSS is that run's own), on a corpus built
by ``corpus.py`` from the project's fixtures and, when present, ``../shared/eval/dev/articles``.
Medians of ``--repeat`` runs are printed, and ratios are taken against figures measured in the
same invocation.  Needs the ``bench`` extra for the baseline (natasha, dateparser).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

BIN = Path(sys.executable).parent / "summitry"


# --- children: one measurement each ----------------------------------------------------------------

def child_summitry(path: Path, workers: int) -> dict:
    from summitry import api
    from summitry.parallel import batch_gc

    t0 = time.perf_counter()
    from summitry.knowledge import load_kb

    kb = load_kb()
    # built on first use: warmed here, as the baseline's models are loaded before its clock starts
    kb.gate, kb.automaton, [lex.heads for lex in kb.lexicons.values()]
    load = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        with batch_gc():  # as `summitry ingest` runs it
            report = api.ingest([path], db, kb=kb, workers=workers)
        t1 = time.perf_counter()
        with open(os.devnull, "w", encoding="utf-8") as out:
            for line in api.export_jsonl(db):  # what `summitry export` writes
                out.write(line + "\n")
        t2 = time.perf_counter()
    usage = resource.getrusage
    rss = max(usage(resource.RUSAGE_SELF).ru_maxrss, usage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"docs": report.read, "events": report.events, "seconds": t2 - t0, "ingest": t1 - t0, "export": t2 - t1,
            "load": load, "stages": report.timings, "rss_mb": rss / 1024, "bytes": path.stat().st_size}


def child_baseline(path: Path) -> dict:
    import baseline

    from summitry.knowledge import load_kb

    kb = load_kb()
    names = [p["name"] for p in kb.people.values()] + [c["name"] for c in kb.countries.values()]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        n, timings = baseline.run(path, Path(tmp) / "base.db", names)
        total = time.perf_counter() - t0 - timings["load"]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"docs": n, "seconds": total, "stages": timings, "rss_mb": rss / 1024, "bytes": path.stat().st_size}


def child_read(path: Path) -> dict:
    from summitry.read import iter_documents

    t0 = time.perf_counter()
    n = sum(1 for _ in iter_documents([path]))
    return {"docs": n, "seconds": time.perf_counter() - t0}


# --- parent ------------------------------------------------------------------------------------------

def measure(kind: str, path: Path, workers: int = 1) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, str(path), "--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_of(kind: str, path: Path, repeat: int, workers: int = 1) -> dict:
    return _median([measure(kind, path, workers) for _ in range(repeat)])


def paired(a: tuple[str, Path, int], b: tuple[str, Path, int], repeat: int) -> tuple[dict, dict, list[float]]:
    """Medians of two measurements taken in turns (a, b, a, b, …), and the ratio b/a of each pair:
    on a shared machine a slow minute then slows both sides of a ratio, not one."""
    runs_a, runs_b = [], []
    for _ in range(repeat):
        runs_a.append(measure(*a))
        runs_b.append(measure(*b))
    rate = lambda r: r["docs"] / r["seconds"]  # noqa: E731
    ratios = sorted(rate(rb) / rate(ra) for ra, rb in zip(runs_a, runs_b, strict=True))
    return _median(runs_a), _median(runs_b), ratios


def _median(runs: list[dict]) -> dict:
    best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    best["rate"] = best["docs"] / best["seconds"]
    best["rates"] = sorted(r["docs"] / r["seconds"] for r in runs)
    return best


def wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="small corpora, for a quick look")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is printed)")
    ap.add_argument("--baseline-docs", type=int, default=300, help="documents for the (slow) baseline")
    args = ap.parse_args(argv)
    if args.child:
        kind, path = args.child
        fn = {"summitry": lambda: child_summitry(Path(path), args.workers),
              "baseline": lambda: child_baseline(Path(path)), "read": lambda: child_read(Path(path))}[kind]
        print(json.dumps(fn()))
        return 0
    sizes = [1000, 5000] if args.quick else [1000, 10_000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), sizes, args)
    return 0


def run(tmp: Path, sizes: list[int], args: argparse.Namespace) -> None:
    dev = "with dev articles" if corpus.DEV.is_dir() else "bundled examples only (../shared absent)"
    print(f"summitry performance — {os.cpu_count()} cores, Python {sys.version.split()[0]}, corpus: {dev}")
    print(f"medians of {args.repeat} runs; every figure on one core unless --workers says otherwise\n")
    mid = sizes[1]
    rel = {n: corpus.build(n, tmp / f"rel-{n}.jsonl") for n in sizes}
    irr = corpus.build(mid, tmp / f"irr-{mid}.jsonl", irrelevant=True)
    base_in = corpus.build(args.baseline_docs, tmp / "base.jsonl")

    main_run, two, scale = paired(("summitry", rel[mid], 1), ("summitry", rel[mid], 2), args.repeat)
    mb = main_run["bytes"] / 1e6
    print(f"end to end (ingest → store → export), {mid:,} relevant documents, {mb:.1f} MB:")
    print(f"  {main_run['rate']:,.0f} documents/s per core ({mb / main_run['seconds']:.2f} MB/s)   "
          f"runs: {', '.join(f'{r:,.0f}' for r in main_run['rates'])}   peak RSS {main_run['rss_mb']:.0f} MB")
    stages = dict(main_run["stages"], export=main_run["export"])
    total = sum(stages.values())
    print("  per stage (ms per document): " + ", ".join(
        f"{k} {v * 1000 / main_run['docs']:.3f}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])))
    print(f"  accounted {total:.2f} s of {main_run['seconds']:.2f} s (the rest: reading, hashing, the loop)")
    reading = median_of("read", rel[mid], args.repeat)
    print(f"  reading + decoding alone: {reading['rate']:,.0f} documents/s")

    rel_again, irr_run, early = paired(("summitry", rel[mid], 1), ("summitry", irr, 1), args.repeat)
    print(f"\nno leader mentioned (early exit), {mid:,} documents: {irr_run['rate']:,.0f} documents/s "
          f"= {irr_run['rate'] / 1000:.1f}× the 1,000/s floor; {statistics.median(early):.1f}× the relevant rate "
          f"measured in turn with it ({rel_again['rate']:,.0f}/s; pairs {', '.join(f'{r:.1f}' for r in early)})")

    print(f"\n--workers 2 on {mid:,} documents: {two['rate']:,.0f} documents/s = {statistics.median(scale):.2f}× one "
          f"worker (runs taken in turn with the one-worker runs above; pairs {', '.join(f'{r:.2f}' for r in scale)})")

    base = median_of("baseline", base_in, max(1, args.repeat - 2))
    ours = median_of("summitry", base_in, args.repeat)
    print(f"\nbaseline (natasha NER + dateparser + regex gazetteer), same {args.baseline_docs} documents:")
    print(f"  baseline {base['rate']:,.1f} documents/s, summitry {ours['rate']:,.0f} documents/s → "
          f"{ours['rate'] / base['rate']:,.0f}× faster; peak RSS baseline {base['rss_mb']:.0f} MB, "
          f"summitry {ours['rss_mb']:.0f} MB")
    print("  baseline per stage (s): " + ", ".join(f"{k} {v:.2f}" for k, v in base["stages"].items()))

    print("\nscaling (one core, streamed):")
    first = None
    for n in sizes:
        r = median_of("summitry", rel[n], args.repeat if n < 100_000 else 1)
        first = first or r["rate"]
        print(f"  {n:>7,} documents: {r['rate']:,.0f} documents/s ({r['rate'] / first:.0%} of the first), "
              f"{r['events']:,} events, peak RSS {r['rss_mb']:.0f} MB")

    one = tmp / "one.txt"
    one.write_text(" date 2021-05-24\nSadyr Japarov met Vladimir Putin in Sochi.\n", encoding="utf-8")
    help_s = wall([str(BIN), "--help"], 5)
    first_doc = wall([str(BIN), "ingest", str(one), "--db", str(tmp / "first.db"), "-w", "1", "-q"], 5)
    print(f"\nstart-up: `summitry --help` {help_s:.2f} s; launch → first document stored {first_doc:.2f} s "
          "(medians of 5)")


if __name__ == "__main__":
    sys.exit(main())
