"""Read stage: every input becomes a RawDocument with exact text, or a ReadError that says why."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitry import read
from summitry.identity import text_doc_id, text_identity
from summitry.model import RawDocument, ReadError
from summitry.read import iter_documents

RU = ("Президент России провёл телефонный разговор с президентом Киргизии.\n"
      "Стороны обсудили торговлю и энергетику.")
EN = "The foreign ministers met in Bishkek on Monday."


def stdin_id(text):
    """The readable id of a text read from standard input: named by its content."""
    return text_doc_id(text_identity(text), "stdin")


def one(path, **kw):
    items = list(iter_documents([path], **kw))
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "cp1251", "koi8_r"])
def test_encodings_decode_exactly(tmp_path, encoding):
    text = RU if encoding in ("cp1251", "koi8_r") else f"{EN}\n{RU}"
    data = b"\xff\xfe" + text.encode("utf-16-le") if encoding == "utf-16-le-bom" else text.encode(encoding)
    (tmp_path / "seed-004.txt").write_bytes(data)
    doc = one(tmp_path / "seed-004.txt")
    assert doc == RawDocument("seed-004", text, str(tmp_path / "seed-004.txt"))


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_short_legacy_russian(tmp_path, encoding):
    (tmp_path / "short.txt").write_bytes("Путин встретился с Токаевым.".encode(encoding))
    assert one(tmp_path / "short.txt").text == "Путин встретился с Токаевым."


def test_newlines_normalised_everything_else_kept(tmp_path):
    (tmp_path / "n.md").write_bytes(b"  Line one \r\nLine two\rLine three\n\n\tEnd  ")
    assert one(tmp_path / "n.md").text == "  Line one \nLine two\nLine three\n\n\tEnd  "


def test_binary_file(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    err = one(tmp_path / "image.txt")
    assert isinstance(err, ReadError)
    assert err.reason == ("binary file, not text: "
                          "NUL bytes in the first 8 KB (an image, archive or other binary)")


def test_control_characters_are_binary(tmp_path):
    (tmp_path / "junk.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 20)
    assert one(tmp_path / "junk.txt").reason.startswith("binary file, not text: control characters")


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n ", b"\xef\xbb\xbf\n"])
def test_empty_file(tmp_path, content):
    (tmp_path / "empty.txt").write_bytes(content)
    assert one(tmp_path / "empty.txt") == ReadError(str(tmp_path / "empty.txt"), "empty file")


def test_oversized_file(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 1234)
    err = one(tmp_path / "big.txt", max_bytes=1000)
    assert err == ReadError(str(tmp_path / "big.txt"), "file too large: 1,234 bytes, "
                            "over the limit of 1,000 bytes (raise it with --max-bytes)")
    assert one(tmp_path / "big.txt", max_bytes=1234).text == "x" * 1234


def test_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    assert one(missing) == ReadError(str(missing), "cannot read: No such file or directory")


def test_single_path_string_is_not_iterated_by_character(tmp_path):
    (tmp_path / "a.txt").write_text(EN)
    assert [d.doc_id for d in iter_documents(str(tmp_path / "a.txt"))] == ["a"]


def test_folder_walk_sorted_recursive_hidden_skipped(tmp_path):
    for name, text in {"b.txt": "bee", "a/z.md": "zed", "a/y.text": "why", "c.htm": "<p>see</p>",
                       ".hidden.txt": "no", ".git/x.txt": "no", "notes.pdf": "no", "d/.e/f.txt": "no",
                       "A.TXT": "upper"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    items = list(iter_documents([tmp_path]))
    assert [(d.doc_id, d.text) for d in items] == [("A", "upper"), ("y", "why"), ("z", "zed"), ("b", "bee"),
                                                   ("c", "see")]
    assert items[1].source == str(tmp_path / "a" / "y.text")


def test_folder_walk_is_lazy(tmp_path):
    (tmp_path / "a.txt").write_text(EN)

    def paths():
        yield tmp_path
        raise AssertionError("read ahead of the consumer")

    assert next(iter_documents(paths())).doc_id == "a"


def test_symlink_loops_and_dangling_links_are_errors(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.txt").write_text(EN)
    os.symlink("..", tmp_path / "sub" / "up")
    os.symlink("self.txt", tmp_path / "self.txt")
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    items = list(iter_documents([tmp_path]))
    assert [str(i) for i in items if isinstance(i, ReadError)] == [
        f"{tmp_path}/dangling.txt: cannot read: No such file or directory",
        f"{tmp_path}/self.txt: cannot read: Too many levels of symbolic links",
        f"{tmp_path}/sub/up: symbolic link loop: leads back to a folder containing it; skipped",
    ]
    assert [d.doc_id for d in items if isinstance(d, RawDocument)] == ["ok"]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    (tmp_path / "locked.txt").write_text(EN)
    (tmp_path / "locked.txt").chmod(0)
    assert one(tmp_path / "locked.txt").reason == "cannot read: Permission denied"


PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><title>Leaders meet in Astana | Daily Example</title>
<meta property="article:published_time" content="2024-03-05T09:30:00+06:00">
<meta property="og:title" content="Leaders meet in Astana">
<meta property="og:url" content="https://news.example.org/?id=7">
<link rel="canonical" href="https://news.example.org/2024/leaders-meet">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<p>The president of Kazakhstan received the prime minister of Uzbekistan in Astana on Tuesday for talks.</p>
<script>var tracker = "SECRET_SCRIPT_TEXT";</script>
<p>Both sides agreed to expand rail freight and to meet again in Tashkent later this year.</p>
</article><footer>Copyright Daily Example</footer></body></html>"""
PAGE_TEXT = "\n".join([
    "Leaders meet in Astana",
    "The president of Kazakhstan received the prime minister of Uzbekistan in Astana on Tuesday for talks.",
    "Both sides agreed to expand rail freight and to meet again in Tashkent later this year."])


