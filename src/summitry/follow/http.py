"""A polite, bounded HTTP GET for feeds and articles (httpx underneath).

Every request: a descriptive User-Agent; connect and read timeouts plus a deadline for the whole
response (a server trickling bytes cannot hold the loop); at most ``max_redirects`` redirects, each to
http(s) only; a body cut at ``max_bytes`` (Content-Length checked first, the stream counted anyway);
conditional GET with a stored ETag / Last-Modified; and one request at a time per host, ``delay``
seconds apart (the loop is sequential, so waiting before each request is all it takes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from summitry import __version__

# Says what is asking and how it behaves; an operator adds how to reach them (``--user-agent``).
USER_AGENT = (f"summitry/{__version__} (news feed reader building a timeline of diplomatic contacts; "
              "one request at a time per host)")


class FetchError(Exception):
    """A request that gave nothing usable; ``str`` says why in words a log reader can act on."""


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0  # seconds to connect, and between two reads of the body
    deadline: float = 60.0  # seconds for a whole response, redirects included
    max_bytes: int = 5_000_000  # a body larger than this is refused (as ingest's --max-bytes)
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified: ``body`` is empty)
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value.strip('"'):
                return value.strip('"')
        return None


@dataclass
class Fetcher:
    """``get`` one URL after another; ``close`` (or ``with``) when done."""

    options: FetchOptions = field(default_factory=FetchOptions)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    last_request: dict[str, float] = field(default_factory=dict)  # host → when its last request ended

    def __post_init__(self) -> None:
        self.client = httpx.Client(headers={"User-Agent": self.options.user_agent},
                                   timeout=httpx.Timeout(self.options.timeout), follow_redirects=False,
                                   # direct, never through a proxy named in the environment: a test's
                                   # loopback site must stay on loopback (no --proxy option yet)
                                   trust_env=False)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The response to a GET of ``url`` (following redirects), or FetchError saying why not."""
        started = self.clock()
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        for _hop in range(self.options.max_redirects + 1):
            _check_scheme(url)
            fetched, url = self._one(url, headers, started)
            if fetched is not None:
                return fetched
        raise FetchError(f"more than {self.options.max_redirects} redirects (a redirect loop?), last to {url}")

    def _one(self, url: str, headers: dict[str, str], started: float) -> tuple[Fetched | None, str]:
        """One request: the response, or None and the URL a redirect points to."""
        host = urlsplit(url).netloc.lower()
        self._wait_for(host)
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                if resp.status_code == 304:  # before is_redirect, which counts 304 among redirects
                    return Fetched(str(resp.url), 304), url
                if resp.is_redirect:
                    return None, str(resp.next_request.url) if resp.next_request else _no_location(url)
                if resp.status_code != 200:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                body = self._body(resp, started)
                return Fetched(str(resp.url), 200, body, resp.headers.get("ETag"), resp.headers.get("Last-Modified"),
                               resp.headers.get("Content-Type", "")), url
        except httpx.TimeoutException as e:
            raise FetchError(f"timed out ({type(e).__name__}, limit {self.options.timeout:g} s)") from e
        except httpx.HTTPError as e:
            raise FetchError(f"{type(e).__name__}: {e}") from e
        finally:
            self.last_request[host] = self.clock()

    def _wait_for(self, host: str) -> None:
        if host in self.last_request:
            pause = self.last_request[host] + self.options.delay - self.clock()
            if pause > 0:
                self.sleep(pause)

    def _body(self, resp: httpx.Response, started: float) -> bytes:
        limit = self.options.max_bytes
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large: {int(declared):,} bytes announced, over the limit of {limit:,}")
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"too large: more than the limit of {limit:,} bytes")
            if self.clock() - started > self.options.deadline:
                raise FetchError(f"too slow: not done after {self.options.deadline:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"not an http(s) URL: {url[:200]}")


def _no_location(url: str) -> str:
    raise FetchError(f"redirect without a usable Location header from {url}")
