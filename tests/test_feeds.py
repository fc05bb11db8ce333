"""``summitry feeds`` end to end against the loopback site of ``feed_server``: what is fetched, how often,
with which headers, and that no feed or page stops the loop."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from feed_server import ARTICLES, FeedServer
from summitry import api
from summitry.cli import app
from summitry.follow.feeds import FeedLoop, Hooks, Options, parse_every, parse_feed, read_feed_list
from summitry.follow.http import Fetcher, FetchError, FetchOptions
from summitry.follow.seen import MAX_TRIES, Seen
from summitry.store import Store
from test_store_postgres import pg, pg_server  # noqa: F401 - fixtures: a scratch PostgreSQL database

GOOD = ["/news.rss", "/changing.rss", "/moved.rss"]
BAD = ["/loop-a.rss", "/slow.rss", "/broken.rss", "/homepage.rss", "/gone.rss"]
FAST = FetchOptions(timeout=0.5, deadline=5.0, max_bytes=1_000_000, delay=0.05)


class Clock:
    """The loop's wall clock, moved by hand: back-off without waiting."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server():
    with FeedServer() as s:
        yield s


def _loop(server, db, kb, paths, clock=None, lines=None) -> FeedLoop:
    hooks = Hooks(say=(lines.append if lines is not None else lambda _line: None))
    return FeedLoop([server.url(p) for p in paths], db, kb, Options(every=60, fetch=FAST), hooks,
                    clock=clock or Clock())


def _stored_urls(db) -> set[str]:
    return {m["url"] for line in api.export_jsonl(db) for m in json.loads(line)["mentions"]}


def test_feeds_pass_stores_new_articles_and_reports_every_failure(server, tmp_path, kb):
    db, lines = tmp_path / "f.db", []
    report = _loop(server, db, kb, GOOD + BAD, lines=lines).run_pass()
    assert report.stored == 3 and report.contacts == 3
    assert _stored_urls(db) == {server.url(p) for p in ("/news/call-kaz-uzb.html", "/news/kgz-rus-moscow.html",
                                                        "/news/call-rus-kaz.html")}
    why = {line.split(": ", 1)[0]: line for line in report.failures}
    assert "redirect" in why[f"feed {server.url('/loop-a.rss')}"]
    assert "timed out" in why[f"feed {server.url('/slow.rss')}"]
    assert "malformed feed" in why[f"feed {server.url('/broken.rss')}"]
    assert "feed" in why[f"feed {server.url('/homepage.rss')}"]  # an HTML page is no feed
    assert "HTTP 404" in why[f"feed {server.url('/gone.rss')}"]
    assert "HTTP 404" in why[f"article {server.url('/news/missing.html')}"]
    assert "redirects" in why[f"article {server.url('/news/loop.html')}"]
    assert "too large" in why[f"article {server.url('/news/big.html')}"]
    assert len(report.failures) == 8 and all(f in lines for f in report.failures)  # each one said, none fatal
    hops = sum(server.site.hits(p) for p in ("/loop-a.rss", "/loop-b.rss", "/news/loop.html"))
    assert hops == 2 * (FAST.max_redirects + 1)  # the feed and the article each: a request and 5 redirects


@pytest.mark.parametrize(("path", "why"), [("/drip.rss", "too slow"), ("/to-ftp.rss", "not an http(s) URL"),
                                           ("/slow.rss", "timed out")])
def test_feeds_fetch_is_bounded(server, path, why):
    options = FetchOptions(timeout=0.5, deadline=1.0, delay=0)
    started = time.monotonic()
    with Fetcher(options) as fetcher, pytest.raises(FetchError, match=re.escape(why)):
        fetcher.get(server.url(path))
    assert time.monotonic() - started < 2.5


def test_feeds_second_pass_is_conditional_and_fetches_nothing_twice(server, tmp_path, kb):
    db, clock = tmp_path / "f.db", Clock()
    loop = _loop(server, db, kb, GOOD + ["/gone.rss"], clock)
    loop.run_pass()
    again = loop.run_pass()  # at once: every feed unchanged, failures still waiting
    assert again.unchanged == 3 and again.new_items == 0 and again.stored == 0
    conditional = [h for p, h, _t in server.site.requests if p in ("/news.rss", "/asia.atom")][2:]
    assert conditional[0]["If-None-Match"] == '"news-1"' and "If-Modified-Since" in conditional[1]
    assert server.site.hits("/gone.rss") == 1 and server.site.hits("/news/missing.html") == 1
    assert all(server.site.hits(p) <= 1 for p in ARTICLES)  # call-kaz-uzb is in two feeds: fetched once


