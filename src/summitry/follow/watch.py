"""``summitry watch``: ingest what the folders hold, then each file as it appears or changes, until stopped.

The watcher is watchfiles (inotify / FSEvents / ReadDirectoryChangesW, polling only where the platform
has nothing better).  It is started *before* the first full ingest, so a file written while that runs
is still seen; the first ingest and a change seen twice both cost nothing extra, as ingest skips a
document stored with the same content.  A file caught half-written is stored as it was and stored
again when the write ends (its last change), so the store ends as a one-shot ingest of the same files
would make it.  Deleting a file does not remove its contacts (neither does ingesting a folder again).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from summitry import api
from summitry.knowledge import KnowledgeBase
from summitry.model import ReadError
from summitry.read import KNOWN_EXT
from summitry.store import Prepared

DEBOUNCE_MS = 800  # changes are gathered this long after the first before a batch is ingested
TIMEOUT_MS = 500  # how often the loop wakes without changes (to notice ``stop``)


@dataclass
class WatchReport:
    batches: int = 0  # ingests run (the first one included)
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    mentions: int = 0
    errors: list[ReadError] = field(default_factory=list)
    events: int = 0  # in the store after the last batch

    def add(self, part: api.IngestReport) -> None:
        self.batches += 1
        self.read += part.read
        self.added += part.stored.added
        self.updated += part.stored.updated
        self.unchanged += part.stored.unchanged
        self.mentions += part.stored.mentions
        self.errors += part.errors
        self.events = part.events


@dataclass
class WatchHooks:
    ready: Callable[[], None] = lambda: None  # the first ingest is done and the watcher is on
    stored: Callable[[Prepared], None] = lambda _p: None
    error: Callable[[ReadError], None] = lambda _e: None


def wanted(roots: Iterable[Path]) -> Callable[[watchfiles.Change, str], bool]:
    """The watch filter: what ingest of these roots would read (known extensions, no hidden entry below
    a root) plus new folders (a folder moved in may bring files no event names); deletions are ignored."""
    resolved = [r.resolve() for r in roots]  # watchfiles reports the paths it was given: pass these

    def keep(change: watchfiles.Change, path: str) -> bool:
        p = Path(path)
        if change == watchfiles.Change.deleted:
            return False
        for root in resolved:
            if p.is_relative_to(root):
                if any(part.startswith(".") for part in p.relative_to(root).parts):
                    return False
                if p.is_dir():  # a folder's own changes say nothing a file's event does not; a new one may
                    return change == watchfiles.Change.added and p != root
                return p == root or p.suffix.lower() in KNOWN_EXT  # a file named on the command line: any name
        return False

    return keep


def watch(paths: list[Path], db: str | Path, *, kb: KnowledgeBase, stop: threading.Event,
          hooks: WatchHooks | None = None, workers: int = 1, max_bytes: int = 5_000_000,
          debounce_ms: int = DEBOUNCE_MS) -> WatchReport:
    """Ingest ``paths`` into ``db`` now and on every change until ``stop`` is set; FileNotFoundError when
    a path does not exist."""
    hooks = hooks or WatchHooks()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    report = WatchReport()
    paths = [p.resolve() for p in paths]

    def ingest(targets: list[Path]) -> None:
        report.add(api.ingest(targets, db, kb=kb, workers=workers, max_bytes=max_bytes, on_error=hooks.error,
                              on_stored=hooks.stored))

    changes = watchfiles.watch(*paths, watch_filter=wanted(paths), debounce=debounce_ms, stop_event=stop,
                               rust_timeout=TIMEOUT_MS, yield_on_timeout=True, raise_interrupt=False)
    first = next(changes, set())  # the watcher is running from here on
    ingest(list(paths))
    hooks.ready()
    batch: set[tuple[watchfiles.Change, str]] | None = first
    while batch is not None and not stop.is_set():
        targets = sorted({Path(p) for _change, p in batch if Path(p).exists()})
        if targets:
            ingest(targets)
        batch = next(changes, None)
    changes.close()
    return report
