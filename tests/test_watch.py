"""``summitry watch`` as a user runs it: a process watching a folder that receives files, stopped by a signal.

The articles are our own sentences (``feed_server.ARTICLES``) under varied dates, so many files report
the same contact and merge into one event, as a real news folder does.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from feed_server import ARTICLES
from summitry import api
from summitry.follow.watch import wanted

SUMMITRY = [sys.executable, "-c", "from summitry.cli import main; main()"]
SENTENCES = [text for _published, text in ARTICLES.values()]


def article(n: int) -> str:
    day = date(2024, 1, 1) + timedelta(days=(n * 7) % 300)
    return f" date {day.isoformat()}\n{SENTENCES[n % len(SENTENCES)]}\n"


@pytest.fixture(autouse=True)
def no_watcher_left():
    """However a test ends, the processes it started end with it."""
    yield
    for proc in Watcher.started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    Watcher.started.clear()


class Watcher:
    """``summitry watch`` in a process, its output lines gathered by two threads."""

    started: list[subprocess.Popen] = []

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([*SUMMITRY, "watch", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, "COLUMNS": "200"})
        Watcher.started.append(self.proc)
        self.out: list[str] = []
        self.err: queue.Queue[str] = queue.Queue()
        self.last = time.monotonic()
        threading.Thread(target=self._gather, args=(self.proc.stdout, self.out.append), daemon=True).start()
        threading.Thread(target=self._gather, args=(self.proc.stderr, self.err.put), daemon=True).start()

    def _gather(self, stream, put) -> None:
        for line in stream:
            self.last = time.monotonic()
            put(line.rstrip("\n"))

    def wait_for_err(self, text: str, timeout: float = 60) -> list[str]:
        seen, end = [], time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                seen.append(self.err.get(timeout=0.2))
            except queue.Empty:
                continue
            if text in seen[-1]:
                return seen
        raise AssertionError(f"no {text!r} on stderr within {timeout} s; got {seen}")

    def wait_quiet(self, stored: set[str], seconds: float = 3.0, timeout: float = 180) -> None:
        """Until every id in ``stored`` has a 'stored' line and nothing was printed for ``seconds``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            done = {line.split()[1] for line in list(self.out) if line.startswith("stored ")}
            if stored <= done and time.monotonic() - self.last > seconds:
                return
            time.sleep(0.2)
        raise AssertionError(f"still missing after {timeout} s: {sorted(stored - done)[:10]}")

    def stop(self, sig: int) -> tuple[int, list[str]]:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=60)
        time.sleep(0.2)  # let the gathering threads read the last lines
        return code, list(self.err.queue)


def _write(folder: Path, n: int) -> None:
    """The n-th file, written in one of the ways files arrive: at once, in two parts, or renamed into place."""
    path = folder / ("late" if n % 10 == 9 else "") / f"doc{n:04d}.txt"
    path.parent.mkdir(exist_ok=True)
    text = article(n)
    if n % 3 == 1:  # in two writes: the watcher may see the first half, and must end with the whole
        with path.open("w", encoding="utf-8") as fh:
            fh.write(text[:20])
            fh.flush()
            time.sleep(1.0 if n in (100, 400, 700) else 0.002)  # a few long enough to be ingested half-written
            fh.write(text[20:])
    elif n % 3 == 2:  # the careful way: a hidden temporary name, then a rename
        tmp = folder / f".doc{n:04d}.part"
        tmp.write_text(text, encoding="utf-8")
        tmp.rename(path)
    else:
        path.write_text(text, encoding="utf-8")


def test_watch_a_folder_receiving_1000_files_stores_what_one_ingest_stores(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(100):  # there before the watch starts
        _write(inbox, n)
    watcher = Watcher(str(inbox), "--db", str(tmp_path / "watch.db"))
    watcher.wait_for_err("watching")
    for n in range(100, 1000):
        _write(inbox, n)
        if n % 100 == 0:
            time.sleep(0.3)  # arrivals in bursts, some during a batch's ingest
    watcher.wait_quiet({f"doc{n:04d}" for n in range(1000)})
    code, err = watcher.stop(signal.SIGTERM)
    assert code == 0, err
    summary = next(line for line in err if line.startswith("watched "))
    assert "0 skipped" in summary, summary
    api.ingest([inbox], tmp_path / "once.db")
    watched, once = list(api.export_jsonl(tmp_path / "watch.db")), list(api.export_jsonl(tmp_path / "once.db"))
    assert len(once) > 50 and watched == once


def test_watch_prints_each_document_and_contact_and_stops_on_sigint(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.txt").write_text(article(0), encoding="utf-8")
    watcher = Watcher(str(inbox), "--db", str(tmp_path / "w.db"))
    watcher.wait_for_err("watching")
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    (inbox / ".hidden.txt").write_text(article(2), encoding="utf-8")
    moved = tmp_path / "bundle"
    moved.mkdir()
    (moved / "inside.txt").write_text(article(3), encoding="utf-8")
    shutil.move(moved, inbox / "bundle")  # a folder moved in: its files have no event of their own
    (inbox / "first.txt").write_text(article(1), encoding="utf-8")  # changed: stored again
    watcher.wait_quiet({"first", "inside"})
    code, err = watcher.stop(signal.SIGINT)
    assert code == 0, err
    assert any(line.startswith("watched ") and "3 documents read" in line for line in err), err
    stored = [line for line in watcher.out if line.startswith("stored ")]
    assert sorted(line.split()[1] for line in stored) == ["first", "first", "inside"]  # not .pdf, not hidden
    # article(1) is dated Monday 2024-01-08 and says "on Friday"
    assert "  contact meeting (occurred) KGZ Sadyr Japarov – RUS Vladimir Putin, 2024-01-05, Moscow" in watcher.out


def test_watch_missing_folder_is_an_error(tmp_path):
    res = subprocess.run([*SUMMITRY, "watch", str(tmp_path / "nowhere"), "--db", str(tmp_path / "w.db")],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "no such file or folder" in res.stderr


@pytest.mark.parametrize(("rel", "change", "kept"), [
    ("a.txt", "added", True), ("sub/b.html", "modified", True), ("c.jsonl", "added", True),
    ("d.pdf", "added", False), (".e.txt", "added", False), (".git/f.txt", "added", False),
    ("g.txt", "deleted", False), ("sub", "modified", False), ("sub", "added", True), ("", "modified", False),
])
def test_watch_filter(tmp_path, rel, change, kept):
    (tmp_path / "sub").mkdir()
    from watchfiles import Change

    assert wanted([tmp_path])(Change[change], str(tmp_path / rel)) is kept
