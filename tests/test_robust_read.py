"""Reading hostile input: whatever bytes arrive, ``iter_documents`` yields documents or errors, never raises.

Every rejected input must come back as a ``ReadError`` that names the file it came from and says
why; every accepted one is non-empty text with normalised newlines.  Where the outcome is known
(BOM-marked encodings, JSONL records with wrong field types) the tests also check it exactly.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summitry.model import RawDocument, ReadError
from summitry.read import iter_documents

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXTS = [".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".json", ".dat"]
# Every script the project reads plus the ones it does not, controls, and the letters it folds.
ANY_CHAR = st.characters(codec="utf-8", exclude_categories=("Cs",))
MIXED = st.text(st.sampled_from(list("Aa Zz Яя Ёё Әә Ққ Өө Үү Ңң 中文 عربي ıİ ß 0123456789 .,;:!?-—«»\"'\n\t")),
                min_size=1, max_size=300)
RU_SENTENCES = [
    "Президент России провёл телефонный разговор с президентом Киргизии.",
    "Стороны обсудили торговлю, энергетику и сотрудничество в сфере образования.",
    "Встреча прошла в Бишкеке в тёплой и дружественной атмосфере.",
    "Лидеры договорились продолжить контакты на высшем уровне.",
    "Министр иностранных дел Казахстана прибыл с официальным визитом в Ташкент.",
    "Главы государств также обменялись мнениями по актуальным международным вопросам.",
    "Ранее в этом году было подписано соглашение о строительстве новой железной дороги.",
]


def read_all(path: Path | str, **kw) -> list[RawDocument | ReadError]:
    return list(iter_documents([path], **kw))


def check_items(items: list, sources: set[str]) -> None:
    """The contract every reader keeps: typed items, named sources, reasons, clean text."""
    assert items, "an input must yield at least one document or error"
    for item in items:
        assert isinstance(item, RawDocument | ReadError), item
        assert item.source in sources, (item.source, sources)
        if isinstance(item, ReadError):
            assert isinstance(item.reason, str) and item.reason.strip()
            assert str(item).startswith(item.source)
        else:
            assert isinstance(item.doc_id, str) and item.doc_id.strip()
            assert isinstance(item.text, str) and item.text.strip() and "\r" not in item.text
            assert item.published is None or date.fromisoformat(item.published).isoformat() == item.published
            assert item.lang is None or (len(item.lang) == 2 and item.lang.isalpha())


def write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(text=st.text(ANY_CHAR, max_size=400) | MIXED, ext=st.sampled_from(EXTS),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
@example(text="a\x00b", ext=".txt", encoding="utf-16")  # a NUL the binary sniff lets through: U+FFFD
def test_any_unicode_in_any_unicode_encoding(text, ext, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "doc" + ext, text.encode(encoding))
        items = read_all(path)
        check_items(items, {str(path)})
        # A BOM says exactly what the bytes are: plain text must come back exactly (or be refused as binary),
        # but for a NUL, which reads as U+FFFD (same length, so offsets hold; PostgreSQL refuses NUL in text).
        exact = encoding in ("utf-8-sig", "utf-16") or (encoding == "utf-8" and not text.startswith("\ufeff"))
        if exact and ext in (".txt", ".md") and isinstance(items[0], RawDocument):
            assert items[0].text == text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
        if exact and ext in (".txt", ".md") and not text.strip():
            assert items == [ReadError(str(path), "empty file")]


@SETTINGS
@given(data=st.binary(max_size=600), ext=st.sampled_from(EXTS))
def test_arbitrary_bytes_from_file_and_stdin(data, ext):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "blob" + ext, data)
        check_items(read_all(path), {str(path)})
        check_items(read_all("-", stdin=io.BytesIO(data)), {"<stdin>"})


@SETTINGS
@given(sentences=st.lists(st.sampled_from(RU_SENTENCES), min_size=1, max_size=8),
       encoding=st.sampled_from(["cp1251", "koi8_r", "utf-16", "utf-8"]), ext=st.sampled_from([".txt", ".dat"]))
def test_cyrillic_in_legacy_encodings_reads_back_exactly(sentences, encoding, ext):
    text = " ".join(sentences)
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "ru" + ext, text.encode(encoding))
        assert read_all(path) == [RawDocument("ru", text, str(path))]


@SETTINGS
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=200) | MIXED,
       cut=st.integers(min_value=1, max_value=4), ext=st.sampled_from(EXTS))
def test_truncated_utf8(text, cut, ext):
    data = (text + "Жапаров 中").encode("utf-8")[:-cut]  # always ends inside a multi-byte character
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "cut" + ext, data)
        check_items(read_all(path), {str(path)})


@SETTINGS
@given(text=st.text(st.sampled_from(list("Путин встретился с Жапаровым в Бишкеке.")), min_size=4, max_size=200),
       bom=st.booleans(), endian=st.sampled_from(["le", "be"]))
def test_utf16_with_and_without_bom(text, bom, endian):
    data = text.encode(f"utf-16-{endian}")
    if bom:
        data = (codecs.BOM_UTF16_LE if endian == "le" else codecs.BOM_UTF16_BE) + data
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "u16.txt", data)
        items = read_all(path)
        check_items(items, {str(path)})
        if bom and text.strip():
            assert items == [RawDocument("u16", text, str(path))]
        jsonl = write(folder, "u16.jsonl", data)
        check_items(read_all(jsonl), {str(jsonl)})


HEAD_PARTS = st.sampled_from([
    "<title>Only a title</title>", '<meta charset="koi8-r">', '<meta name="date" content="9999-12-31">',
    '<meta property="article:published_time" content="not a date">', "<script>var x = '<body>';</script>",
    "<style>p { color: red }</style>", '<link rel="canonical" href="../../etc/passwd">', "<!-- <body> -->",
    '<meta name="pubdate" content="2021-02-30">', "<noscript>Enable JS</noscript>", "<![CDATA[ x ]]>", "<",
])


@SETTINGS
@given(parts=st.lists(HEAD_PARTS, max_size=8), doctype=st.booleans(), ext=st.sampled_from([".html", ".dat", ".htm"]))
def test_html_without_body_text(parts, doctype, ext):
    page = ("<!DOCTYPE html>" if doctype else "") + "<html><head>" + "".join(parts) + "</head></html>"
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "page" + ext, page.encode("utf-8"))
        items = read_all(path)
        check_items(items, {str(path)})
        if any(isinstance(i, ReadError) for i in items):
            assert items == [ReadError(str(path), "no article text in HTML (no <body> text, only markup, "
                                                  "scripts or styles)")]


@SETTINGS
@given(body=st.text(ANY_CHAR, max_size=300), ext=st.sampled_from([".html", ".dat"]))
def test_html_with_arbitrary_body(body, ext):
    page = f"<!doctype html><html><head><title>t</title></head><body><p>{body}</p></body></html>"
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "page" + ext, page.encode("utf-8"))
        check_items(read_all(path), {str(path)})


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(ANY_CHAR, max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)
FIELD = JSON_VALUES | st.sampled_from(["", "   ", "2021-03-12", "2021-03-12T10:00:00Z", "2021-02-30", "9999-12-31",
                                       "0001-01-01", "ru-RU", "kk", "zz", "Я", "../../etc/passwd"])
RECORD = st.fixed_dictionaries({}, optional={"id": FIELD, "text": FIELD, "published": FIELD, "lang": FIELD,
                                             "url": FIELD})
JUNK_LINE = st.sampled_from(["{not json", "[1, 2]", "42", "null", '"text"', "true", "{'id': 1}", '{"id": 1,}',
                             '{"id": "x", "text": "y"', "[" * 3000 + "]" * 3000, "1e999999", "\x00\x01\x02"])


def expected_problem(rec: dict) -> str | None:
    """Which field the reader must complain about, or None when the record is a document."""
    doc_id, text = rec.get("id"), rec.get("text")
    if doc_id is None:
        return "missing 'id'"
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        return "'id' must be"
    if not str(doc_id).strip():
        return "empty 'id'"
    if text is None:
        return "missing 'text'"
    if not isinstance(text, str):
        return "'text' must be a string"
    if not text.strip():
        return "empty 'text'"
    return None


def accepted(records: list[dict]) -> list[bool]:
    """Which records the reader must take: sound ones whose id (as text: 7 and "7" are one id) no
    earlier accepted record of the same file had; a later copy is reported as a duplicate."""
    ids: set[str] = set()
    out = []
    for rec in records:
        ok = expected_problem(rec) is None and str(rec["id"]) not in ids
        ids |= {str(rec["id"])} if ok else set()
        out.append(ok)
    return out


TWICE = [("record", {"id": 7, "text": "first"}), ("junk", "42"), ("record", {"id": "7", "text": "second"})]


@SETTINGS
@given(lines=st.lists(RECORD.map(lambda r: ("record", r)) | JUNK_LINE.map(lambda j: ("junk", j)), min_size=1,
                      max_size=12),
       ascii_only=st.booleans())
@example(lines=TWICE, ascii_only=True)
def test_jsonl_with_wrong_types_and_junk_lines(lines, ascii_only):
    rendered = [json.dumps(v, ensure_ascii=ascii_only) if kind == "record" else v for kind, v in lines]
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "batch.jsonl", "\n".join(rendered).encode("utf-8"))
        items = read_all(path)
    check_items(items, {str(path)})
    if b"\x00" in "\n".join(rendered).encode("utf-8")[:8192]:
        assert items == [ReadError(str(path), "binary file, not text: NUL bytes in the first 8 KB")]
        return
    assert len(items) == len(lines)  # one item per line, in order
    first_line: dict[str, int] = {}  # id of each accepted record → its line
    for no, ((kind, value), item) in enumerate(zip(lines, items, strict=True), start=1):
        if isinstance(item, ReadError):
            assert item.line == no
        if kind == "junk":
            assert isinstance(item, ReadError)
            continue
        problem = expected_problem(value)
        if isinstance(item, ReadError) and item.reason.startswith("binary line"):
            assert not ascii_only and "\x7f" in rendered[no - 1]  # DEL is not escaped by JSON
        elif problem is None and str(value["id"]) in first_line:  # ids are unique within a file
            assert isinstance(item, ReadError), item
            assert item.reason.startswith(f"duplicate id {str(value['id'])!r} (first on line "
                                          f"{first_line[str(value['id'])]})"), item
        elif problem is None:
            assert isinstance(item, RawDocument), item
            assert (item.doc_id, item.text) == (str(value["id"]), value["text"].replace("\r\n", "\n")
                                                .replace("\r", "\n"))
            first_line[item.doc_id] = no
        else:
            assert isinstance(item, ReadError) and problem in item.reason, (value, item)


@SETTINGS
@given(value=RECORD | st.lists(RECORD, max_size=4) | JSON_VALUES)
@example(value=[record for _, record in TWICE[::2]])
def test_json_file_with_wrong_types(value):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "one.json", json.dumps(value, ensure_ascii=False).encode("utf-8"))
        items = read_all(path)
    check_items(items, {str(path)})
    if items[0].reason.startswith("binary file") if isinstance(items[0], ReadError) else False:
        assert len(items) == 1 and "\x7f" in json.dumps(value, ensure_ascii=False)  # DEL is not escaped by JSON
    elif isinstance(value, dict):
        assert len(items) == 1 and isinstance(items[0], RawDocument) == (expected_problem(value) is None)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        assert [isinstance(i, RawDocument) for i in items] == accepted(value)


TWO_MB = 2 * 1024 * 1024


@pytest.mark.parametrize("ext", [".txt", ".html", ".jsonl", ".json"])
def test_gigantic_single_line(tmp_path, ext):
    line = "Sadyr Japarov met Vladimir Putin." + " Sadyr Japarov met Vladimir Putin." * (TWO_MB // 34)
    data = {".txt": line, ".html": f"<html><body><p>{line}</p></body></html>",
            ".jsonl": json.dumps({"id": "big", "text": line}), ".json": json.dumps({"id": "big", "text": line})}[ext]
    path = tmp_path / ("big" + ext)
    path.write_text(data, encoding="utf-8")
    assert "\n" not in data
    [doc] = read_all(path)
    assert isinstance(doc, RawDocument) and len(line) > TWO_MB - 40
    assert doc.text == line if ext != ".html" else doc.text.strip().endswith(line[-1000:])
    [err] = read_all(path, max_bytes=TWO_MB // 2)  # the same line over the limit is refused, with the reason
    assert isinstance(err, ReadError) and err.source == str(path) and "too large" in err.reason


@pytest.mark.parametrize("content", [b"", b"\n", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                                     b"\xef\xbb\xbf \n"])
@pytest.mark.parametrize("ext", EXTS)
def test_empty_documents(tmp_path, content, ext):
    path = tmp_path / ("empty" + ext)
    path.write_bytes(content)
    items = read_all(path)
    check_items(items, {str(path)})
    assert all(isinstance(i, ReadError) for i in items)
    assert re.search(r"empty|UTF-16 JSONL|expected a JSON object|not valid JSON", items[0].reason)


def test_folder_of_junk_names_every_file(tmp_path):
    files = {
        "a.txt": b"\x00\x01binary", "b.txt": "Жапаров".encode()[:-1], "c.html": b"<html><head></head></html>",
        "d.jsonl": b'{"id": null, "text": 3}\n[]\n', "e.json": b"{", "f.txt": b"", "g.txt": b"ok text",
        "sub/h.jsonl": codecs.BOM_UTF16_LE + '{"id": 1}'.encode("utf-16-le"), "sub/i.md": b"\xff" * 50,
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    items = read_all(tmp_path)
    check_items(items, {str(tmp_path / n) for n in files})
    named = {Path(i.source).name for i in items}
    assert named == {Path(n).name for n in files}  # every file accounted for, none silently dropped
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.doc_id for d in docs if d.text == "ok text"] == ["g"]
