"""Reference dates: the day a document (or a part of it) speaks from, when its metadata does not say.

In order of trust: a dateline with a year ("MINSK (Sputnik - 14th September, 2020)"); a dateline
without one ("BAKU, June 3") whose year the text fixes, by the latest past date it cites or by the
weekday it names together with the terms of the leaders it names; and, for a news-list page, the
date line above each item ("06 December 2022"), which dates the item below it.  Without any, the
latest full date the text cites is a lower bound.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from summitry.dates.expressions import DateExpr, _valid, find_dates
from summitry.knowledge import SURNAME_ALONE, KnowledgeBase, Lexicon, any_phrase
from summitry.knowledge.lexindex import LexIndex
from summitry.model import Document, EntityMention, Sentence

# What may stand before a dateline's date: a place in capitals or title case, a comma or a full stop
# ("TASHKENT, Uzbekistan, ", "Москва. ", "New Delhi, "), at most a few words.
_DATELINE_PLACE = re.compile(r"^\W{0,3}[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’.-]*(?:[ ,]+[\w'’.-]+){0,3}?\s*[,.]\s*$")
# What a date line may hold besides its date: a weekday, a time, separators ("Tuesday, 06 June 2023 | 14:05").
_LINE_REST = re.compile(r"^[\s,.|/·•–—()-]*(?:\d{1,2}[:.]\d{2}(?::\d{2})?[\s,.|/·•–—()-]*)?$")
HEAD_SENTENCES = 3
DATELINE_PLACE_MAX = 30  # a place alone on its line before the date ("Москва.")
LATEST_YEAR = 2100


def full_dates(text: str, lexicons: list[Lexicon], index: LexIndex | None = None, offset: int = 0) -> list[dt.date]:
    """Every day with its year the text names."""
    return [dt.date(e.year, e.month or 1, e.day or 1) for e in find_dates(text, lexicons, index, offset)
            if e.kind == "day" and e.year]


def date_lines(doc: Document, sentences: Sequence[Sentence], lexicons: list[Lexicon],
               index: LexIndex | None = None) -> list[tuple[int, str]]:
    """(offset, ISO day) of every line that holds nothing but a full date: a list page's item dates.
    ``index``: the document's, which lets each short line skip the lexicon lists it cannot hold."""
    out: list[tuple[int, str]] = []
    for s in sentences:
        if len(s.text) > 60 or not any(map(str.isdigit, s.text)):  # map: no generator frame per character
            continue
        exprs = find_dates(s.text, lexicons, index, s.start)
        days = [e for e in exprs if e.kind == "day" and e.year]
        if len(days) != 1:
            continue
        rest = s.text
        for e in sorted(exprs, key=lambda x: -x.start):
            if e.kind not in ("day", "weekday"):
                break
            rest = rest[:e.start] + " " + rest[e.end:]
        else:
            if _LINE_REST.match(rest):
                d = days[0]
                out.append((s.start, dt.date(d.year, d.month or 1, d.day or 1).isoformat()))  # type: ignore[arg-type]
    return out


def yearless_dateline(text: str, lexicons: list[Lexicon], index: LexIndex | None = None,
                      offset: int = 0) -> DateExpr | None:
    """The dateline without a year that opens a sentence ("New Delhi, Aug 9 …"): the report's day, no contact's.
    ``index``: the document's, when ``text`` is the piece of it at ``offset`` (not two sentences joined)."""
    head = text[:60]
    exprs = [e for e in find_dates(head, lexicons, index, offset) if e.kind == "day" and e.year is None]
    if exprs and _DATELINE_PLACE.match(head[:exprs[0].start]) and \
            not find_dates(head[:exprs[0].start], lexicons, index, offset):
        return exprs[0]
    return None