def test_html_article(tmp_path):
    (tmp_path / "astana.html").write_text(PAGE, encoding="utf-8")
    doc = one(tmp_path / "astana.html")
    assert doc == RawDocument("astana", PAGE_TEXT, str(tmp_path / "astana.html"),
                              url="https://news.example.org/2024/leaders-meet", published="2024-03-05",
                              published_source="html-meta", lang="en")


def test_html_fallback_strips_tags_without_trafilatura(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "_trafilatura", lambda: None)
    (tmp_path / "astana.htm").write_text(PAGE, encoding="utf-8")
    doc = one(tmp_path / "astana.htm")
    assert doc.text == PAGE_TEXT
    assert "SECRET" not in doc.text and "Copyright" not in doc.text


def test_html_date_from_json_ld_and_declared_charset(tmp_path):
    page = ('<html><head><meta charset="windows-1251"><script type="application/ld+json">'
            '{"@type": "NewsArticle", "datePublished": "2023-11-20T08:00:00Z"}</script></head>'
            f'<body><h1>Переговоры в Бишкеке</h1><p>{RU.replace(chr(10), "</p><p>")}</p></body></html>')
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    doc = one(tmp_path / "ru.html")
    assert doc.text == "Переговоры в Бишкеке\n" + RU
    assert (doc.published, doc.published_source, doc.url, doc.lang) == ("2023-11-20", "html-meta", None, None)


@pytest.mark.parametrize("page", [
    "<html><head><title>Only a title</title></head></html>",
    "<html><head><title>T</title></head><body> <script>var a = 1;</script> </body></html>"])
def test_html_without_body_text(tmp_path, page):
    (tmp_path / "bare.html").write_text(page)
    err = one(tmp_path / "bare.html")
    assert err == ReadError(str(tmp_path / "bare.html"),
                            "no article text in HTML (no <body> text, only markup, scripts or styles)")


def test_jsonl_good_and_malformed_lines(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": "Line one\r\nline two", "url": "https://x.example/a1",
                    "published": "2024-02-29T10:00:00Z", "lang": "ru-RU"}),
        "{not json",
        "",
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "a2", "text": 42}),
        json.dumps({"id": 7, "text": "integer id", "published": "yesterday"}),
        "[1, 2]",
        json.dumps({"id": "", "text": "empty id"}),
        json.dumps({"id": "a3", "text": "   "}),
        json.dumps({"id": True, "text": "boolean id"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([path]))
    src = str(path)
    assert items == [
        RawDocument("a1", "Line one\nline two", src, url="https://x.example/a1", published="2024-02-29",
                    published_source="jsonl", lang="ru"),
        ReadError(src, "not valid JSON (Expecting property name enclosed in double quotes at column 2); "
                       "each line must hold one JSON object", 2),
        ReadError(src, "missing 'id' (every record needs an 'id', a string or integer)", 4),
        ReadError(src, "record 'a2': 'text' must be a string, got number", 5),
        RawDocument("7", "integer id", src),
        ReadError(src, "expected a JSON object, got array", 7),
        ReadError(src, "empty 'id'", 8),
        ReadError(src, "record 'a3': empty 'text'", 9),
        ReadError(src, "'id' must be a string or integer, got boolean", 10),
    ]
    assert str(items[1]) == f"{src}:2: " + items[1].reason


def test_jsonl_record_limit_and_empty_file(tmp_path):
    path = tmp_path / "b.ndjson"
    big, small = json.dumps({"id": "big", "text": "y" * 200}), json.dumps({"id": "s", "text": "ok"})
    path.write_text(f"{big}\n{small}", encoding="utf-8")
    items = list(iter_documents([path], max_bytes=100))
    assert items[0] == ReadError(str(path), "record too large: 226 bytes, over the limit of 100 bytes "
                                            "(raise it with --max-bytes)", 1)
    assert items[1] == RawDocument("s", "ok", str(path))
    (tmp_path / "e.jsonl").write_text("\n\n")
    assert one(tmp_path / "e.jsonl") == ReadError(str(tmp_path / "e.jsonl"), "empty file")


def test_json_list_file(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"id": 1, "text": "first"}, {"id": 2}, "oops"]))
    assert list(iter_documents([path])) == [
        RawDocument("1", "first", str(path)),
        ReadError(str(path), "item 2: record 2: missing 'text'"),
        ReadError(str(path), "item 3: expected a JSON object, got string"),
    ]
    (tmp_path / "bad.json").write_text('{"id": 1,\n "text": }')
    bad = tmp_path / "bad.json"
    assert one(bad) == ReadError(str(bad), "not valid JSON: Expecting value at line 2, column 10")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    assert one(tmp_path / "deep.json").reason.startswith("not valid JSON: RecursionError")


