"""Web app first page load over a store of ≥ 10,000 events: prints figures, it is not a test.

The store is built from synthetic JSONL articles written here from one template per kind ("President
X held a phone call with President Y on <date>", "X met Y in <capital> on <date>") over heads of
state from the knowledge base, with varied dates and pairs, so nearly every article is its own event.
It is kept at --db and reused when it already holds enough events.

Then ``summitry serve`` (its own process) serves it on a free loopback port and headless Chromium
(Debian's, via Playwright) opens the timeline page with an empty cache several times at 1280 and 390 px;
a load counts from navigation start until the timeline and the event list are drawn (the HTML, scripts,
styles and the API calls the page makes), a filter from pressing Filter until the filtered list is drawn.
The median is the figure; target < 1 s.  The server keeps aggregate answers while the store is unchanged
(``summitry.web.cache``), so each figure is also measured right after a write to the store (what the
first visitor after an ingest meets): API calls after a write and asked again, page loads each after a
write of its own.

    python benchmarks/web_load.py [--events 10000] [--runs 7] [--db /tmp/summitry-web-bench.db]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic_articles(n: int, seed: int = 7) -> list[dict]:
    """``n`` one-sentence articles about contacts between heads of state in office 2022–2024."""
    from summitry.knowledge import load_kb

    kb = load_kb()
    leaders = sorted((p["name"], p["country"]) for p in kb.people.values()
                     if any(o["role"] == "head_of_state" and o["end"] is None and o["start"] <= "2021-12-31"
                            for o in p["offices"]))
    rng = random.Random(seed)
    first = dt.date(2022, 1, 1)
    out = []
    for i in range(n):
        (a, ca), (b, cb) = rng.sample(leaders, 2)
        while ca == cb:
            (a, ca), (b, cb) = rng.sample(leaders, 2)
        day = first + dt.timedelta(days=rng.randrange(3 * 365))
        when = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        if i % 2:
            capital = kb.countries[ca].get("capital") or "the capital"
            text = f"President {a} met President {b} in {capital} on {when} to discuss trade and energy."
        else:
            text = f"President {a} held a phone call with President {b} on {when} about regional security."
        out.append({"id": f"bench-{i}", "text": text, "published": day.isoformat(), "lang": "en"})
    return out


def build_store(db: Path, events: int) -> int:
    """Ingest synthetic articles until the store holds at least ``events`` events; returns the count."""
    from summitry import api
    from summitry.store import Store

    if db.exists():
        with Store(db, readonly=True) as store:
            have = store.stats()["events"]
        if have >= events:
            return have
    n = int(events * 1.15)  # a few articles repeat a pair within days and merge
    while True:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.jsonl"
            path.write_text("".join(json.dumps(a) + "\n" for a in synthetic_articles(n)), encoding="utf-8")
            t0 = time.perf_counter()
            report = api.ingest([path], db)
            print(f"ingested {report.read} synthetic articles in {time.perf_counter() - t0:.1f} s "
                  f"-> {report.events} events", file=sys.stderr)
        if report.events >= events:
            return report.events
        n = int(n * events / max(1, report.events)) + 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path) -> tuple[str, subprocess.Popen]:
    """``summitry serve`` in its own process, as deployed (a thread would share the GIL with the browser driver)."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "summitry.cli", "serve", "--db", str(db), "--port", str(port)],
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return base, proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("summitry serve did not start") from None
            time.sleep(0.1)


def touch(db: Path) -> None:
    """Commit a write to the store (a row of its own in ``meta``), as an ingest would: the server's kept
    answers (web/cache.py) are for the store as it was, so the next requests compute afresh."""
    import sqlite3

    con = sqlite3.connect(db)
    with con:
        con.execute("INSERT OR REPLACE INTO meta VALUES ('web-load-touch', ?)", (str(time.time()),))
    con.close()


def api_timings(base: str, runs: int, db: Path) -> dict[str, tuple[float, float]]:
    """Server time of the calls the timeline page makes (and one filtered, one paged): right after a write to
    the store (nothing kept: the median of ``runs``, each after its own write), and asked again (kept)."""
    import httpx

    calls = {"meta": "/api/meta", "events (first 100)": "/api/events?order=desc&limit=100",
             "timeline (dense window)": "/api/timeline", "facets": "/api/facets",
             "timeline for a group": "/api/timeline?group=sco", "facets for a country": "/api/facets?country=KAZ",
             "events for a pair": "/api/events?country=KAZ&country=RUS&limit=500",
             "events, text query": "/api/events?q=Tokayev&limit=500", "pairs ranked": "/api/pairs",
             "country profile": "/api/countries/KAZ", "map": "/api/map", "page HTML": "/"}
    out = {}
    with httpx.Client(base_url=base) as client:
        for name, path in calls.items():
            fresh, kept = [], []
            for _ in range(runs):
                touch(db)
                for times in (fresh, kept):
                    t0 = time.perf_counter()
                    client.get(path).raise_for_status()
                    times.append(time.perf_counter() - t0)
            out[name] = (statistics.median(fresh), statistics.median(kept))
    return out


def page_loads(base: str, runs: int, chromium: str, width: int,
               db: Path | None = None) -> tuple[list[float], list[float]]:
    """Cold first loads of the timeline at ``width`` px, and the time from pressing Filter (one country) until
    the list and the timeline are drawn again.  With ``db``, a write to the store before each load, so no
    answer an earlier load asked for is kept (the first visitor after an ingest)."""
    from playwright.sync_api import sync_playwright

    loads, filters = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(runs):
            if db is not None:
                time.sleep(1.5)  # the previous load's facet counts are computed by now: nothing else runs
                touch(db)
            context = browser.new_context(viewport={"width": width, "height": 900})  # empty cache each time
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector(".vis-item-content")
            page.wait_for_selector("#events > li")
            loads.append(page.evaluate("performance.now()") / 1000)  # ms since navigation start, drawn
            page.wait_for_selector("#country-a option[value=KAZ]", state="attached")
            page.select_option("#country-a", "KAZ")
            t0 = page.evaluate("performance.now()")
            page.click("#filters button[type=submit]")
            page.wait_for_selector("#summary a[href='/country/KAZ']")  # the filtered list is drawn
            page.wait_for_selector("#events > li")
            filters.append((page.evaluate("performance.now()") - t0) / 1000)
            context.close()
        browser.close()
    return loads, filters


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "summitry-web-bench.db")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    count = build_store(args.db, args.events)
    base, server = serve(args.db)
    print(f"store {args.db}: {count} events")
    print(f"  {'API call (median of ' + str(args.runs) + ')':<26} after a write   asked again")
    for name, (fresh, kept) in api_timings(base, args.runs, args.db).items():
        print(f"  {name:<26} {fresh * 1000:9.1f} ms  {kept * 1000:9.1f} ms")
    if Path(args.chromium).exists():
        for width in (1280, 390):
            for label, db in (("first load", None), ("first load after a write", args.db)):
                loads, filters = page_loads(base, args.runs, args.chromium, width, db)
                print(f"{width:>4} px: {label} (timeline window and 100 newest events drawn) median "
                      f"{statistics.median(loads):.3f} s (min {min(loads):.3f}, max {max(loads):.3f}; target < 1 s); "
                      f"filter to one country median {statistics.median(filters):.3f} s, over {len(loads)} cold "
                      "loads")
    else:
        print(f"no browser at {args.chromium}: page load not measured")
    server.terminate()
    server.wait(10)


if __name__ == "__main__":
    main()
