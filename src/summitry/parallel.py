"""Run the per-document pipeline on several cores: an ordered, bounded map over a process pool.

``pipeline.process`` is pure, so any engine can map it; this is the laptop's engine (Spark is the
cluster's).  Chunks of documents go to worker processes that hold the knowledge base from the
start (inherited through fork where the platform has it, else pickled once per worker), and
results come back in input order, so a run gives the same store whatever the number of workers.
At most a few chunks are in flight: a 100,000-file ingest never sits in memory at once.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from summitry.knowledge import KnowledgeBase
from summitry.model import Processed, RawDocument, ReadError
from summitry.pipeline import LimitExceeded, process_many

T = TypeVar("T")
R = TypeVar("R")
MAX_ENTITIES = 2_000  # entity mentions per document; beyond, a document is a list or a dump, not news
Outcome = Processed | ReadError
# What a worker may make of a processed document and its content hash before sending it back (the
# store's ``prepare``: its rows); a module-level function, so a pool can pickle it by name.
Finish = Callable[[Processed, str], Any]


def process_safely(raw: RawDocument, kb: KnowledgeBase, max_entities: int | None = None) -> Outcome:
    """``process`` that reports a failure or an exceeded limit as a ReadError instead of raising."""
    return process_chunk([raw], kb, max_entities)[0]


def process_chunk(chunk: Sequence[RawDocument], kb: KnowledgeBase, max_entities: int | None = None) -> list[Outcome]:
    """``process_many`` with each failure or exceeded limit reported as a ReadError, in input order."""
    return [_outcome(raw, out) for raw, out in zip(chunk, process_many(chunk, kb, max_entities=max_entities),
                                                    strict=True)]


def _outcome(raw: RawDocument, out: Processed | Exception) -> Outcome:
    if isinstance(out, LimitExceeded):
        return ReadError(raw.source, str(out))
    if isinstance(out, Exception):  # a pipeline bug must not stop a million-file run; report it instead
        return ReadError(raw.source, f"pipeline failed on document {raw.doc_id!r}: {type(out).__name__}: {out}")
    out.sentences = []  # not stored; spares pickling them back from a worker
    return out


# The knowledge base of a worker process, set once by the pool's initializer.  Process-local by
# construction (each worker has its own), and never written after start-up.
_WORKER: dict[str, Any] = {}


def _init_worker(kb: KnowledgeBase, max_entities: int | None) -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it (and ends the pool), so
    # the workers print no tracebacks of their own (issue 13).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER["kb"], _WORKER["max_entities"] = kb, max_entities


def _outcomes(chunk: list[RawDocument], kb: KnowledgeBase, max_entities: int | None,
              finish: Finish | None, digests: list[str] | None) -> list[Any]:
    """Processed documents, or with ``finish`` what it makes of each and its digest (ReadErrors as they are)."""
    out = process_chunk(chunk, kb, max_entities)
    if finish is None or digests is None:
        return out
    return [o if isinstance(o, ReadError) else finish(o, h) for o, h in zip(out, digests, strict=True)]


def _work(chunk: list[RawDocument], finish: Finish | None, digests: list[str] | None) -> list[Any]:
    return _outcomes(chunk, _WORKER["kb"], _WORKER["max_entities"], finish, digests)


@contextmanager
def batch_gc(threshold: int = 10_000) -> Iterator[None]:
    """Python's cycle collector set for a long batch run, for the process that owns it (the CLI).

    The pipeline frees almost everything it allocates by reference counting, yet the default
    threshold (700 allocations) ran the collector ~800 times per 10,000 documents, and each full
    pass walked the whole knowledge base: ~2 % of an ingest.  Inside, what exists at entry (the
    knowledge base) is frozen out of collection and collections wait for 10,000 net allocations;
    both are undone on exit.  Forked workers inherit the setting.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Processor:
    """Maps ``process_safely`` over chunks of documents, in order, on ``workers`` processes.

    With one worker everything runs in this process (no pool, no pickling).
    """

    def __init__(self, kb: KnowledgeBase, workers: int = 1, max_entities: int | None = None,
                 in_flight: int = 3) -> None:
        self.kb, self.workers, self.max_entities = kb, max(1, workers), max_entities
        self.in_flight = in_flight * self.workers
        self._pool: Any = None

    def __enter__(self) -> Processor:
        if self.workers > 1:
            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            ctx = mp.get_context(method)
            self._pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.kb, self.max_entities))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate() if exc[0] else self._pool.close()
            self._pool.join()

    def map(self, chunks: Iterable[tuple[T, list[RawDocument]]], *,
            finish: Finish | None = None) -> Iterator[tuple[T, list[Any]]]:
        """(tag, outcomes) for every (tag, chunk), in input order: ``Processed`` or ``ReadError``.

        With ``finish`` (the store's ``prepare``) each tag is the chunk's list of content hashes and
        each processed document is replaced by ``finish(processed, hash)`` in the worker: the store's
        rows are built there, so the one process that writes only runs SQL.
        """
        if self._pool is None:
            for tag, chunk in chunks:
                digests = cast("list[str] | None", tag if finish else None)
                yield tag, _outcomes(chunk, self.kb, self.max_entities, finish, digests)
            return
        yield from self._ordered((tag, _work, (chunk, finish, tag if finish else None)) for tag, chunk in chunks)

    def imap(self, fn: Callable[[Any], R], items: Iterable[Any]) -> Iterator[R]:
        """``map(fn, items)`` on the workers (``fn`` a module-level function), in order, a few items in
        flight; without a pool, in this process."""
        if self._pool is None:
            yield from map(fn, items)
            return
        for _, result in self._ordered((None, fn, (item,)) for item in items):
            yield result

    def _ordered(self, calls: Iterable[tuple[T, Callable[..., Any], tuple[Any, ...]]]) -> Iterator[tuple[T, Any]]:
        """(tag, fn(*args)) for every (tag, fn, args), in input order, at most ``in_flight`` at a time."""
        pending: deque[tuple[T, Any]] = deque()
        for tag, fn, args in calls:
            pending.append((tag, self._pool.apply_async(fn, args)))
            if len(pending) >= self.in_flight:
                done_tag, result = pending.popleft()
                yield done_tag, result.get()
        while pending:
            done_tag, result = pending.popleft()
            yield done_tag, result.get()
