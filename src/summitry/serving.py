"""Running the web app under uvicorn so that slow, idle or hostile clients cannot take it down (issue 13).

uvicorn closes a keep-alive connection that stays idle, but not one that opens and then sends its
request headers a byte at a time: 1,100 such sockets made ``summitry serve`` unreachable.  Here a
connection must deliver a complete request head within ``client_timeout`` seconds of opening (or of
its previous response), the number of connections is bounded (503 beyond), and a log line that
repeats is written a few times a minute, then summarised, so a flood cannot fill the disk.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

CLIENT_TIMEOUT = 10.0  # seconds to deliver a request head, idle or slow
MAX_CONNECTIONS = 200  # concurrent connections and requests; more are answered 503
LOG_BURST = 5  # the same log message at most this many times per LOG_WINDOW seconds
LOG_WINDOW = 60.0


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request head."""

    client_timeout = CLIENT_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.client_timeout, self._too_slow)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()  # type: ignore[union-attr]
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # a request head arrived: the app takes it from here

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request head, if any, has the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


class RepeatLimit(logging.Filter):
    """Lets a message through ``LOG_BURST`` times per ``LOG_WINDOW``; then one line saying how many
    like it were dropped, when the window ends and the message comes again."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, list[float]] = {}  # message → [window start, count]

    def filter(self, record: logging.LogRecord) -> bool:
        key, now = str(record.msg), time.monotonic()
        start, count = self.seen.get(key, [now, 0])
        if now - start > LOG_WINDOW:
            dropped = max(0, int(count) - LOG_BURST)
            start, count = now, 0
            if dropped:
                record.msg = f"{record.msg} ({dropped} more like this in the last minute not logged)"
        if len(self.seen) > 1000:  # many distinct messages: forget the old ones
            self.seen.clear()
        self.seen[key] = [start, count + 1]
        return count < LOG_BURST


def uvicorn_options(client_timeout: float = CLIENT_TIMEOUT, max_connections: int = MAX_CONNECTIONS) -> dict[str, Any]:
    """What ``summitry serve`` passes to ``uvicorn.run``, with the repeat limit put on uvicorn's loggers."""
    for name in ("uvicorn.error", "uvicorn.access", "summitry.web"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RepeatLimit) for f in logger.filters):
            logger.addFilter(RepeatLimit())
    protocol = type("GuardedH11", (GuardedH11,), {"client_timeout": client_timeout})
    return {"http": protocol, "timeout_keep_alive": min(5, max(1, int(client_timeout))),
            "limit_concurrency": max_connections, "timeout_graceful_shutdown": 5, "log_level": "warning"}