def _yearless_dateline(sentences: Sequence[Sentence], lexicons: list[Lexicon],
                       index: LexIndex | None = None) -> tuple[int, int] | None:
    """(month, day) of a dateline without a year at the start of one of the first sentences, or split
    over two by its full stops ("Москва. 14 марта. ИНТЕРФАКС - …")."""
    head = sentences[:HEAD_SENTENCES]
    for prev, s in zip([None, *head], head, strict=False):
        joined = prev is not None and len(prev.text) <= DATELINE_PLACE_MAX
        texts = [(s.text, index)] + ([(f"{prev.text} {s.text}", None)] if prev is not None and joined else [])
        for text, text_index in texts:  # two sentences joined are no piece of the indexed text
            if (e := yearless_dateline(text, lexicons, text_index, s.start)) is not None:
                return e.month or 1, e.day or 1
    return None


def _persons(found: Iterable[EntityMention] | None, head_end: int = 0) -> list[str]:
    """The people the text names (a bare surname too, when it can be one person only and is not short); those
    of its first sentences twice, as they are what the news is about ("Meloni meets Macron" above a paragraph
    that recalls her predecessor)."""
    named = [m for m in found or () if "|" not in m.entity_id and
             (m.kind == "person" or (m.kind == "surname" and len(m.surface) >= SURNAME_ALONE))]
    return sorted({m.entity_id for m in named}) + sorted({m.entity_id for m in named if m.start < head_end})


def _future_sentences(sentences: Sequence[Sentence], lexicons: list[Lexicon]) -> set[int]:
    """Sentences with a future marker ("will", "состоится"): dates in them may lie after publication."""
    out = set()
    for s in sentences:
        if any_phrase(lexicons, ("future",), s.text):
            out.add(s.index)
    return out


def year_from_cited(month: int, day: int, sentences: Sequence[Sentence], lexicons: list[Lexicon],
                    index: LexIndex | None = None) -> int | None:
    """The year of a dateline from the latest past date the text cites: the first (month, day) on or
    after it ("TASHKENT, November 14" and "… took place on March 29, 2025" → 2025)."""
    future = _future_sentences(sentences, lexicons)
    cited = [d for s in sentences if s.index not in future for d in full_dates(s.text, lexicons, index, s.start)]
    if not cited:
        return None
    latest = max(cited)
    for y in (latest.year, latest.year + 1):
        if _valid(y, month, day) and dt.date(y, month, day) >= latest:
            return y
    return None


def _head_end(sentences: Sequence[Sentence]) -> int:
    return sentences[min(HEAD_SENTENCES, len(sentences)) - 1].end if sentences else 0


def year_from_weekday(month: int, day: int, weekday: int, people: list[str], kb: KnowledgeBase,
                      first: int = 1990, exact_only: bool = False) -> int | None:
    """The one year in which (month, day) falls on ``weekday`` while most of the named leaders held
    office ("Baku, March 14 — … on Friday" and the leaders' terms); None when it is not one year.
    ``exact_only`` when the weekday names that very day ("on Sunday, 10 August")."""
    scores: dict[int, tuple[int, int]] = {}
    held_by = [person for pid in people if (person := kb.person(pid)) is not None and person.offices]
    last = min(LATEST_YEAR, int(kb.known_until[:4]) + 1)  # open terms run on, but no report is from the future
    for y in range(first, last + 1):
        if not _valid(y, month, day):
            continue
        date = dt.date(y, month, day)
        # the weekday is the report's day, or the day before it ("Rome, Oct 24 – … talks on Sunday evening")
        exact = date.weekday() == weekday
        if not exact and (exact_only or (date - dt.timedelta(days=1)).weekday() != weekday):
            continue
        iso = date.isoformat()
        held = sum(1 for person in held_by if person.in_office(iso))
        scores[y] = (held, int(exact))
    best = max(scores.values(), default=(0, 0))
    years = [y for y, n in scores.items() if n == best]
    return years[0] if best[0] and len(years) == 1 else None


_BESIDE = re.compile(r"^[\s,]*$")


