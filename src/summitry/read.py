"""Read stage: files, folders, standard input, HTML and JSONL → raw documents or read errors.

Streams: folders are walked lazily and JSONL is read line by line, so a huge corpus never sits in
memory at once.  Nothing here raises for bad input; every problem becomes a ``ReadError`` naming
the input and what to do, and the caller decides (the CLI reports it and goes on).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from summitry import jsonio
from summitry.identity import file_label, folder_label, origin_of, record_identity, text_doc_id, text_identity
from summitry.model import RawDocument, ReadError
from summitry.printable import fs_text
from summitry.rawio import SNIFF, UTF16_BOMS, bounded_lines, decode, file_kind, open_input

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | {".json"}
STDIN = "<stdin>"
Item = RawDocument | ReadError
log = logging.getLogger(__name__)


def _no_nul(text: str) -> str:
    """A NUL past the binary sniff (or a JSON "\\u0000") as U+FFFD: same length, so offsets hold,
    and PostgreSQL, which refuses NUL in text, stores the document like SQLite does."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_large(what: str, size: int | None, limit: int) -> str:
    amount = f"{size:,} bytes" if size is not None else "more than the limit"
    return f"{what} too large: {amount}, over the limit of {limit:,} bytes (raise it with --max-bytes)"


def _iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime string; anything else is no date, not an error."""
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat() if isinstance(value, str) else None
    except ValueError:
        return None


def _lang(value: Any) -> str | None:
    code = value.strip()[:2].lower() if isinstance(value, str) else ""
    return code if len(code) == 2 and code.isalpha() else None


class _Html(HTMLParser):
    """One pass over the page: metadata, title candidates and a plain body text for the fallback."""

    SKIP = {"script", "style", "noscript", "template", "svg", "nav", "footer", "iframe", "select"}
    BLOCK = set("p div br li ul ol h1 h2 h3 h4 h5 h6 tr td table section article main header aside "
                "blockquote pre figure figcaption hr".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.parts: list[str] = []
        self.title = self.h1 = ""
        self.skipping = 0
        self.in_head = self.in_title = self.in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower() if tag == "meta" else ""
        if key and a.get("content"):
            self.meta.setdefault(key, a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        elif tag == "html" and a.get("lang"):
            self.meta.setdefault("lang", a["lang"])
        elif tag == "body":  # also ends an unclosed <head>
            self.in_head, self.skipping = False, 0
        self.in_head = self.in_head or tag == "head"
        self.in_title = self.in_title or tag == "title"
        self.in_h1 = self.in_h1 or (tag == "h1" and not self.h1)
        self.skipping += tag in self.SKIP
        self.parts.append("\n" if tag in self.BLOCK else "")

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in self.SKIP and self.skipping > 0
        self.in_head = self.in_head and tag != "head"
        self.in_title = self.in_title and tag != "title"
        self.in_h1 = self.in_h1 and tag != "h1"
        self.parts.append("\n" if tag in self.BLOCK else "")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.in_head and not self.skipping:
            self.parts.append(data)
            self.h1 += data if self.in_h1 else ""

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)

    def best_title(self) -> str:
        title = next((t for t in (self.meta.get("og:title", ""), self.h1, self.title) if t.strip()), "")
        return " ".join(title.split())


_DATE_META = ("article:published_time", "datepublished", "pubdate", "date")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.I)


@cache
def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as err:  # a broken install degrades to the plain extractor, but says so
        log.warning("trafilatura unavailable (%s); falling back to plain HTML tag stripping", err)
        return None
    return trafilatura


def _article_text(html: str) -> str:
    try:
        mod = _trafilatura()
        text = mod.extract(html, include_comments=False, include_tables=False) if mod else None
        return _newlines(text or "").strip()
    except Exception as err:  # odd markup must not stop a run; the plain extractor still works
        log.debug("trafilatura failed: %s", err)
        return ""


def _htmldate(html: str) -> str | None:
    try:
        from htmldate import find_date

        # bytes, not str: htmldate downloads a str that looks like a URL, and reading stays offline
        return _iso_date(find_date(html.encode("utf-8"), extensive_search=False, original_date=True,
                                   outputformat="%Y-%m-%d"))
    except Exception:  # no date is a normal outcome, not an error
        return None


# An inline tag between two letters ("talks with<b>Tokayev</b>in Moscow") is a word break in what a
# reader sees: without a space there, extraction glues the name to its neighbours.
_INLINE_BETWEEN_LETTERS = re.compile(
    r"(?<=[^\W\d_])(</?(?:a|b|strong|i|em|span|font|u|mark|small)\b[^>]*>)(?=[^\W\d_])", re.IGNORECASE)


def parse_html(html: str, doc_id: str, source: str) -> Item:
    """Article text (title first), publication date, canonical URL and language of an HTML page."""
    html = _INLINE_BETWEEN_LETTERS.sub(r" \1", html)
    page = _Html()
    try:
        page.feed(html)
        page.close()
    except Exception as err:  # html.parser is lenient; what it still rejects is a broken file
        return ReadError(source, f"cannot parse HTML: {err}")
    text = _article_text(html) or page.text()
    if not text:
        return ReadError(source, "no article text in HTML (no <body> text, only markup, scripts or styles)")
    title = page.best_title()
    text = text if not title or text.startswith(title) else f"{title}\n{text}"
    published = next((d for k in _DATE_META if (d := _iso_date(page.meta.get(k)))), None) or _htmldate(html)
    urls = [u for u in (page.meta.get("canonical"), page.meta.get("og:url")) if u]
    url = next((u for u in urls if u.startswith(("http://", "https://"))), urls[0] if urls else None)
    return RawDocument(doc_id, _no_nul(text), source, url=url, published=published,
                       published_source="html-meta" if published else None, lang=_lang(page.meta.get("lang")))


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")


def _record(obj: Any, source: str, line: int | None, where: str = "") -> Item:
    """One JSON object → a document, or an error saying which field is wrong."""
    if not isinstance(obj, dict):
        return ReadError(source, f"{where}expected a JSON object, got {_json_type(obj)}", line)
    doc_id, text = obj.get("id"), obj.get("text")
    problem = None
    if doc_id is None:
        problem = "missing 'id' (every record needs an 'id', a string or integer)"
    elif isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        problem = f"'id' must be a string or integer, got {_json_type(doc_id)}"
    elif not str(doc_id).strip():
        problem = "empty 'id'"
    elif text is None:
        problem = f"record {doc_id!r}: missing 'text'"
    elif not isinstance(text, str):
        problem = f"record {doc_id!r}: 'text' must be a string, got {_json_type(text)}"
    elif not text.strip():
        problem = f"record {doc_id!r}: empty 'text'"
    if problem:
        return ReadError(source, where + problem, line)
    assert isinstance(text, str)  # what the checks above leave
    url = obj.get("url") if isinstance(obj.get("url"), str) and obj["url"].strip() else None
    published = _iso_date(obj.get("published"))  # optional metadata of the wrong type is ignored
    return RawDocument(str(doc_id), _no_nul(_newlines(text)), source, url=url, published=published,
                       published_source="jsonl" if published else None, lang=_lang(obj.get("lang")),
                       identity=record_identity(str(doc_id)))


def _jsonl(lines: Iterable[str | bytes | int], source: str, max_bytes: int) -> Iterator[Item]:
    """One document per line; a bad line is an error with its line number and the rest go on.
    An id met again in the same input is an error too (the first record keeps it).  A line may be
    an int: the size of a line too long to read (``bounded_lines``)."""
    seen = False
    first_line: dict[int, int] = {}  # hash of an id → its line: ids are unique within a file
    for no, raw in enumerate(lines, start=1):
        size = raw if isinstance(raw, int) else len(raw)
        line = _text(raw, source, line=no) if not isinstance(raw, int) and size <= max_bytes else None
        if isinstance(line, str) and not line.strip():
            continue
        seen = True
        if line is None:
            yield ReadError(source, _too_large("record", size, max_bytes), no)
        elif isinstance(line, ReadError):
            yield line
        elif isinstance(obj := _loads(line), str):
            yield ReadError(source, f"not valid JSON ({obj}); each line must hold one JSON object", no)
        else:
            yield _unique(_record(obj, source, no), first_line, no, "line")
    if not seen:
        yield ReadError(source, "empty file")


def _unique(item: Item, first: dict[int, int], no: int, what: str) -> Item:
    """``item``, or an error when its id came earlier in the same input (``first``: id hash → number)."""
    if isinstance(item, ReadError):
        return item
    earlier = first.setdefault(hash(item.doc_id), no)
    if earlier == no:
        return item
    return ReadError(item.source, f"duplicate id {item.doc_id!r} (first on {what} {earlier}): skipped; "
                                  "give each record of a file its own id", no if what == "line" else None)


def _jsonl_file(path: Path, max_bytes: int, walked: bool = False) -> Iterator[Item]:
    """Streams the file line by line, so a batch of any size is fine; ``max_bytes`` bounds each record."""
    source = fs_text(path)
    try:
        with open_input(path, walked) as fh:
            head = fh.read(SNIFF)
            fh.seek(0)
            if head.startswith(UTF16_BOMS):
                yield ReadError(source, "UTF-16 JSONL is not supported: convert it to UTF-8 "
                                        "(iconv -f UTF-16 -t UTF-8)")
            elif b"\x00" in head:
                yield ReadError(source, "binary file, not text: NUL bytes in the first 8 KB")
            else:
                yield from _jsonl(bounded_lines(fh, max_bytes), source, max_bytes)
    except OSError as err:
        yield ReadError(source, f"cannot read: {err.strerror or err}")


def _loads(text: str, multiline: bool = False) -> Any:
    """Parsed JSON, or a string saying why it is not (also for absurd nesting or huge numbers)."""
    try:
        return jsonio.loads(text)
    except json.JSONDecodeError as err:
        return f"{err.msg} at {f'line {err.lineno}, ' if multiline else ''}column {err.colno}"
    except (ValueError, RecursionError) as err:
        return f"{type(err).__name__}: {err}"[:200]


def _json(text: str, source: str) -> Iterator[Item]:
    """A .json file: one record or a list of records, each checked like a JSONL line."""
    data = _loads(text, multiline=True)
    if isinstance(data, str):
        yield ReadError(source, f"not valid JSON: {data}")
    elif isinstance(data, dict):
        yield _record(data, source, None)
    elif isinstance(data, list) and data:
        first: dict[int, int] = {}
        for no, obj in enumerate(data, start=1):
            yield _unique(_record(obj, source, None, f"item {no}: "), first, no, "item")
    else:
        yield ReadError(source, f"expected a JSON object or a non-empty list of them, got {_json_type(data)}")


def _read_bytes(path: Path, max_bytes: int, walked: bool = False) -> bytes | ReadError:
    source = fs_text(path)
    try:
        with open_input(path, walked) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                return ReadError(source, _too_large("file", size, max_bytes))
            data = fh.read(max_bytes + 1)  # pipes and /dev/fd/N report size 0
    except OSError as err:
        return ReadError(source, f"cannot read: {err.strerror or err}")
    return ReadError(source, _too_large("file", None, max_bytes)) if len(data) > max_bytes else data


def _text(data: bytes | str, source: str, declared: str | None = None,
          line: int | None = None) -> str | ReadError:
    """Decoded text with newlines normalised, or why the input is not text."""
    try:
        return _newlines(decode(data, declared) if isinstance(data, bytes) else data.removeprefix("\ufeff"))
    except ValueError as err:
        return ReadError(source, f"binary {'line' if line else 'file'}, not text: {err}", line)


def _document(text: str | ReadError, doc_id: str, source: str, html: bool | None) -> Item:
    """One document from one text: HTML when ``html`` says so, or (``None``) when it looks like a page."""
    if isinstance(text, ReadError) or not text.strip():
        return text if isinstance(text, ReadError) else ReadError(source, "empty file")
    if html or (html is None and _HTML_START.match(text)):
        return parse_html(text, doc_id, source)
    return RawDocument(doc_id, _no_nul(text), source)


def parse_bytes(data: bytes, doc_id: str, source: str, *, html: bool | None = None,
                charset: str | None = None) -> Item:
    """One document from bytes read elsewhere (``summitry feeds`` fetches pages): decoded with ``charset``
    (an HTTP header's) or else the page's declared one; HTML when ``html`` says so, or (``None``) when it
    looks like a page."""
    m = _CHARSET.search(data[:SNIFF]) if html is not False and not charset else None
    declared = charset or (m.group(1).decode("ascii") if m else None)
    return _document(_text(data, source, declared), doc_id, source, html)


def read_file(path: Path, max_bytes: int = 5_000_000, label: str | None = None, walked: bool = False
              ) -> Iterator[Item]:
    """Documents of one file, by extension (an unknown one is text, or HTML if it looks like a page).

    ``label``: the file's path under the folder ingested (``identity.file_label``; by default under
    its parent folder); ``walked``: met in a folder, so only read if it is a regular file.
    """
    source, ext = fs_text(path), path.suffix.lower()
    if ext in JSONL_EXT:
        yield from _jsonl_file(path, max_bytes, walked)
        return
    data = _read_bytes(path, max_bytes, walked)
    if isinstance(data, ReadError):
        yield data
        return
    html = True if ext in HTML_EXT else False if ext in TEXT_EXT | {".json"} else None
    m = _CHARSET.search(data[:SNIFF]) if html is not False else None
    text = _text(data, source, m.group(1).decode("ascii") if m else None)
    if ext == ".json" and isinstance(text, str) and text.strip():
        yield from _json(text, source)
    else:
        doc = _document(text, fs_text(path.stem), source, html)
        label = label or file_label(folder_label(path.parent), path.name)
        yield doc if isinstance(doc, ReadError) else replace(doc, identity="file:" + label, origin=origin_of(path))


def _walk(folder: Path, ancestors: frozenset[tuple[int, int]] = frozenset()) -> Iterator[Path | ReadError]:
    """Known-extension regular files under ``folder``, sorted, hidden entries skipped; one folder listed at a
    time.  A FIFO, socket or device with a known extension is reported, never opened (it could hang)."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in ancestors:
            yield ReadError(fs_text(folder), "symbolic link loop: leads back to a folder containing it; skipped")
            return
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield ReadError(fs_text(folder), f"cannot read folder: {err.strerror or err}")
        return
    for entry in (e for e in entries if not e.name.startswith(".")):
        try:
            is_dir = entry.is_dir()
            is_file = is_dir or entry.is_file()
            mode = 0 if is_file else entry.stat().st_mode
        except OSError as err:  # e.g. a symbolic link pointing to itself
            yield ReadError(fs_text(entry.path), f"cannot read: {err.strerror or err}")
            continue
        if is_dir:
            yield from _walk(Path(entry.path), ancestors | {(st.st_dev, st.st_ino)})
        elif Path(entry.name).suffix.lower() not in KNOWN_EXT:
            continue
        elif is_file:
            yield Path(entry.path)
        else:
            yield ReadError(fs_text(entry.path), f"not a regular file ({file_kind(mode)}); only regular files "
                                                 "in folders are read: skipped")


