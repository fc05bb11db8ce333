"""Answers of the slow aggregate endpoints, kept while the store is unchanged (issue 14, item 15).

Facet counts, the timeline's window, pair rankings and the map read every selected event (0.2-0.8 s
at 10,000 events), and every visitor's first page asks for the same unfiltered ones.  An answer is
kept under the store's version and the request's selection, and the version changes with every
commit by anyone, so an ingest (by this server, a CLI in another process, a raw SQL write) is seen
by the next request; an answer is never served from an older store.

The version is read before the answer is computed: a commit landing in between makes the kept
answer newer than its version says, never older, and only costs one recomputation.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from summitry.store import Store, StoreError

T = TypeVar("T")
SIZE = 64  # answers kept (the least recently used goes first): a few filters of a few pages each


class Answers:
    """Computed answers by (store version, key); one per app, shared by its request threads."""

    def __init__(self, db: str | Path, size: int = SIZE) -> None:
        self.db, self.size = db, size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._probe: Store | None = None  # SQLite: a connection of our own, whose data_version we read
        self._file: tuple[int, int] | None = None

    def get(self, store: Store, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer kept for ``key`` at the store's current version, else ``compute()`` (then kept)."""
        version = self.version(store)
        if version is None:
            return compute()
        full = (version, key)
        with self._lock:
            if full in self._kept:
                self._kept.move_to_end(full)
                return self._kept[full]
        answer = compute()
        with self._lock:
            self._kept[full] = answer
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return answer

    def version(self, store: Store) -> Hashable | None:
        """A token that differs after any commit to the store; None when it cannot be told (not kept then).

        SQLite: ``PRAGMA data_version`` of a connection held open for this (it changes when any other
        connection, in any process, commits), with the file's identity (a store replaced by another
        file).  PostgreSQL: the server's WAL position, which every commit moves (so does any other
        database's on that server: a needless recomputation, never a stale answer).
        """
        if store.db.name != "sqlite":
            try:
                return ("wal", str(store._q("SELECT pg_current_wal_lsn()").fetchone()[0]))
            except Exception:  # a standby, or a role not allowed to ask: compute every time
                return None
        try:
            st = os.stat(self.db)
        except OSError:
            return None
        with self._lock:
            try:
                if self._probe is None or self._file != (st.st_dev, st.st_ino):
                    self._close()
                    self._probe = Store(self.db, readonly=True)
                    self._file = (st.st_dev, st.st_ino)
                    self._kept.clear()
                row = self._probe.conn.execute("PRAGMA data_version").fetchone()
                return (self._file, row[0] if row else None)
            except (StoreError, sqlite3.Error, OSError):  # the request's own reading says what is wrong
                self._close()
                return None

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._probe is not None:
            self._probe.close()
            self._probe = None
