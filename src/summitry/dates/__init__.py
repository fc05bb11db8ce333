"""Dates stage: when each contact happened, as precisely as the document allows and no more.

Explicit dates in the evidence sentence win ("24 мая", "28–29 June", "1-февралда"); relative
ones ("today", "on Monday", "on the 17th") are resolved against the publication date (header,
URL, dateline).  A contact reported as news with no date of its own takes the publication date,
the GDELT/ICEWS convention.  Without a publication date the result is an honest range: the
overlap of the participants' terms in office, narrowed by any full date the text cites.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property

from summitry.dates.expressions import (
    DASH,
    ORD,
    DateExpr,
    _clip_day,
    _patterns,
    _reported,
    _valid,
    find_dates,
    resolve_expr,
)
from summitry.dates.reference import publication
from summitry.knowledge import KnowledgeBase, Lexicon
from summitry.knowledge.lexindex import LexIndex
from summitry.model import Contact, DateInfo, Document, Sentence

__all__ = ["DASH", "ORD", "DateExpr", "_patterns", "date_contact", "dates", "find_dates", "publication",
           "resolve_expr"]


ANNIVERSARY = (r"(\d{1,3})(?:-?(?:st|nd|rd|th|й|я|ю|ой|ей|летие\w*))?\s+"
               r"(?:anniversary\s+of\s+(?:the\s+)?|годовщин\w*\s+)?")


def _anniversary_regex(lex: Lexicon) -> re.Pattern[str]:
    names = "|".join(re.escape(str(k)) for k in sorted(lex.raw.get("anniversaries") or {}, key=len, reverse=True))
    return re.compile(ANNIVERSARY + rf"({names})", re.IGNORECASE)


def anniversaries(doc: Document, kb: KnowledgeBase, low: str | None = None) -> list[dt.date]:
    """Days of anniversaries the text congratulates on ("the 76th anniversary of the Victory").

    Events with a known date are listed per language under ``anniversaries`` in the lexicon.
    """
    days = []
    low = low if low is not None else doc.text.lower()  # the text lower-cased, once for every lexicon
    for lex in kb.lexicons_for(doc.lang):
        table = lex.raw.get("anniversaries") or {}
        if not table or not any(str(name).lower() in low for name in table):
            continue  # the regex ends with one of the names: skip its scan when none occurs
        for m in lex.memo("anniversaries", _anniversary_regex).finditer(doc.text):
            key = next(k for k in table if str(k).lower() == m.group(2).lower())
            base = dt.date.fromisoformat(str(table[key]))
            n = int(m.group(1))
            if 0 < n < 300:
                days.append(_clip_day(base.year + n, base.month, base.day))
    return days


UPCOMING = re.compile(r"(?:upcoming|forthcoming|предстоящ\w*)\b[^.]{0,90}?\b(?:in|в)\s+(\d{4})\b", re.IGNORECASE)


class _Clues:
    """A document's own date clues (anniversaries, "upcoming … in YEAR"), read once per document."""

    def __init__(self, doc: Document, kb: KnowledgeBase) -> None:
        self.doc, self.kb = doc, kb

    @cached_property
    def low(self) -> str:
        return self.doc.text.lower()

    @cached_property
    def anniversaries(self) -> list[dt.date]:
        return anniversaries(self.doc, self.kb, self.low)

    @cached_property
    def upcoming_caps(self) -> list[str]:
        if not any(word in self.low for word in ("upcoming", "forthcoming", "предстоящ")):
            return []  # the regex needs one of them: skip its scan of the whole text
        return [f"{int(m.group(1)) - 1}-12-31" for m in UPCOMING.finditer(self.doc.text)]