def _stdin(stream: TextIO | BinaryIO | None, max_bytes: int) -> Iterator[Item]:
    """JSONL when the first non-empty line is a JSON object (then streamed), else one text document."""
    raw: Any = sys.stdin if stream is None else stream
    raw = getattr(raw, "buffer", raw)  # bytes where possible: our decoding beats the locale's
    head: list[Any] = []
    while not head or not head[-1].strip():
        if not (line := raw.readline(max_bytes + 1)):
            break
        head.append(line)
    if not head or not head[-1].strip():
        yield ReadError(STDIN, "empty input on standard input")
        return
    try:
        is_jsonl = isinstance(_loads(head[-1]), dict)
    except UnicodeDecodeError:  # bytes in a legacy encoding: text, not JSONL
        is_jsonl = False
    if is_jsonl:
        yield from _jsonl(chain(head, bounded_lines(raw, max_bytes)), STDIN, max_bytes)
        return
    data = head[0][:0].join(head)
    data += raw.read(max(0, max_bytes + 1 - len(data)))
    if len(data) > max_bytes:
        yield ReadError(STDIN, _too_large("standard input", None, max_bytes))
    else:
        text = _text(data, STDIN)
        identity = text_identity(text) if isinstance(text, str) else ""
        doc = _document(text, text_doc_id(identity, "stdin"), STDIN, None)
        yield doc if isinstance(doc, ReadError) else replace(doc, identity=identity)


def iter_documents(paths: Iterable[str | Path], *, max_bytes: int = 5_000_000,
                   stdin: TextIO | BinaryIO | None = None) -> Iterator[Item]:
    """Every document (or read error) of the given files, folders and ``-`` (standard input), in order."""
    for p in [paths] if isinstance(paths, str | Path) else paths:  # one path is not a list of characters
        if str(p) == "-":
            yield from _stdin(stdin, max_bytes)
        elif not Path(p).is_dir():
            yield from read_file(Path(p), max_bytes)
        else:
            root = folder_label(p)
            for found in _walk(Path(p)):
                if isinstance(found, ReadError):
                    yield found
                else:
                    yield from read_file(found, max_bytes, file_label(root, found.relative_to(p)), walked=True)
