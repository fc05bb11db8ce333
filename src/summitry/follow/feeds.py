"""``summitry feeds``: poll RSS/Atom feeds, fetch each new article once, ingest it as HTML ingest would.

A pass: every feed whose time has come is fetched (conditional GET) and parsed with feedparser; the
article URLs it lists that the store has never seen are queued (``seen``); then every queued article
whose time has come is fetched, read like an HTML file (text and date; the feed's date when the page
has none) and ingested under its URL as document id.  A feed or article that fails is reported and
tried again after a back-off that doubles from ``every``; nothing one feed or page does ends the loop.
feedparser only ever parses bytes fetched here: it never goes to the network itself.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser

from summitry import api
from summitry.follow.http import Fetcher, FetchError, FetchOptions
from summitry.follow.seen import Item, Seen
from summitry.knowledge import KnowledgeBase
from summitry.model import RawDocument, ReadError
from summitry.read import parse_bytes
from summitry.store import Prepared, Store

INGEST_EVERY = 20  # articles fetched before they are stored: a stopped pass loses at most these
HTML_TYPES = ("text/html", "application/xhtml")


@dataclass
class Options:
    every: float = 900.0  # seconds between passes; also the first back-off
    fetch: FetchOptions = field(default_factory=FetchOptions)
    workers: int = 1


@dataclass
class PassReport:
    feeds: int = 0  # feeds fetched
    unchanged: int = 0  # of them, answered 304 Not Modified
    new_items: int = 0
    stored: int = 0  # articles ingested
    contacts: int = 0
    failures: list[str] = field(default_factory=list)  # one line per failed feed or article


@dataclass
class Hooks:
    """What the CLI prints: each line the loop has to say, and each stored article with its contacts."""

    say: Callable[[str], None] = lambda _line: None
    stored: Callable[[Prepared], None] = lambda _p: None


def read_feed_list(path: Path) -> tuple[list[str], list[str]]:
    """Feed URLs of a FEEDS.txt (one a line; blank lines and ``#`` comments skipped) and the bad lines."""
    urls: list[str] = []
    bad: list[str] = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        url = line.split(" #", 1)[0].strip()  # a URL may hold '#', a comment starts with ' #'
        if not url or url.startswith("#") or url in urls:
            continue
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc:
            urls.append(url)
        else:
            bad.append(f"{path}:{no}: not an http(s) URL: {url[:200]}")
    return urls, bad


def parse_feed(body: bytes, url: str, content_type: str = "") -> list[tuple[str, str | None]]:
    """``(article URL, published YYYY-MM-DD or None)`` of each item with a link, in feed order; ValueError
    for a body that is no feed (malformed XML with nothing recoverable, an HTML page...)."""
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-type": content_type or "application/xml"})
    if not parsed.entries:
        if parsed.get("bozo"):
            raise ValueError(f"malformed feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):
            raise ValueError("not an RSS or Atom feed")
    items: dict[str, str | None] = {}
    for entry in parsed.entries:
        link = entry.get("link") or next((li.get("href") for li in entry.get("links", []) if li.get("href")), None)
        if not link:
            continue
        article = urldefrag(urljoin(url, link.strip())).url
        if urlsplit(article).scheme in ("http", "https"):
            when = entry.get("published_parsed") or entry.get("updated_parsed")
            items.setdefault(article, time.strftime("%Y-%m-%d", when) if when else None)
    return list(items.items())


def article(fetched_body: bytes, content_type: str, item: Item) -> RawDocument | ReadError:
    """The document of a fetched page, under the item's URL; the feed's date when the page gives none."""
    kind = content_type.split(";")[0].strip().lower()
    if kind and not kind.startswith(HTML_TYPES) and kind != "text/plain":
        return ReadError(item.url, f"not an article page: {kind}")
    charset = next((p.split("=", 1)[1].strip('" ') for p in content_type.split(";")[1:]
                    if p.strip().lower().startswith("charset=")), None)
    doc = parse_bytes(fetched_body, item.url, item.url, html=None if not kind else kind != "text/plain",
                      charset=charset)
    if isinstance(doc, RawDocument):
        doc.url = doc.url or item.url
        if not doc.published and item.published:
            doc.published, doc.published_source = item.published, "feed"
    return doc


class FeedLoop:
    """Passes over the feeds into the store at ``db``; ``run`` loops, ``run_pass`` does one."""

    def __init__(self, feeds: list[str], db: str | Path, kb: KnowledgeBase, options: Options | None = None,
                 hooks: Hooks | None = None, clock: Callable[[], float] = time.time) -> None:
        self.feeds, self.db, self.kb = feeds, db, kb
        self.options, self.hooks, self.clock = options or Options(), hooks or Hooks(), clock

    def run(self, stop: threading.Event) -> list[PassReport]:
        """Passes every ``options.every`` seconds until ``stop`` is set; a pass that fails is reported."""
        reports = []
        while not stop.is_set():
            started = time.monotonic()
            try:
                reports.append(self.run_pass(stop))
            except Exception as e:  # the store gone, a disk full...: say so, and try again next time
                self.hooks.say(f"pass failed: {type(e).__name__}: {e}")
                reports.append(PassReport(failures=[f"pass: {e}"]))
            stop.wait(max(0.0, self.options.every - (time.monotonic() - started)))
        return reports

    def run_pass(self, stop: threading.Event | None = None) -> PassReport:
        stop = stop or threading.Event()
        report = PassReport()
        with Store(self.db) as store, Fetcher(self.options.fetch) as fetcher:
            seen = Seen(store)
            for url in self.feeds:
                if stop.is_set():
                    break
                self._poll(url, seen, fetcher, report)
            pending: list[tuple[Item, RawDocument]] = []
            for item in seen.due_items(int(self.clock())):
                if stop.is_set():
                    break
                doc = self._fetch(item, seen, fetcher, report)
                if doc is not None:
                    pending.append((item, doc))
                if len(pending) >= INGEST_EVERY:
                    self._ingest(pending, seen, report)
                    pending = []
            self._ingest(pending, seen, report)
        return report

    def _poll(self, url: str, seen: Seen, fetcher: Fetcher, report: PassReport) -> None:
        now = int(self.clock())
        source = seen.source(url)
        if source.next_try > now:
            return
        try:
            got = fetcher.get(url, etag=source.etag, last_modified=source.last_modified)
            report.feeds += 1
            items = parse_feed(got.body, got.url, got.content_type) if got.status == 200 else []
        except (FetchError, ValueError) as e:
            again = seen.feed_failed(url, str(e), now, self.options.every)
            self._fail(report, f"feed {url}: {e}; next try at {_hhmm(again)}")
            return
        seen.feed_ok(url, got.etag, got.last_modified, now)
        report.unchanged += got.status == 304
        new = seen.add_items(url, items, now)
        report.new_items += new
        self.hooks.say(f"feed {url}: " + ("not modified" if got.status == 304 else
                                          f"{len(items)} items, {new} new"))

    def _fetch(self, item: Item, seen: Seen, fetcher: Fetcher, report: PassReport) -> RawDocument | None:
        now = int(self.clock())
        try:
            got = fetcher.get(item.url)
        except FetchError as e:
            state = seen.item_failed(item, str(e), now, self.options.every)
            self._fail(report, f"article {item.url}: {e}" + ("; given up" if state == "given up" else
                                                             "; will retry"))
            return None
        doc = article(got.body, got.content_type, item)
        if isinstance(doc, ReadError):
            seen.item_done(item.url, "skipped", doc.reason)
            self._fail(report, f"article {item.url}: {doc.reason}; skipped")
            return None
        return doc

    def _ingest(self, pending: list[tuple[Item, RawDocument]], seen: Seen, report: PassReport) -> None:
        if not pending:
            return
        errors: dict[str, str] = {}

        def stored(p: Prepared) -> None:
            report.contacts += len(p.mentions)
            self.hooks.stored(p)

        api.ingest_documents((doc for _, doc in pending), self.db, kb=self.kb, workers=self.options.workers,
                             on_error=lambda e: errors.__setitem__(e.source, e.reason), on_stored=stored)
        for item, _doc in pending:
            if item.url in errors:
                seen.item_done(item.url, "skipped", errors[item.url])
                self._fail(report, f"article {item.url}: {errors[item.url]}; skipped")
            else:
                seen.item_done(item.url, "stored")
                report.stored += 1

    def _fail(self, report: PassReport, line: str) -> None:
        report.failures.append(line)
        self.hooks.say(line)


def _hhmm(when: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(when))


def parse_every(text: str) -> float:
    """Seconds of ``90s``, ``15m``, ``1h``, ``1h30m``, ``1d``; ValueError for anything else."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    total, number = 0.0, ""
    for ch in text.strip().lower():
        if ch.isdigit() or ch == ".":
            number += ch
        elif ch in units and number:
            total, number = total + float(number) * units[ch], ""
        else:
            raise ValueError(f"not a duration: {text!r} (write e.g. 90s, 15m, 1h, 1h30m)")
    if number or total <= 0:
        raise ValueError(f"not a duration: {text!r} (write e.g. 90s, 15m, 1h, 1h30m: a number and its unit)")
    return total