def test_stdin_text():
    items = list(iter_documents(["-"], stdin=io.StringIO(f"{EN}\r\n{{not a record}}\n")))
    assert items == [RawDocument(stdin_id(f"{EN}\n{{not a record}}\n"), f"{EN}\n{{not a record}}\n", "<stdin>")]


def test_stdin_bytes_legacy_encoding():
    items = list(iter_documents(["-"], stdin=io.BytesIO(RU.encode("cp1251"))))
    assert items == [RawDocument(stdin_id(RU), RU, "<stdin>")]


def test_stdin_jsonl():
    data = "\n" + json.dumps({"id": "s1", "text": RU, "published": "2024-05-06"}) + "\nnot json\n"
    items = list(iter_documents(["-"], stdin=io.BytesIO(data.encode("utf-8"))))
    assert items == [
        RawDocument("s1", RU, "<stdin>", published="2024-05-06", published_source="jsonl"),
        ReadError("<stdin>", "not valid JSON (Expecting value at column 1); "
                             "each line must hold one JSON object", 3),
    ]


def test_stdin_empty_and_oversized():
    assert list(iter_documents(["-"], stdin=io.StringIO(" \n\n"))) == [
        ReadError("<stdin>", "empty input on standard input")]
    [err] = iter_documents(["-"], stdin=io.StringIO("z" * 50), max_bytes=20)
    assert err.reason == ("standard input too large: more than the limit, over the limit of 20 bytes "
                          "(raise it with --max-bytes)")


def test_paths_in_given_order(tmp_path):
    (tmp_path / "b.txt").write_text("second")
    (tmp_path / "a.txt").write_text("first")
    items = list(iter_documents([tmp_path / "b.txt", "-", tmp_path / "a.txt"], stdin=io.StringIO("middle")))
    assert [(d.doc_id, d.text) for d in items] == [("b", "second"), (stdin_id("middle"), "middle"), ("a", "first")]


def test_os_errors_become_read_errors(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(EN)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", denied)
    assert one(tmp_path) == ReadError(str(tmp_path), "cannot read folder: Permission denied")
    monkeypatch.setattr(type(tmp_path), "open", denied)
    assert one(tmp_path / "a.txt") == ReadError(str(tmp_path / "a.txt"), "cannot read: Permission denied")
    assert one(tmp_path / "b.jsonl") == ReadError(str(tmp_path / "b.jsonl"), "cannot read: Permission denied")


def test_stdin_html_page():
    items = list(iter_documents(["-"], stdin=io.StringIO(PAGE)))
    # named by the page as given (its HTML), not by the text extracted from it
    assert items == [RawDocument(stdin_id(PAGE), PAGE_TEXT, "<stdin>", url="https://news.example.org/2024/leaders-meet",
                                 published="2024-03-05", published_source="html-meta", lang="en")]


def test_trafilatura_is_installed():
    # trafilatura needs lxml_html_clean (split out of lxml 5.2); without it HTML falls back to tag stripping
    assert read._trafilatura() is not None
    assert read._article_text(PAGE) == PAGE_TEXT.split("\n", 1)[1]  # trafilatura drops the title: we add it


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300) | st.text(max_size=200).map(str.encode),
       ext=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".dat"]))
def test_never_raises(data, ext):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "f" + ext)
        with open(path, "wb") as fh:
            fh.write(data)
        for item in iter_documents([path, "-"], stdin=io.BytesIO(data)):
            assert isinstance(item, RawDocument | ReadError)
            assert item.source in (path, "<stdin>")
            assert not isinstance(item, RawDocument) or ("\r" not in item.text and item.text.strip())


def test_nul_inside_a_record_becomes_a_replacement_character(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "n", "text": "Putin met Xi\\u0000 in Beijing."}\n', encoding="utf-8")
    [doc] = list(iter_documents([feed]))
    assert doc.text == "Putin met Xi\ufffd in Beijing."  # same length: offsets hold


def test_inline_tags_between_letters_do_not_glue_words():
    html = ("<html><body><article><h1>Talks in Moscow</h1><p>President Vladimir Putin held talks with"
            "<b>Kassym-Jomart Tokayev</b>in Moscow on Monday, and the two leaders then spoke to the press about "
            "trade, energy and the railway they plan to build.</p></article></body></html>")
    text = read.parse_html(html, "d", "d.html").text
    assert "talks with Kassym-Jomart Tokayev in Moscow" in text
