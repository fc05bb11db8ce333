"""The web app's pipeline runs in one child process, one request at a time, within a time budget.

A 2 MB article full of names costs the pipeline tens of seconds of CPU.  Run in the server's own
threads, two such requests slowed every page read a hundredfold; here they queue for the one
worker (a request that waits too long gets 503), the worker runs at a lower CPU priority than the
server, and one that overruns its budget is killed and replaced, so reads stay fast.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from summitry.model import RawDocument


class Busy(RuntimeError):
    """Another extraction holds the worker for longer than a request may wait."""


class Overrun(RuntimeError):
    """The pipeline did not finish within the time budget (the worker was killed)."""


def _serve(conn: Connection, kb_extra: list[Path], max_entities: int | None) -> None:
    """The child: load the knowledge base once, then process each batch it is sent."""
    from summitry.knowledge import load_kb
    from summitry.pipeline import process_many

    try:
        os.nice(10)  # page reads in the server come first
    except OSError:
        pass
    kb = load_kb(kb_extra)
    while True:
        try:
            docs = conn.recv()
        except EOFError:
            return
        outs = process_many(docs, kb, max_entities=max_entities)
        conn.send([out if not isinstance(out, Exception) else ValueError(str(out)) for out in outs])


class Worker:
    """One pipeline process, started on first use; ``run`` waits at most ``wait`` s for it and gives it
    ``seconds`` s per batch."""

    def __init__(self, kb_extra: list[Path], seconds: float = 10.0, wait: float = 10.0,
                 max_entities: int | None = 2_000) -> None:
        self.kb_extra, self.seconds, self.wait, self.max_entities = kb_extra, seconds, wait, max_entities
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Connection | None = None

    def run(self, docs: list[RawDocument]) -> list[Any]:
        """Each document's ``Processed``, or the exception that stopped it."""
        if not self._lock.acquire(timeout=self.wait):
            raise Busy(f"another article is being processed; try again in a few seconds (waited {self.wait:.0f} s)")
        try:
            conn = self._start()
            conn.send(docs)
            if not conn.poll(self.seconds):
                self.close()
                raise Overrun(f"processing took longer than {self.seconds:g} s and was stopped; send a shorter "
                              "text (or start the server with a larger --extract-seconds)")
            return conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError) as e:
            self.close()
            raise Overrun(f"the pipeline process ended unexpectedly ({e!r}); try again") from e
        finally:
            self._lock.release()

    def _start(self) -> Connection:
        if self._proc is None or not self._proc.is_alive():
            ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
            parent, child = ctx.Pipe()
            self._proc = ctx.Process(target=_serve, args=(child, self.kb_extra, self.max_entities), daemon=True,
                                     name="summitry-extract")
            self._proc.start()
            child.close()
            self._conn = parent
        assert self._conn is not None
        return self._conn

    def close(self) -> None:
        """Stop the worker process (it is started again on the next request)."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc, self._conn = None, None
