"""How the CLI ends: documented exit statuses and one-line failures.

A script driving ``summitry`` must tell "some inputs were skipped" (look at the messages, the rest
is stored) from "the store failed" (nothing more will happen until someone acts) from "the command
was wrong" (fix the call).  Every store failure becomes one line naming the store and the next
step (``store.explain``), never a traceback.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from summitry.store import NotAStore, explain, is_store_error

OK = 0
SKIPPED = 1  # ingest: some inputs were skipped (each reported); everything else was stored
USAGE = 2  # a wrong call: unknown option or value, no store at --db, --db not a summitry store
STORE = 3  # the store failed: damaged, unreachable, full disk, read-only; the message says what to do
INTERRUPTED = 130  # SIGINT or SIGTERM: what was stored stays stored, and a re-run resumes


class Failure(Exception):
    """A failure the CLI reports as one line and ends with ``status``."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@contextmanager
def store_failures(where: str) -> Iterator[None]:
    """Turn an error of the store at ``where`` into a ``Failure``: usage for a missing store or
    something that is not one, STORE for everything the store itself raised."""
    try:
        yield
    except (FileNotFoundError, NotAStore) as e:
        raise Failure(str(e), USAGE) from e
    except Exception as e:
        if not is_store_error(e):
            raise
        raise Failure(explain(e, where), STORE) from e


SHOWN_PER_REASON = 5  # skipped inputs printed one by one per kind of reason; the rest are counted
_SPECIFICS = re.compile(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|\d[\d,.]*")


class SkipCounter:
    """Decides which skipped inputs are printed: the first few of each kind of reason, so a million bad
    lines print a handful and a summary, not a million lines (issue 13)."""

    def __init__(self, shown: int = SHOWN_PER_REASON) -> None:
        self.shown = shown
        self.counts: Counter[str] = Counter()

    def show(self, reason: str) -> bool:
        """Count ``reason``; True while its kind has been met at most ``shown`` times."""
        kind = _SPECIFICS.sub("…", reason)
        self.counts[kind] += 1
        return self.counts[kind] <= self.shown

    def hidden(self) -> list[tuple[int, str]]:
        """(how many were not printed, the kind of reason), most first."""
        return [(n - self.shown, kind) for kind, n in self.counts.most_common() if n > self.shown]
