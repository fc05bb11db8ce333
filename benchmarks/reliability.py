"""Reliability figures: ingest a corpus of good and broken inputs; load-test ``summitry serve``.  Not a test.

Part 1 (always): the good part is ``corpus.build`` (bundled examples, plus the dev articles when
present); the broken part is written here: binary files, truncated UTF-8, oversized files, JSONL
with malformed lines and wrong field types, UTF-16 JSONL, empty files, HTML without text, and
hostile but valid articles (script tags, SQL, path-like ids) that must be stored as they are.  Prints
documents ingested, rejections grouped by reason (with the number planted), store integrity, time.

Part 2 (``--load``): a load test against ``summitry serve`` over a store of ``--events`` events (built
once with ``web_load.build_store`` and reused): ``--clients`` concurrent asyncio + httpx clients for
``--seconds`` on loopback, a mix of API calls, while an ingest of new articles writes to the same
store.  Prints p50/p95/p99 latency, requests per second, errors, and the ingest's outcome.  Prints
"skipped: summitry serve not available" when the installed CLI has no ``serve``.

Part 3 (``--faults``): the probes of issue 13 (``faults.py``), one line each, held or failed.

    python benchmarks/reliability.py [--good 2000] [--load] [--faults] [--clients 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (benchmarks/ is not a package)

SUMMITRY = Path(sys.executable).with_name("summitry")
MAX_BYTES = 1_000_000
# ReadError reason → category; the first pattern that matches wins.
CATEGORIES = [
    ("pipeline failure", r"^pipeline failed"),
    ("entity limit", r"entity mentions, more than the limit"),
    ("binary", r"^binary (file|line)"),
    ("oversized", r"too large"),
    ("empty", r"^empty (file|input)|empty 'text'|empty 'id'"),
    ("unsupported encoding", r"UTF-16 JSONL"),
    ("invalid JSON", r"not valid JSON|expected a JSON object"),
    ("wrong field type / missing field", r"'id'|'text'"),
    ("HTML without text", r"no article text in HTML|cannot parse HTML"),
    ("unreadable", r"cannot read"),
]
HOSTILE_TEXT = [
    'Sadyr Japarov met Vladimir Putin in Moscow today. <script>alert("x")</script> was not on the agenda.',
    "Kassym-Jomart Tokayev held a phone conversation with Shavkat Mirziyoyev. '; DROP TABLE events; --",
    "Садыр Жапаров провёл телефонный разговор с Владимиром Путиным. <img src=x onerror=alert(1)> [/] %_",
]


def category(reason: str) -> str:
    return next((name for name, rx in CATEGORIES if re.search(rx, reason)), "other")


def write_broken(folder: Path, rng: random.Random, copies: int) -> Counter:
    """Broken and hostile inputs under ``folder``; returns how many rejections of each category are planted."""
    planted: Counter = Counter()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        (folder / f"image-{i}.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + rng.randbytes(4000))
        (folder / f"archive-{i}.html").write_bytes(b"PK\x03\x04\x00" + rng.randbytes(4000))
        (folder / f"controls-{i}.md").write_bytes(bytes(rng.choice([1, 2, 3, 4, 5, 6, 14, 15]) for _ in range(500)))
        planted["binary"] += 3
        (folder / f"big-{i}.txt").write_bytes(b"Putin met Japarov. " * (MAX_BYTES // 19 + 10))
        planted["oversized"] += 1
        (folder / f"empty-{i}.txt").write_bytes(b"")
        (folder / f"blank-{i}.md").write_bytes(b" \r\n\t\n")
        planted["empty"] += 2
        (folder / f"nobody-{i}.html").write_text("<html><head><title>t</title><script>x()</script></head></html>")
        planted["HTML without text"] += 1
        (folder / f"utf16-{i}.jsonl").write_bytes(codecs.BOM_UTF16_LE + '{"id": "u", "text": "t"}'.encode("utf-16-le"))
        planted["unsupported encoding"] += 1
        lines = ["{not json", "[1, 2, 3]", "null", '"just a string"', "{'single': 'quotes'}", "[" * 5000,
                 json.dumps({"id": f"ok-{i}", "text": HOSTILE_TEXT[i % 3], "published": "2021-03-12"}),
                 json.dumps({"id": None, "text": "no id"}), json.dumps({"id": [1], "text": "list id"}),
                 json.dumps({"id": f"n-{i}", "text": 42}), json.dumps({"id": f"l-{i}", "text": ["a"]}),
                 json.dumps({"id": f"e-{i}", "text": "  "}), json.dumps({"id": True, "text": "bool id"}),
                 json.dumps({"id": f"../../etc/passwd-{i}", "text": HOSTILE_TEXT[(i + 1) % 3],
                             "published": 20210312, "lang": ["en"], "url": {"x": 1}}),
                 json.dumps({"id": f"huge-{i}", "text": "x" * (MAX_BYTES + 10)})]
        (folder / f"feed-{i}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        planted["invalid JSON"] += 6
        planted["wrong field type / missing field"] += 5
        planted["empty"] += 1
        planted["oversized"] += 1
        # Truncated UTF-8 is not rejected: a legacy encoding decodes it (the text is stored as read).
        (folder / f"cut-{i}.txt").write_bytes(HOSTILE_TEXT[2].encode()[: 41 + 2 * i] + b"\xd0")
    return planted


def part_one(good: int, workers: int) -> None:
    from summitry import api
    from summitry.store import Store

    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus.build(good, root / "in" / "good.jsonl")
        planted = write_broken(root / "in" / "broken", rng, copies=max(1, good // 100))
        db = root / "store.db"
        t0 = time.perf_counter()
        report = api.ingest([root / "in"], db, workers=workers, max_bytes=MAX_BYTES)
        elapsed = time.perf_counter() - t0
        with Store(db, readonly=True) as store:
            integrity, stats = store.integrity(), store.stats()
    got = Counter(category(e.reason) for e in report.errors)
    s = report.stored
    print(f"ingest of {good} good JSONL records + broken/hostile files ({workers} worker(s), "
          f"--max-bytes {MAX_BYTES:,}): {elapsed:.1f} s, {report.read / elapsed:.0f} documents/s")
    print(f"  documents ingested: {report.read} ({s.added} new), stored {stats['documents']}, "
          f"{stats['mentions']} mentions, {stats['events']} events")
    print(f"  rejected: {len(report.errors)}")
    for name in sorted(set(got) | set(planted), key=lambda n: -got[n]):
        flag = "" if got[name] == planted[name] else f"   <-- planted {planted[name]}"
        print(f"    {name:<34} {got[name]:>5}{flag}")
    print(f"  store integrity_check: {integrity}")
    example = next((e for e in report.errors if category(e.reason) == "invalid JSON"), None)
    if example:
        print(f"  e.g. {example}")


# --- load test against `summitry serve` ---------------------------------------------------------

def serve_available() -> bool:
    try:
        return subprocess.run([str(SUMMITRY), "serve", "--help"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _requests(rng: random.Random, event_ids: list[str], pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """(name, path) of one request from a browser-like mix."""
    a, b = rng.choice(pairs)
    mix = [("events page", "/api/events?order=desc&limit=100"),
           ("events of a pair", f"/api/events?country={a}&country={b}&limit=200"),
           ("events by person", f"/api/events?person={rng.choice(['Putin', 'Жапаров', 'Tokayev', 'Macron'])}"),
           ("events text query", f"/api/events?q={rng.choice(['trade', 'security', 'Astana', 'Путин'])}&limit=50"),
           ("events date range", "/api/events?since=2023-01-01&until=2023-03-31&limit=200"),
           ("one event", f"/api/events/{rng.choice(event_ids)}"),
           ("pair counts", f"/api/pairs/{a}/{b}"),
           ("meta", "/api/meta"),
           ("entities", f"/api/entities?q={rng.choice(['Japarov', 'Путин', 'Kazakhstan', 'Bishkek'])}")]
    return rng.choice(mix)


async def _client(base: str, until: float, seed: int, event_ids: list[str], pairs: list[tuple[str, str]],
                  samples: list[tuple[str, float, str]]) -> None:
    import httpx

    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < until:
            name, path = _requests(rng, event_ids, pairs)
            t0 = time.perf_counter()
            try:
                res = await client.get(path)
                outcome = "ok" if res.status_code < 400 else f"HTTP {res.status_code}"
            except httpx.HTTPError as err:
                outcome = type(err).__name__
            samples.append((name, time.perf_counter() - t0, outcome))


def _one_at_a_time(base: str, event_ids: list[str], pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Median milliseconds of each kind of request, sent alone: what the load adds is the difference."""
    import httpx

    rng, times = random.Random(1), {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(200):
            name, path = _requests(rng, event_ids, pairs)
            if len(times.setdefault(name, [])) < 3:
                t0 = time.perf_counter()
                client.get(path)
                times[name].append((time.perf_counter() - t0) * 1000)
    return {name: statistics.median(ts) for name, ts in sorted(times.items())}


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def load_test(db: Path, clients: int, seconds: float, events: int) -> None:
    """50 clients for 60 s against `summitry serve` over a 100,000-event store while an ingest runs."""
    if not serve_available():
        print("skipped: summitry serve not available")
        return
    import httpx
    import web_load  # the web benchmark's store builder and server starter

    count = web_load.build_store(db, events)
    with sqlite_ro(db) as conn:
        event_ids = [r[0] for r in conn.execute("SELECT id FROM events ORDER BY random() LIMIT 2000")]
        pairs = [tuple(c.strip(",").split(",")[:2]) for (c,) in
                 conn.execute("SELECT DISTINCT countries FROM events WHERE countries LIKE ',___,___,' LIMIT 500")]
    base, server = web_load.serve(db)
    with tempfile.TemporaryDirectory() as tmp:
        extra = Path(tmp) / "extra.jsonl"
        articles = web_load.synthetic_articles(5_000, seed=99)
        run_id = f"load-{time.strftime('%Y%m%d%H%M%S')}-"  # new ids each run: the ingest really writes
        extra.write_text("".join(json.dumps({**a, "id": run_id + a["id"]}) + "\n" for a in articles))
        try:
            httpx.get(base + "/api/meta", timeout=30).raise_for_status()
            idle = _one_at_a_time(base, event_ids, pairs)
            writer = subprocess.Popen([str(SUMMITRY), "ingest", str(extra), "--db", str(db), "-q", "--workers", "1"],
                                      stderr=subprocess.PIPE, text=True)
            t0 = time.monotonic()
            samples: list[tuple[str, float, str]] = []

            async def run() -> None:
                until = time.monotonic() + seconds
                await asyncio.gather(*(_client(base, until, i, event_ids, pairs, samples) for i in range(clients)))

            asyncio.run(run())
            wall = time.monotonic() - t0
            ingest_state = "still running" if writer.poll() is None else "done"
            writer.communicate(timeout=1200)
            ingest_time = time.monotonic() - t0
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:  # requests still queued: do not wait for them
                server.kill()
                server.wait()
    from summitry.store import Store

    with Store(db, readonly=True) as store:
        integrity, after = store.integrity(), store.stats()["events"]
    times = [t for _, t, _ in samples]
    errors = Counter(o for _, _, o in samples if o != "ok")
    print(f"\nload test: {clients} clients x {seconds:.0f} s on loopback, store of {count} events, "
          f"ingest of {len(articles)} articles running alongside")
    print("  one request at a time, no load, no ingest (median of 3): "
          + ", ".join(f"{name} {ms:.0f} ms" for name, ms in idle.items()))
    print(f"  requests: {len(samples)} ({len(samples) / wall:.0f}/s), errors: {sum(errors.values())} "
          f"{dict(errors) if errors else ''}")
    print(f"  latency: p50 {_pct(times, 50) * 1000:.0f} ms, p95 {_pct(times, 95) * 1000:.0f} ms, "
          f"p99 {_pct(times, 99) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    for name in sorted({n for n, _, _ in samples}):
        ts = [t for n, t, _ in samples if n == name]
        print(f"    {name:<20} n={len(ts):>6}  p50 {_pct(ts, 50) * 1000:7.0f} ms  p99 {_pct(ts, 99) * 1000:7.0f} ms")
    print(f"  concurrent ingest: {ingest_state} when the load ended; exit status {writer.returncode} "
          f"after {ingest_time:.0f} s")
    print(f"  store afterwards: integrity_check {integrity}, {after} events")


def sqlite_ro(db: Path):  # noqa: ANN201 - a sqlite3 connection
    import sqlite3

    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--good", type=int, default=2000, help="good JSONL records from corpus.build")
    ap.add_argument("--workers", type=int, default=0, help="ingest processes (0: every core)")
    ap.add_argument("--load", action="store_true", help="also load-test summitry serve")
    ap.add_argument("--faults", action="store_true", help="also run the fault probes of issue 13 (faults.py)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "summitry-reliability-100k.db")
    args = ap.parse_args()
    from summitry.parallel import default_workers

    part_one(args.good, args.workers or default_workers())
    if args.load:
        load_test(args.db, args.clients, args.seconds, args.events)
    if args.faults:
        import faults

        faults.main()


if __name__ == "__main__":
    main()
