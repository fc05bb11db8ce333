"""The probes of issue 13, run against the installed ``summitry`` CLI: one line per probe, held or failed.

Each probe builds its own fixtures in a temporary folder, runs the CLI as a user would (in its own
process, with a timeout, so a hang is a failure and not a stall), and checks the outcome the issue
asks for: no silent overwrite, no hang, no traceback, nothing changed that should not be.

    python benchmarks/faults.py          # or: python benchmarks/reliability.py --faults
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SUMMITRY = [sys.executable, "-m", "summitry.cli"]
MEET = "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\n"
CALL = "On 2022-03-15 Kassym-Jomart Tokayev held a phone call with Vladimir Putin.\n"
TALKS = "On 2023-10-12 Shavkat Mirziyoyev met Emomali Rahmon in Dushanbe.\n"
Probe = Callable[[Path], str | None]  # None: held; else what went wrong


def run(*args: str, stdin: str | None = None, timeout: float = 120, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SUMMITRY, *args], input=stdin, capture_output=True, text=True, timeout=timeout,
                          check=False, env={**os.environ, **(env or {})})


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def events(db: Path) -> list[dict]:
    res = run("export", "--db", str(db))
    return [json.loads(line) for line in res.stdout.splitlines()]


def clean(res: subprocess.CompletedProcess[str]) -> str | None:
    return "traceback printed" if "Traceback" in res.stderr else None


def same_names(tmp: Path) -> str | None:
    put(tmp / "news/outletA/article.txt", MEET)
    put(tmp / "news/outletB/article.txt", CALL)
    put(tmp / "news/2021-05-02/index.html", f"<html><body><p>{TALKS}</p></body></html>")
    run("ingest", str(tmp / "news"), "--db", str(tmp / "s.db"))
    found = len(events(tmp / "s.db"))
    return None if found == 3 else f"{found} events from 3 articles"


def stdin_twice(tmp: Path) -> str | None:
    for text in (MEET, CALL):
        run("ingest", "-", "--db", str(tmp / "s.db"), stdin=text)
    found = len(events(tmp / "s.db"))
    return None if found == 2 else f"{found} events after two stdin ingests"


def non_utf8_name(tmp: Path) -> str | None:
    folder = tmp / "in"
    put(folder / "a.txt", MEET)
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(CALL)
    res = run("ingest", str(folder), "--db", str(tmp / "s.db"))
    return clean(res) or (None if res.returncode == 0 and len(events(tmp / "s.db")) == 2 else res.stderr[-200:])


def fifo(tmp: Path) -> str | None:
    put(tmp / "in/a.txt", MEET)
    os.mkfifo(tmp / "in/pipe.txt")
    try:
        res = run("ingest", str(tmp / "in"), "--db", str(tmp / "s.db"), timeout=60)
    except subprocess.TimeoutExpired:
        return "hung"
    return clean(res) or (None if "FIFO" in res.stderr else "FIFO not reported")


def odd_store_path(tmp: Path) -> str | None:
    put(tmp / "in/a.txt", MEET)
    put(tmp / "in/b.txt", CALL)
    run("ingest", str(tmp / "in"), "--db", str(tmp / "news"))
    res = run("events", "--db", str(tmp / "news?2024.db"), "-f", "json")
    if res.returncode == 0:
        return f"served {len(json.loads(res.stdout))} events of another store"
    return None if not (tmp / "news").with_name("news?2024.db").exists() else "stray file created"


def foreign_sqlite(tmp: Path) -> str | None:
    con = sqlite3.connect(tmp / "app.db")
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    before = hashlib.sha256((tmp / "app.db").read_bytes()).hexdigest()
    res = run("ingest", str(put(tmp / "in/a.txt", MEET)), "--db", str(tmp / "app.db"))
    after = hashlib.sha256((tmp / "app.db").read_bytes()).hexdigest()
    return clean(res) or (None if res.returncode == 2 and before == after else "changed or accepted")


def db_folder(tmp: Path) -> str | None:
    (tmp / "folder").mkdir()
    res = run("events", "--db", str(tmp / "folder"))
    return clean(res) or (None if res.returncode == 2 else f"exit {res.returncode}")


def flipped_value(tmp: Path) -> str | None:
    run("ingest", str(put(tmp / "in/a.txt", MEET)), "--db", str(tmp / "s.db"))
    con = sqlite3.connect(tmp / "s.db")
    con.execute("UPDATE events SET data = replace(data, 'Sochi', 'Sochx')")
    con.commit()
    con.close()
    res = run("export", "--db", str(tmp / "s.db"))
    if "Sochx" in res.stdout:
        return "damaged value served"
    check = run("check", "--db", str(tmp / "s.db"))
    return clean(res) or (None if res.returncode == check.returncode == 3 else "not reported")


def hung_postgres(tmp: Path) -> str | None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        started = time.monotonic()
        res = run("events", "--db", f"postgresql://x@127.0.0.1:{server.getsockname()[1]}/x", timeout=60,
                  env={"SUMMITRY_PG_CONNECT_TIMEOUT": "2"})
        took = time.monotonic() - started
    except subprocess.TimeoutExpired:
        return "hung"
    finally:
        server.close()
    return clean(res) or (None if res.returncode == 3 and took < 30 else f"exit {res.returncode} after {took:.0f} s")


def bad_line_flood(tmp: Path) -> str | None:
    feed = put(tmp / "feed.jsonl", "{bad\n" * 100_000)
    res = run("ingest", str(feed), "--db", str(tmp / "s.db"))
    lines = len(res.stderr.splitlines())
    return None if lines < 20 else f"{lines} stderr lines"


def year_filter(tmp: Path) -> str | None:
    put(tmp / "in/a.txt", MEET)
    put(tmp / "in/b.txt", CALL)
    run("ingest", str(tmp / "in"), "--db", str(tmp / "s.db"))
    res = run("events", "--db", str(tmp / "s.db"), "--since", "2021", "--until", "2021", "-f", "json")
    bad = run("events", "--db", str(tmp / "s.db"), "--since", "2021-13-45")
    found = len(json.loads(res.stdout or "[]"))
    return None if found == 1 and bad.returncode == 2 else f"{found} events in 2021, bad date exit {bad.returncode}"


PROBES: list[tuple[str, Probe]] = [
    ("1 same file name in two folders", same_names), ("1 two stdin ingests", stdin_twice),
    ("2 file name not UTF-8", non_utf8_name), ("3 FIFO among the articles", fifo),
    ("4 '?' in a store path", odd_store_path), ("7 another application's SQLite file", foreign_sqlite),
    ("19 --db a folder", db_folder), ("9 a value changed on disk", flipped_value),
    ("6 PostgreSQL that never answers", hung_postgres), ("12 100,000 bad JSONL lines", bad_line_flood),
    ("15 --since/--until a year", year_filter),
]


def main() -> int:
    failed = 0
    for name, probe in PROBES:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                problem = probe(Path(tmp))
            except Exception as e:  # a probe that crashes counts as failed, with why
                problem = f"{type(e).__name__}: {e}"
        failed += problem is not None
        print(f"{'held  ' if problem is None else 'FAILED'} {name}" + (f": {problem}" if problem else ""), flush=True)
    print(f"{len(PROBES) - failed} held, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
