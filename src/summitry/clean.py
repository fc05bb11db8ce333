"""Clean stage: find the publication date and URL a text carries, and mark what is not article.

The text itself is never rewritten: boilerplate, header lines, photo captions and repeated
paragraphs are recorded as ignored spans, so every offset downstream still points into the text
the user supplied and the stored evidence can be highlighted in it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from summitry.knowledge.languages import Languages
from summitry.model import Document, RawDocument, Span

HEADER = re.compile(r"\A[ \t\ufeff]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*")
URL = re.compile(r"https?://[^\s<>\"'»)]+", re.IGNORECASE)
URL_LABEL = re.compile(
    r"^\s*(?:ссылка на новость|ссылка|источник|source|link|url|original)\s*:\s*(https?://\S+)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
URL_DATES = (
    re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-/_.](\d{1,2})[-/_.](\d{1,2})(?!\d)"),
    re.compile(r"/(20\d{2})(\d{2})(\d{2})(?:[/\-_]|\d{2,6}[/\-_])"),
)
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:\*\s*\*\s*\*|to be continued\.?|mil osi|more to follow|продолжение следует\.?|"
    r"(?:file )?photo\b.*|фото\s*:.*|©.*|reporting by .*|editing by .*|writing by .*|by \w+ staff|"
    r"source\s*:.*|источник\s*:.*|ссылка на новость\s*:.*|подписывайтесь.*|subscribe.*|"
    r"жазылу|\d+\s+views\b.*|прямой эфир.*|топ-100.*)\s*$",
    re.IGNORECASE,
)
TRAILER_LINE = 160  # characters: a related headline is shorter, a paragraph of the article longer
TRAILER_START = re.compile(
    r"^\s*(?:\"?world\"? popular article|popular articles?|read (?:also|more)|related (?:news|articles?|stories)|"
    r"see also|also read|more on (?:this|the) topic|more stories|you may also like|related(?=\s*:)|read next|"
    r"recommended(?: for you| stories)?|"
    r"читайте также|смотрите также|похожие новости|популярное|ещё по теме|еще по теме|по теме|другие новости|"
    r"тагы окуңуз|ошондой эле окуңуз|окшош жаңылыктар|тағы оқыңыз|оқи отырыңыз|"
    r"ұқсас жаңалықтар|access ranking|jn access ranking)\b",
    re.IGNORECASE,
)


def date_from_url(url: str) -> str | None:
    """A publication date embedded in a URL path (/2021-05-25/, /2018/07/10/, /20210227/)."""
    for pattern in URL_DATES:
        m = pattern.search(url)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if 1990 <= y <= 2100 and _exists(f"{y:04d}-{mo:02d}-{d:02d}"):
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _exists(iso: str) -> bool:
    """A real calendar day: a header or URL saying 2021-02-30 gives no date, not a crash downstream."""
    try:
        return bool(dt.date.fromisoformat(iso))
    except ValueError:
        return False


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _url_in_text(text: str) -> str | None:
    """A source URL the text carries: after a label ("Source: https://…"), or as its last line."""
    if "://" not in text or "http" not in text.lower():  # both forms need one: skip the regex scan of most texts
        return None
    m = URL_LABEL.search(text)
    if m:
        return m.group(1).rstrip(".,;")
    last = text.strip().rsplit("\n", 1)[-1].strip()
    if last and URL.fullmatch(last):
        return last.rstrip(".,;")
    return None


def _headline(line: str) -> bool:
    """A related-news item: short, and not a sentence of the article (those end with a full stop)."""
    body = line.strip()
    return len(body) <= TRAILER_LINE and not body.endswith((".", "!", "?", "»", "\"", "”"))


def ignored_spans(text: str, start: int = 0) -> list[Span]:
    """Spans that are not article prose: boilerplate lines, trailers and repeated paragraphs."""
    spans: list[Span] = []
    seen: set[str] = set()
    trailer = False
    for a, b, _line in _lines(text):
        if b <= start:
            continue
        a = max(a, start)
        body = text[a:b]
        if not body or body.isspace():  # a blank line (every other line): no pattern matches it
            if trailer:
                spans.append(Span(a, b))  # a blank line inside the "Read also" list is part of it
            continue
        if TRAILER_START.match(body) or (trailer and _headline(body)):
            trailer = True  # "Read also" and the short headline lines under it; a paragraph ends the list
            spans.append(Span(a, b))
            continue
        trailer = False
        if BOILERPLATE_LINE.match(body) or URL.fullmatch(body.strip() or "-"):
            spans.append(Span(a, b))
        elif len(body) > 40:  # shorter lines are never taken for repeats (their key is short too)
            key = " ".join(body.split()).lower()
            if len(key) > 40 and key in seen:
                spans.append(Span(a, b))
            else:
                seen.add(key)
    return spans


def clean(raw: RawDocument, languages: Languages, spans: bool = True) -> Document:
    """Derive publication date, URL, language (unless given: ``languages.detect``) and ignored spans of a raw
    document.

    ``spans=False`` skips the line-by-line boilerplate pass, for a document nothing will be read from.
    """
    text = raw.text
    published, source = raw.published, raw.published_source
    ignored: list[Span] = []
    header = HEADER.match(text)
    if header:
        ignored.append(Span(0, header.end()))
        if not published and _exists(header.group(1)):
            published, source = header.group(1), "header"
    url = raw.url or _url_in_text(text)
    if not published and url:
        from_url = date_from_url(url)
        if from_url:
            published, source = from_url, "url"
    if spans:
        ignored += ignored_spans(text, header.end() if header else 0)
    return Document(
        doc_id=raw.doc_id,
        text=text,
        source=raw.source,
        url=url,
        published=published,
        published_source=source,
        lang=raw.lang or languages.detect(text if spans else text[:1000]),  # a skipped document: a cheap guess
        ignored=ignored,
    )
