"""What ``summitry feeds`` remembers, in two tables of the store beside (never inside) summitry's own.

``feed_sources``: per feed URL, the validators of its last answer (ETag, Last-Modified) for a conditional
GET, and its failures with the time of the next try.  ``feed_items``: every article URL a feed ever
listed, with its state: ``queued`` (to fetch, or to retry after a failure), ``stored`` (ingested: never
fetched again), ``skipped`` (fetched, but no article in it) or ``given up`` (failed ``MAX_TRIES`` times).
An article listed by two feeds is one row, so it is fetched once.  Times are Unix seconds.

The tables are created on first use and read by nothing else: a store without them is a store that
never followed a feed, and dropping them only makes the next run fetch everything again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summitry.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS feed_sources (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, failures INTEGER NOT NULL, next_try BIGINT NOT NULL,
    checked BIGINT, error TEXT
);
CREATE TABLE IF NOT EXISTS feed_items (
    url TEXT PRIMARY KEY, feed TEXT NOT NULL, published TEXT, state TEXT NOT NULL, failures INTEGER NOT NULL,
    next_try BIGINT NOT NULL, first_seen BIGINT NOT NULL, error TEXT
);
CREATE INDEX IF NOT EXISTS feed_items_due ON feed_items(state, next_try)
"""
MAX_TRIES = 6  # an article failing this often (back-off doubling from --every) is given up
MAX_BACKOFF = 24 * 3600  # a failing feed is still tried once a day


def backoff(failures: int, base: float) -> int:
    """Seconds to wait after the ``failures``-th failure in a row: ``base``, then doubling, at most a day."""
    return int(min(base * 2 ** max(0, failures - 1), MAX_BACKOFF))


@dataclass
class FeedSource:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_try: int = 0


@dataclass
class Item:
    url: str
    feed: str
    published: str | None
    failures: int


class Seen:
    """The feed tables of an open (writable) store."""

    def __init__(self, store: Store) -> None:
        self.store, self.db = store, store.db
        with self.db.schema_write():
            for statement in SCHEMA.split(";"):
                self.db.conn.execute(self.db.schema(statement))

    def _q(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        return self.db.conn.execute(self.db.sql(sql), args)

    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        with self.db.write():
            self._q(sql, args)

    def source(self, url: str) -> FeedSource:
        row = self._q("SELECT etag, last_modified, failures, next_try FROM feed_sources WHERE url = ?",
                      (url,)).fetchone()
        return FeedSource(url, *row) if row else FeedSource(url)

    def feed_ok(self, url: str, etag: str | None, last_modified: str | None, now: int) -> None:
        """A feed answered: keep its validators (an answer without them keeps the old ones)."""
        old = self.source(url)
        self._write(self.db.upsert("feed_sources", ("url", "etag", "last_modified", "failures", "next_try",
                                                     "checked", "error")),
                    (url, etag or old.etag, last_modified or old.last_modified, 0, 0, now, None))

    def feed_failed(self, url: str, error: str, now: int, base: float) -> int:
        """Count a failure; returns the time of the next try."""
        old = self.source(url)
        next_try = now + backoff(old.failures + 1, base)
        self._write(self.db.upsert("feed_sources", ("url", "etag", "last_modified", "failures", "next_try",
                                                     "checked", "error")),
                    (url, old.etag, old.last_modified, old.failures + 1, next_try, now, error[:500]))
        return next_try

    def add_items(self, feed: str, items: list[tuple[str, str | None]], now: int) -> int:
        """Queue the ``(article URL, published)`` pairs never seen before; returns how many were new."""
        known = {url for (url,) in self._q(
            f"SELECT url FROM feed_items WHERE url IN ({','.join('?' * len(items))})",
            tuple(u for u, _ in items))} if items else set()
        new = [(u, feed, p, "queued", 0, 0, now, None) for u, p in dict(items).items() if u not in known]
        with self.db.write():
            self.db.many(self.db.sql(self.db.insert_ignore("feed_items", 8)), new)
        return len(new)

    def due_items(self, now: int, limit: int = 1000) -> list[Item]:
        """Queued articles whose time has come, oldest first."""
        rows = self._q("SELECT url, feed, published, failures FROM feed_items WHERE state = 'queued' AND "
                       "next_try <= ? ORDER BY first_seen, url LIMIT ?", (now, limit))
        return [Item(*row) for row in rows]

    def item_done(self, url: str, state: str, error: str | None = None) -> None:
        """``stored`` or ``skipped``: never fetched again."""
        self._write("UPDATE feed_items SET state = ?, error = ? WHERE url = ?", (state, error and error[:500], url))

    def item_failed(self, item: Item, error: str, now: int, base: float) -> str:
        """Count a failed fetch; returns the item's state (``given up`` after ``MAX_TRIES``)."""
        failures = item.failures + 1
        state = "given up" if failures >= MAX_TRIES else "queued"
        self._write("UPDATE feed_items SET state = ?, failures = ?, next_try = ?, error = ? WHERE url = ?",
                    (state, failures, now + backoff(failures, base), error[:500], item.url))
        return state

    def counts(self) -> dict[str, int]:
        return dict(self._q("SELECT state, COUNT(*) FROM feed_items GROUP BY state").fetchall())