def test_feeds_failures_back_off_and_an_article_is_given_up(server, tmp_path, kb):
    db, clock = tmp_path / "f.db", Clock()
    loop = _loop(server, db, kb, ["/news.rss", "/gone.rss"], clock)
    tries = []
    for _ in range(MAX_TRIES + 2):
        loop.run_pass()
        tries.append(server.site.hits("/gone.rss"))
        clock.now += 61  # past the first back-off only: later ones (doubling) wait longer
    assert tries[:4] == [1, 2, 2, 3]  # 60 s, then 120 s, then 240 s...
    for _ in range(MAX_TRIES + 2):
        clock.now += 86_400
        loop.run_pass()
    assert server.site.hits("/news/missing.html") == MAX_TRIES
    with Store(db) as store:
        assert Seen(store).counts() == {"stored": 2, "given up": 3}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_feeds_items_that_change(server, tmp_path, kb, backend, request):
    db = tmp_path / "f.db" if backend == "sqlite" else request.getfixturevalue("pg")
    loop = _loop(server, db, kb, ["/changing.rss"])
    assert loop.run_pass().stored == 2
    server.site.changing = ["/news/kgz-rus-moscow.html", "/news/uzb-kgz-tashkent.html", "/news/call-tjk-tkm.html"]
    second = loop.run_pass()
    assert (second.new_items, second.stored, second.unchanged) == (2, 2, 0)
    assert all(server.site.hits(p) == 1 for p in ARTICLES if p != "/news/call-rus-kaz.html")
    assert len(list(api.export_jsonl(db))) == 4


def test_feeds_are_polite(server, tmp_path, kb):
    FeedLoop([server.url(p) for p in GOOD], tmp_path / "f.db", kb,
             Options(fetch=FetchOptions(timeout=2, delay=0.2))).run_pass()
    requests = server.site.requests
    assert server.site.most_in_flight == 1
    assert all(h["User-Agent"].startswith("summitry/") for _p, h, _t in requests)
    gaps = [b - a for (_, _, a), (_, _, b) in zip(requests, requests[1:], strict=False)]
    assert len(requests) >= 6 and min(gaps) >= 0.19  # one host: a request, then the delay, then the next


def test_feeds_loop_survives_a_failing_pass(server, tmp_path, kb):
    loop = _loop(server, tmp_path / "f.db", kb, ["/news.rss"])
    loop.options.every = 0.05
    stop, calls, real = threading.Event(), [], loop.run_pass

    def flaky(stop_event=None):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        if len(calls) == 3:
            stop.set()
        return real(stop_event)

    loop.run_pass = flaky
    reports = loop.run(stop)
    assert len(reports) == 3 and "disk full" in reports[0].failures[0] and reports[1].stored == 2


def test_feeds_cli_once(server, tmp_path):
    feeds = tmp_path / "FEEDS.txt"
    feeds.write_text(f"# our sources\n{server.url('/changing.rss')}\n\n{server.url('/asia.atom')}  # atom\n",
                     encoding="utf-8")
    args = ["feeds", str(feeds), "--once", "--db", str(tmp_path / "f.db"), "--delay", "0", "--timeout", "2"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert f"stored {server.url('/news/call-rus-kaz.html')}: 1 contact(s)" in res.output
    assert "contact call (occurred) RUS Vladimir Putin – KAZ Kassym-Jomart Tokayev, 2024-07-01" in res.output
    assert "3 articles stored with 3 contact mentions, 0 failures" in res.output
    feeds.write_text(server.url("/gone.rss") + "\n", encoding="utf-8")
    assert CliRunner().invoke(app, args).exit_code == 1  # cron hears of a failure


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("15m", 900), ("1h30m", 5400), ("1d", 86400),
                                                ("0.5s", 0.5)])
def test_feeds_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["15", "m", "0s", "soon", "-5m"])
def test_feeds_parse_every_refuses(text):
    with pytest.raises(ValueError, match="duration"):
        parse_every(text)


def test_feeds_list_file(tmp_path):
    path = tmp_path / "FEEDS.txt"
    path.write_text("# comment\nhttps://a.example/rss#top\n\nhttps://a.example/rss#top\nfile:///etc/passwd\n"
                    "https://b.example/feed  # evening edition\n", encoding="utf-8")
    urls, bad = read_feed_list(path)
    assert urls == ["https://a.example/rss#top", "https://b.example/feed"]
    assert bad == [f"{path}:5: not an http(s) URL: file:///etc/passwd"]


def test_feeds_parse_feed_keeps_what_a_truncated_feed_holds():
    body = (b"<rss version='2.0'><channel><title>t</title><item><link>/a.html#comments</link>"
            b"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item><item><link>javascript:x</link></item>"
            b"<item><title>cut")
    assert parse_feed(body, "http://127.0.0.1:9/feed.rss") == [("http://127.0.0.1:9/a.html", "2024-03-05")]


def test_feeds_cli_loops_until_sigterm(server, tmp_path):
    feeds = tmp_path / "FEEDS.txt"
    feeds.write_text(server.url("/news.rss") + "\n", encoding="utf-8")
    log = tmp_path / "stderr.txt"
    cmd = [sys.executable, "-c", "from summitry.cli import main; main()", "feeds", str(feeds), "--every", "1s",
           "--delay", "0", "--db", str(tmp_path / "f.db")]
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "COLUMNS": "200"})
    try:
        end = time.monotonic() + 60
        while "not modified" not in log.read_text() and time.monotonic() < end:  # the second pass
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
    text = log.read_text()
    assert "SIGTERM: stopping" in text and "2 articles stored" in text and "pass(es)" in text, text