def _bounds(contact: Contact, doc: Document, kb: KnowledgeBase,
            clues: _Clues | None = None) -> tuple[str | None, str | None]:
    """Honest range for an undated contact: participants' terms overlap, the text's own clues."""
    clues = clues or _Clues(doc, kb)
    lo: str | None = None
    hi: str | None = None
    for p in contact.participants:
        if p.person_id:
            role = p.role if p.role in ("head_of_state", "head_of_government", "foreign_minister") else None
            start, end = kb.term_range(p.person_id, role)
            if start is None:
                start, end = kb.term_range(p.person_id)
            lo = max(filter(None, (lo, start)), default=None)
            hi = min(filter(None, (hi, end)), default=None)
    if doc.min_published and contact.status == "occurred":
        floor = (dt.date.fromisoformat(doc.min_published) - dt.timedelta(days=7)).isoformat()
        lo = max(filter(None, (lo, floor)), default=None)
    for day in clues.anniversaries:
        first, last = day.replace(day=1), _clip_day(day.year, day.month, 31)
        if (lo is None or last.isoformat() >= lo) and (hi is None or first.isoformat() <= hi):
            lo = max(filter(None, (lo, first.isoformat())), default=None)
            hi = min(filter(None, (hi, last.isoformat())), default=None)
    for cap in clues.upcoming_caps:
        if lo is None or cap >= lo:
            hi = min(filter(None, (hi, cap)), default=None)
    return lo, hi


def date_contact(contact: Contact, sentence: Sentence, doc: Document, kb: KnowledgeBase,
                 index: LexIndex | None = None, clues: _Clues | None = None) -> DateInfo:
    """The date of one contact from its evidence sentence and the document's publication date."""
    clues = clues or _Clues(doc, kb)
    lexicons = kb.lexicons_for(doc.lang)
    ref = dt.date.fromisoformat(doc.published) if doc.published else None
    ref = ref if ref and 1 < ref.year < 9999 else None  # arithmetic around 0001 or 9999 leaves the calendar
    planned = contact.status == "planned"
    exprs = [e for e in find_dates(sentence.text, lexicons, index, sentence.start)
             if not _reported(sentence.text, e, lexicons)]
    info: DateInfo | None = None
    year = None
    if ref is None:
        lo, hi = _bounds(contact, doc, kb, clues)
        year = int(lo[:4]) if lo and hi and lo[:4] == hi[:4] else None
    for expr in exprs:
        info = resolve_expr(expr, ref, planned, year)
        if info is not None:
            break
    if info is None and ref is not None and contact.salience == "main" and not planned:
        return DateInfo(date=doc.published, source=f"published ({doc.published_source})")
    if info is not None and (info.date or info.start):
        return info
    lo, hi = _bounds(contact, doc, kb, clues)
    if ref is not None:  # a mentioned contact with no date of its own: before or after publication
        lo, hi = (doc.published, hi) if planned else (lo, doc.published)
    if lo and hi and lo > hi:  # terms that never overlap (or miss the publication): no range, not a reversed one
        lo, hi = (doc.published, None) if ref is not None and planned else (None, doc.published if ref else None)
    out = info or DateInfo(source="term overlap" if lo else None)
    out.start, out.end = lo, hi
    if out.month_day and lo:
        out = _narrow_month_day(out)
    return out


def _narrow_month_day(info: DateInfo) -> DateInfo:
    """A day and month with an unknown year: exact when only one year in the range fits."""
    mo, d = info.month_day or (1, 1)
    lo = dt.date.fromisoformat(info.start or "1900-01-01")
    hi = dt.date.fromisoformat(info.end) if info.end else None
    last = min(hi.year if hi else lo.year + 1, dt.MAXYEAR)  # a text citing "9999-12-31" must not overflow
    years = [y for y in range(lo.year, last + 1)
             if _valid(y, mo, d) and lo <= dt.date(y, mo, d) and (hi is None or dt.date(y, mo, d) <= hi)]
    if hi is not None and len(years) == 1:
        return DateInfo(date=dt.date(years[0], mo, d).isoformat(), source="text day + terms in office")
    if years:
        info.start = dt.date(years[0], mo, d).isoformat()
    return info


def dates(doc: Document, sentences: list[Sentence], contacts: list[Contact], kb: KnowledgeBase,
          index: LexIndex | None = None) -> list[Contact]:
    """Set the date of every contact (pure: returns the same contacts with dates filled)."""
    by_index = {s.index: s for s in sentences}
    clues = _Clues(doc, kb)
    for c in contacts:
        c.date = date_contact(c, by_index[c.sentences[0]], doc, kb, index, clues)
    return contacts
