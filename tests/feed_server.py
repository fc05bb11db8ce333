"""A news site on loopback for the feed tests: feeds and article pages written for these tests, and every
way a site goes wrong (a feed that times out, a 404, a redirect loop, a 50 MB page, malformed XML, a
feed whose items change).  It records each request (path, headers, time) and the most requests that
were ever in flight at once.  Nothing here leaves 127.0.0.1, and every loop in it is bounded.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLES = {  # path → (published, text): our own sentences, each reporting one contact
    "/news/call-kaz-uzb.html": ("2024-03-05", "Kazakh President Kassym-Jomart Tokayev held a telephone conversation "
                                "with Uzbek President Shavkat Mirziyoyev on Tuesday; the leaders discussed trade and "
                                "energy supplies."),
    "/news/kgz-rus-moscow.html": ("2024-05-10", "Kyrgyz President Sadyr Japarov met Russian President Vladimir Putin "
                                  "in Moscow on Friday to discuss labour migration and customs rules."),
    "/news/call-rus-kaz.html": ("2024-07-01", "Russian President Vladimir Putin spoke by phone with Kazakh President "
                                "Kassym-Jomart Tokayev on Monday about oil transit."),
    "/news/uzb-kgz-tashkent.html": ("2024-09-18", "Uzbek President Shavkat Mirziyoyev received Kyrgyz President Sadyr "
                                    "Japarov in Tashkent on Wednesday for talks on water and railways."),
    "/news/call-tjk-tkm.html": ("2024-10-02", "Tajik President Emomali Rahmon and Turkmen President Serdar "
                                "Berdimuhamedov talked by telephone on Wednesday about gas."),
}
BIG = 50 * 1024 * 1024  # the 50 MB page
SLOW = 3.0  # seconds the slow feed waits before answering (the tests' timeout is well below)


def page(path: str) -> bytes:
    published, text = ARTICLES[path]
    title = text.split(";")[0].split(" on ")[0]
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{published}T09:00:00Z'></head><body>"
            f"<nav>Home · World · Asia</nav><article><h1>{title}</h1><p>{text}</p>"
            "<p>The two sides agreed to keep in touch, the statement added.</p></article>"
            "<footer>© Loopback News</footer></body></html>").encode()


def rss(paths: list[str], title: str = "Loopback News") -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{p}</link><guid>{p}</guid>"
                    f"<pubDate>{formatdate(1717200000)}</pubDate></item>" for p in paths)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>/</link><description>test feed</description>{items}</channel></rss>").encode()


def atom(paths: list[str]) -> bytes:
    entries = "".join(f"<entry><title>{p}</title><id>tag:loopback,2024:{p}</id><link href='{p}'/>"
                      "<updated>2024-06-01T00:00:00Z</updated></entry>" for p in paths)
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Loopback Atom</title><id>tag:loopback,2024:feed</id><updated>2024-06-01T00:00:00Z</updated>"
            f"{entries}</feed>").encode()


@dataclass
class Site:
    """What the site serves now; a test changes it between passes."""

    changing: list[str] = field(default_factory=lambda: ["/news/call-kaz-uzb.html", "/news/kgz-rus-moscow.html"])
    requests: list[tuple[str, dict[str, str], float]] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> int:
        return sum(1 for p, _h, _t in self.requests if p == path)


class Handler(BaseHTTPRequestHandler):
    site: Site  # set on the subclass the server uses

    def log_message(self, *_args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        site = self.site
        with site.lock:
            site.requests.append((self.path, dict(self.headers), time.monotonic()))
            site.in_flight += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (too large, too slow): what the tests want
        finally:
            with site.lock:
                site.in_flight -= 1

    def route(self) -> None:
        path = self.path
        if path == "/news.rss":
            self.send(rss(["/news/call-kaz-uzb.html", "/news/kgz-rus-moscow.html", "/news/missing.html",
                           "/news/loop.html", "/news/big.html"]), "application/rss+xml", etag='"news-1"')
        elif path == "/changing.rss":
            self.send(rss(self.site.changing), "application/rss+xml", etag=f'"v{len(self.site.changing)}"')
        elif path == "/asia.atom":  # an article also listed by /changing.rss: fetched once
            self.send(atom(["/news/call-rus-kaz.html", "/news/call-kaz-uzb.html"]), "application/atom+xml",
                      modified=formatdate(1717200000, usegmt=True))
        elif path == "/moved.rss":
            self.redirect("/asia.atom")
        elif path in ("/loop-a.rss", "/news/loop.html"):
            self.redirect("/loop-b.rss")
        elif path == "/loop-b.rss":
            self.redirect("/loop-a.rss")
        elif path == "/slow.rss":
            time.sleep(SLOW)
            self.send(rss([]), "application/rss+xml")
        elif path == "/drip.rss":  # a byte at a time, each within the read timeout: only a deadline ends it
            self.drip()
        elif path == "/to-ftp.rss":
            self.redirect("ftp://127.0.0.1/feed.rss")
        elif path == "/broken.rss":
            self.send(b"<?xml version='1.0'?><<rss <channel & not xml at all", "application/rss+xml")
        elif path == "/homepage.rss":
            self.send(b"<!doctype html><html><body><p>Welcome</p></body></html>", "text/html")
        elif path == "/news/big.html":
            self.big()
        elif path in ARTICLES:
            self.send(page(path), "text/html; charset=utf-8")
        else:
            self.send(b"not found", "text/plain", status=404)

    def send(self, body: bytes, ctype: str, *, status: int = 200, etag: str | None = None,
             modified: str | None = None) -> None:
        if (etag and self.headers.get("If-None-Match") == etag) or (
                modified and self.headers.get("If-Modified-Since") == modified):
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (("ETag", etag), ("Last-Modified", modified)):
            if value:
                self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, to: str) -> None:
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        for _ in range(100):  # 20 s at most
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.2)

    def big(self) -> None:
        """50 MB of page, streamed without a Content-Length (so only counting the body can stop it)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"filler " * 9000 + b"</p>\n"
        for _ in range(BIG // len(chunk) + 1):
            self.wfile.write(chunk)


class FeedServer:
    """``with FeedServer() as server``: ``server.url(path)``, ``server.site`` to inspect and change."""

    def __init__(self) -> None:
        self.site = Site()
        handler = type("BoundHandler", (Handler,), {"site": self.site})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
