"""Segment stage: split the article prose into sentences with absolute character offsets.

Paragraph breaks always end a sentence (headlines rarely end with a full stop); inside a
paragraph razdel does the splitting, which handles Russian abbreviations ("г. Сочи", "т. г.")
and works acceptably for English and the Turkic languages written in Cyrillic.

Splitting is the costliest cheap step, so a caller that already knows where names and trigger
words are (``hot`` offsets) gets the paragraphs without any as one sentence each: no contact can
be read from them, and every later stage treats a paragraph as a whole anyway.  The opening
paragraphs are always split, since the dateline is read from the first sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from razdel.segmenters.sentenize import (
    BULLET_SIZE,
    DELIMITERS,
    FIRST_TOKEN,
    LAST_TOKEN,
    PAIR_SOKR,
    SentSplit,
    sentenize,
)
from razdel.segmenters.sokr import HEAD_SOKRS, INITIALS, PAIR_SOKRS

from summitry.model import Document, Sentence, Span

# Initials and abbreviations after which razdel should not have split.
# Month abbreviations too: news agencies write "on Dec. 18", "Sept. 3".
_NO_BREAK_TAIL = re.compile(r"(?:\b[A-ZА-Я]|\b(?:Mr|Mrs|Ms|Dr|St|г|т|гг|им|ул|пр|Jr|Sr|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|"
                            r"Aug|Sep|Sept|Oct|Nov|Dec))\.$")
TAIL = 8  # the longest abbreviation ("Sept.", "Mrs.") and the character before it fit: test only the tail


def _free_ranges(start: int, end: int, ignored: list[Span]) -> list[tuple[int, int]]:
    ranges = [(start, end)]
    for span in ignored:
        nxt = []
        for a, b in ranges:
            if span.end <= a or span.start >= b:
                nxt.append((a, b))
                continue
            if a < span.start:
                nxt.append((a, span.start))
            if span.end < b:
                nxt.append((span.end, b))
        ranges = nxt
    return ranges


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


_DELIMITER = re.compile(f"[{re.escape(DELIMITERS)}]")
HEAD = 300  # characters from the top within which every paragraph is split


def _cold(a: int, b: int, hot: Sequence[int] | None) -> bool:
    """No hot offset in text[a:b], and the range is past the head of the document."""
    if hot is None or a < HEAD:
        return False
    i = bisect_left(hot, a)
    return i == len(hot) or hot[i] >= b


def segment(doc: Document, hot: Sequence[int] | None = None) -> list[Sentence]:
    """Sentences of the non-ignored text, in order, with paragraph numbers.

    With ``hot`` (sorted offsets of names and trigger words), paragraphs without one stay whole.
    """
    sentences: list[Sentence] = []
    ignored = sorted(doc.ignored, key=lambda s: s.start)
    for para_no, (p_start, p_end) in enumerate(_paragraphs(doc.text)):
        for a, b in _free_ranges(p_start, p_end, ignored):
            if _cold(a, b, hot):
                _append(sentences, doc.text, a, b, para_no)
                continue
            chunk = doc.text[a:b]
            if not _DELIMITER.search(chunk.rstrip()[:-1]):  # razdel splits only at these: one sentence
                _append(sentences, doc.text, a, b, para_no)
                continue
            pending: tuple[int, int] | None = None
            for sub_start, sub_stop in _razdel(chunk):
                s, e = a + sub_start, a + sub_stop
                if pending is not None:
                    s = pending[0]
                if e < b and _NO_BREAK_TAIL.search(doc.text[max(s, e - TAIL):e]):
                    pending = (s, e)
                    continue
                pending = None
                _append(sentences, doc.text, s, e, para_no)
            if pending is not None:
                _append(sentences, doc.text, pending[0], pending[1], para_no)
    return sentences


_SPLITTER = sentenize.split  # razdel's own: its delimiter pattern and context window
# razdel's delimiter pattern spelt with the first character of both its branches as one class up front
# (each branch then told by a look-behind at it): re skips ahead to a candidate character instead of
# trying both branches at every position (3x faster, the same matches).  Only for the pattern it was
# rewritten from: another razdel's runs as it is.
_RAZDEL_DELIMITER = r'''([=:;]-?[)(]{1,3}|[\.\?!…;"„'»”’\)\]\}])'''
_DELIMITER_AT = re.compile(r'''([=:;.?!…"„'»”’)\]}](?:(?<=[=:;])-?[)(]{1,3}|(?<=[.?!…;"„'»”’)\]}])))''') \
    if _SPLITTER.re.pattern == _RAZDEL_DELIMITER else _SPLITTER.re


def _razdel(chunk: str) -> list[tuple[int, int]]:
    """(start, stop) of each sentence ``razdel.sentenize`` finds in ``chunk``, by its own splitter and rules.

    razdel's generators, records and substring search cost more than its rules; and its first rules
    join, whatever the rest say, at a delimiter with no space after it ("3.5", "Trend.Az"), with no
    word after it, or with a lower-case word after it: those are settled here without a rule call, as
    is the commonest split (``_plain_stop``).
    """
    out: list[tuple[int, int]] = []
    buf = 0  # where razdel's buffer (the sentence being built) starts
    window = _SPLITTER.window
    for m in _DELIMITER_AT.finditer(chunk):
        start, stop = m.span()
        right = chunk[stop:stop + window]
        if not right[:1].isspace():
            continue  # empty_side / no_space_prefix: join
        token = FIRST_TOKEN.match(right)
        if token is None or (token.group(1).isalpha() and token.group(1).islower()):
            continue  # empty_side / lower_right: join
        left = chunk[max(0, start - window):start]
        if _plain_stop(m.group(1), left, token.group(1), start - buf) or \
                not sentenize.join(SentSplit(left, m.group(1), right, chunk[buf:start])):
            out.append(_stripped(chunk, buf, stop, out))
            buf = stop
    out.append(_stripped(chunk, buf, len(chunk), out))
    return out


def _plain_stop(delimiter: str, left: str, right: str, buffered: int) -> bool:
    """A full stop before a capitalised word that none of razdel's rules joins: the word before it is no
    abbreviation, pair of them or initial, and the sentence is longer than a list item's number."""
    if delimiter != "." or not right.isalpha() or buffered <= BULLET_SIZE:
        return False
    last = LAST_TOKEN.search(left)
    if last is None:
        return False
    word = last.group(1)
    low = word.lower()
    return (low not in HEAD_SOKRS and low not in INITIALS and (low, right.lower()) not in PAIR_SOKRS
            and not (len(word) == 1 and word.isupper()) and PAIR_SOKR.search(left) is None)


