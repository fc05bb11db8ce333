"""Read stage: files, folders, standard input, HTML and JSONL → raw documents or read errors.

Streams: a folder is walked lazily, so a million files never sit in memory at once.  Nothing
here raises for bad input; every problem becomes a ``ReadError`` naming the input and the reason,
and the caller decides (the CLI reports it and goes on).
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from charset_normalizer import from_bytes

from summitry.model import RawDocument, ReadError

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | JSON_EXT
Item = RawDocument | ReadError


def decode(data: bytes) -> str | None:
    """Text from bytes: UTF-8 (BOM or not), UTF-16 with BOM, else a detected legacy encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1251", "koi8_r", "cp1252", "iso8859_5", "mac_cyrillic"]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _TextExtractor(HTMLParser):
    """Fallback HTML → text: body text without scripts, styles or navigation."""

    SKIP = {"script", "style", "noscript", "nav", "footer", "header", "aside", "template"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in self.SKIP:
            self.skipping += 1
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag == "html" and a.get("lang"):
            self.meta.setdefault("lang", a["lang"])
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag == "title":
            self.in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


_DATE_META = ("article:published_time", "datepublished", "pubdate", "date", "dc.date", "og:published_time",
              "publishdate", "article.published")


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def parse_html(html: str, doc_id: str, source: str) -> Item:
    """Article text, publication date, URL and language of an HTML page."""
    meta = _TextExtractor()
    try:
        meta.feed(html)
        meta.close()
    except Exception as err:  # html.parser is lenient; anything left is a broken file
        return ReadError(source, f"cannot parse HTML: {err}")
    text = _trafilatura_text(html) or meta.text()
    title = " ".join(meta.title.split())
    if title and text and not text.startswith(title[:40]):
        text = f"{title}\n{text}"
    if not text.strip():
        return ReadError(source, "no article text in HTML (empty body or only scripts)")
    published = next((d for k in _DATE_META if (d := _iso_date(meta.meta.get(k)))), None)
    published = published or _htmldate(html)
    url = meta.meta.get("canonical") or meta.meta.get("og:url")
    lang = (meta.meta.get("lang") or "")[:2].lower() or None
    return RawDocument(doc_id, text, source, url=url, published=published,
                       published_source="html-meta" if published else None, lang=lang)


def _trafilatura_text(html: str) -> str | None:
    try:
        import trafilatura

        return trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    except Exception:  # trafilatura failing on odd markup falls back to the plain extractor
        return None


def _htmldate(html: str) -> str | None:
    try:
        from htmldate import find_date

        return _iso_date(find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"))
    except Exception:  # no date is a normal outcome, not an error
        return None


def _record(obj: Any, source: str, line: int) -> Item:
    if not isinstance(obj, dict):
        return ReadError(source, f"expected a JSON object, got {type(obj).__name__}", line)
    doc_id, text = obj.get("id"), obj.get("text")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or str(doc_id).strip() == "":
        return ReadError(source, "missing or empty 'id' (a string or number is required)", line)
    if not isinstance(text, str) or not text.strip():
        return ReadError(source, f"record {doc_id!r}: 'text' must be a non-empty string", line)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    published = _iso_date(obj.get("published")) if isinstance(obj.get("published"), str) else None
    lang = obj.get("lang")[:2].lower() if isinstance(obj.get("lang"), str) and obj.get("lang") else None
    return RawDocument(str(doc_id), _normalise(text), source, url=url, published=published,
                       published_source="jsonl" if published else None, lang=lang)


def parse_jsonl(text: str, source: str) -> Iterator[Item]:
    """One document per JSON line; a bad line is an error with its line number, the rest go on."""
    for no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadError(source, f"malformed JSON line: {err.msg} at column {err.colno}", no)
            continue
        yield _record(obj, source, no)


def parse_json(text: str, source: str) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield ReadError(source, f"malformed JSON: {err.msg} at line {err.lineno}")
        return
    for no, obj in enumerate(data if isinstance(data, list) else [data], start=1):
        yield _record(obj, source, no)


def read_file(path: Path, max_bytes: int = 5_000_000) -> Iterator[Item]:
    """Documents of one file, by extension; problems become read errors."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(source, f"file too large: {size:,} bytes > limit {max_bytes:,} (raise it with --max-bytes)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield ReadError(source, f"cannot read: {err.strerror or err}")
        return
    if not data.strip():
        yield ReadError(source, "empty file")
        return
    text = decode(data)
    if text is None:
        yield ReadError(source, "binary file, not text (no known text encoding fits)")
        return
    text = _normalise(text)
    ext = path.suffix.lower()
    if ext in JSONL_EXT:
        yield from parse_jsonl(text, source)
    elif ext in JSON_EXT:
        yield from parse_json(text, source)
    elif ext in HTML_EXT or (ext not in TEXT_EXT and re.match(r"\s*<(!doctype|html)", text, re.I)):
        yield parse_html(text, path.stem, source)
    elif not text.strip():
        yield ReadError(source, "empty file")
    else:
        yield RawDocument(path.stem, text, source)


def _walk(folder: Path) -> Iterator[Path]:
    """Known-extension files under ``folder``, sorted, skipping hidden entries, lazily."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif entry.is_file() and path.suffix.lower() in KNOWN_EXT:
                yield path
        except OSError:
            continue


def _stdin(stream: TextIO | BinaryIO | None) -> Iterator[Item]:
    stream = stream or sys.stdin
    raw = stream.read()
    text = decode(raw) if isinstance(raw, bytes) else raw
    if text is None:
        yield ReadError("<stdin>", "binary input, not text")
        return
    text = _normalise(text)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        yield ReadError("<stdin>", "empty input")
    elif all(ln.lstrip().startswith("{") for ln in lines):
        yield from parse_jsonl(text, "<stdin>")
    else:
        yield RawDocument("stdin", text, "<stdin>")


def iter_documents(paths: Iterable[str | Path], *, max_bytes: int = 5_000_000,
                   stdin: TextIO | BinaryIO | io.BytesIO | None = None) -> Iterator[Item]:
    """Every document (or read error) of the given files, folders and ``-`` (standard input)."""
    for p in paths:
        if str(p) == "-":
            yield from _stdin(stdin)
            continue
        path = Path(p)
        if path.is_dir():
            for f in _walk(path):
                yield from read_file(f, max_bytes)
        elif path.exists():
            yield from read_file(path, max_bytes)
        else:
            yield ReadError(str(p), "no such file or folder")