def _day_with_weekday(sentences: Sequence[Sentence], lexicons: list[Lexicon],
                      index: LexIndex | None = None) -> tuple[int, int, int] | None:
    """(month, day, weekday) of a yearless day the first paragraphs name with its weekday ("on Sunday,
    March 14", "в пятницу, 14 марта"): the two together fix the year within the leaders' terms."""
    for s in sentences[:6]:
        exprs = sorted(find_dates(s.text, lexicons, index, s.start), key=lambda e: e.start)
        for a, b in zip(exprs, exprs[1:], strict=False):
            if {a.kind, b.kind} != {"day", "weekday"} or not _BESIDE.match(s.text[a.end:b.start]):
                continue
            day, weekday = (a, b) if a.kind == "day" else (b, a)
            if day.year is None and day.month and day.day and weekday.value is not None and not weekday.shift:
                return day.month, day.day, weekday.value
    return None


def _weekday_named(sentences: Sequence[Sentence], lexicons: list[Lexicon], index: LexIndex | None = None) -> int | None:
    """The weekday the first paragraphs name (past tense: the day of the news), if only one; of two, the one
    outside sentences about what will happen ("on Sunday a reception was held … on Monday the summit opens")."""
    named = {s.index: {e.value for e in find_dates(s.text, lexicons, index, s.start)
                       if e.kind == "weekday" and not e.shift} for s in sentences[:6]}
    days = set().union(*named.values()) if named else set()
    if len(days) > 1:
        future = _future_sentences(sentences[:6], lexicons)
        days = set().union(*(v for i, v in named.items() if i not in future))
    return days.pop() if len(days) == 1 else None


def publication(doc: Document, sentences: list[Sentence], kb: KnowledgeBase,
                index: LexIndex | None = None, found: Iterable[EntityMention] | None = None) -> Document:
    """Reference dates from the text: date lines, a dateline (its year fixed if the text allows),
    or a lower bound from the dates the text cites."""
    lexicons = kb.lexicons_for(doc.lang)
    doc.date_lines = date_lines(doc, sentences, lexicons, index)
    if doc.published:
        return doc
    # A dateline sits at the very top ("MINSK (Sputnik - 14th September, 2020)", "14:09, 01 февраля
    # 2021, Бишкек"); a full date further down is about something else.
    head = " ".join(s.text for s in sentences[:2])[:120]
    dateline = full_dates(head, lexicons)
    if dateline:
        doc.published, doc.published_source = dateline[0].isoformat(), "dateline"
        return doc
    month_day = _yearless_dateline(sentences, lexicons, index)
    if month_day:
        year = year_from_cited(*month_day, sentences, lexicons, index)
        how = "year of the latest date cited"
        weekday = _weekday_named(sentences, lexicons, index)
        if year is not None and weekday is not None and dt.date(year, *month_day).weekday() != weekday \
                and _valid(year - 1, *month_day) and dt.date(year - 1, *month_day).weekday() == weekday:
            # "Aug 9 … on Saturday" citing "15 August 2025" ahead: the date cited was still to come
            year, how = year - 1, "year of the date cited ahead and the weekday"
        elif year is None and weekday is not None:
            people = _persons(found, _head_end(sentences))
            year, how = year_from_weekday(*month_day, weekday, people, kb), "year of the weekday and terms"
        if year:
            doc.published = dt.date(year, *month_day).isoformat()
            doc.published_source = f"dateline ({how})"
            return doc
        doc.dateline = month_day
    named = _day_with_weekday(sentences, lexicons, index)
    year = named and year_from_weekday(*named, _persons(found, _head_end(sentences)), kb, exact_only=True)
    if named and year:
        doc.published = dt.date(year, named[0], named[1]).isoformat()
        doc.published_source = "day and weekday named in text (year of the weekday and terms)"
        return doc
    cited = [d for d in full_dates(doc.text, lexicons, index) if d.year > 1990]
    if cited:
        doc.min_published = max(cited).isoformat()
    return doc
