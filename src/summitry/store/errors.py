"""What can go wrong with a store, as one line that says what failed and what to do.

The engines raise dozens of error types with messages written for their own developers
("database disk image is malformed", "attempt to write a readonly database", a libpq timeout);
``explain`` turns each into a sentence naming the store and the next step.  ``StoreError`` is
what the store raises itself; ``NotAStore`` is the user's mistake (a folder, another program's
file), which the CLI reports as a usage error rather than as a failure of the store.
"""

from __future__ import annotations

import sqlite3


class StoreError(RuntimeError):
    """The store cannot be used; the message names it and says what to do."""


class NotAStore(StoreError):
    """``--db`` names something that is not a summitry store (a folder, another application's file)."""


class StoreDamaged(StoreError):
    """A damaged page or a stored value that no longer matches its checksum."""


class StoreUnavailable(StoreError):
    """The store did not answer in time (a PostgreSQL server that accepts and never replies)."""


_HINTS = (
    (("database or disk is full", "no space left", "disk full"),
     "the disk is full: free some space and run the same command again (the store is intact; a re-run resumes)"),
    (("readonly database", "read-only", "read only"),
     "the store or its folder is read-only: ingest into a writable copy, or read it with events/export/serve"),
    (("malformed", "not a database", "disk i/o error", "corrupt"),
     "the store is damaged: run 'summitry check', then restore a backup or ingest again into a new store"),
    (("database is locked", "lock timeout", "locknotavailable"),
     "another process held the store too long: wait for it to finish, then run the same command again"),
    (("timeout", "timed out", "could not connect", "connection refused", "server closed", "connection failed"),
     "the database server did not answer: check that it is up and reachable, then run the same command again"),
)


def explain(err: BaseException, where: str) -> str:
    """One line for an error of the store at ``where``: what failed, and what to do."""
    if isinstance(err, StoreError):
        return str(err)
    text = " ".join(str(err).split()) or type(err).__name__
    low = f"{type(err).__name__} {text}".lower()
    hint = next((h for keys, h in _HINTS if any(k in low for k in keys)), None)
    if hint is None:
        hint = "the store could not complete the operation; run 'summitry check' if it happens again"
    return f"store {where}: {text}: {hint}"


def is_store_error(err: BaseException) -> bool:
    """An error raised by a store engine (SQLite, psycopg) or by the store itself."""
    if isinstance(err, StoreError | sqlite3.Error):
        return True
    return type(err).__module__.split(".")[0] == "psycopg"