def _stripped(chunk: str, a: int, b: int, before: list[tuple[int, int]]) -> tuple[int, int]:
    """razdel's substring for chunk[a:b] stripped (an empty one at the previous one's stop)."""
    piece = chunk[a:b]
    body = piece.strip()
    if not body:
        at = before[-1][1] if before else 0
        return at, at
    start = a + len(piece) - len(piece.lstrip())
    return start, start + len(body)


# "…the G20 events.On Sunday, he will…": a sentence glued to the next by a lost space.  The word
# after the stop must not be a domain ("Trend.Az", "Kabar.Kg"), which looks the same.
_GLUED = re.compile(r"(?<=[a-zа-яё]{3}[.!?])(?=([A-ZА-ЯЁ][a-zа-яё]+)\b)")
_DOMAINS = frozenset({"az", "kz", "kg", "ru", "uz", "tj", "tm", "am", "ge", "by", "ua", "uk", "us", "cn", "mn", "com",
                      "org", "net", "info", "news", "asia", "gov", "tv"})


# What every glued stop shows: a stop right before a capital.  A plain search for it is far cheaper
# than _GLUED, whose look-behind is tried at every character, and most sentences have none.
_GLUED_HINT = re.compile(r"[.!?][A-ZА-ЯЁ]")


def _append(sentences: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    piece = text[start:end]
    cuts = [m.start() + start for m in _GLUED.finditer(piece) if m.group(1).lower() not in _DOMAINS] \
        if _GLUED_HINT.search(piece) else []
    for cut in cuts:
        _append_one(sentences, text, start, cut, para)
        start = cut
    _append_one(sentences, text, start, end, para)


def _append_one(sentences: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end], len(sentences), para))
