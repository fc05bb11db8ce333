"""Honest ranges for contacts the text gives no day for.

The range is where the participants' terms in office overlap (a term, never the gap between two),
narrowed by what the document itself says: the latest date it cites, the anniversary it
congratulates on, "the upcoming … in 2025".  A day and month without a year become exact when
only one year of that range has them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property

from summitry.dates.expressions import YEAR_MAX, YEAR_MIN, _valid
from summitry.dates.rules import _clip_day
from summitry.dates.terms import Interval, common_terms
from summitry.knowledge import KnowledgeBase, Lexicon
from summitry.model import Contact, DateInfo, Document

ANNIVERSARY = (r"(\d{1,3})(?:-?(?:st|nd|rd|th|й|я|ю|ой|ей|летие\w*))?\s+"
               r"(?:anniversary\s+of\s+(?:the\s+)?|годовщин\w*\s+)?")
UPCOMING = re.compile(r"(?:upcoming|forthcoming|предстоящ\w*)\b[^.]{0,90}?\b(?:in|в)\s+(\d{4})\b", re.IGNORECASE)


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


class Clues:
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
        return [f"{int(m.group(1)) - 1:04d}-12-31" for m in UPCOMING.finditer(self.doc.text)
                if YEAR_MIN <= int(m.group(1)) <= YEAR_MAX]  # "the upcoming summit in 0001" is no year


def _term_bounds(contact: Contact, kb: KnowledgeBase, floor: str | None) -> Interval:
    """The one term all named participants shared: the latest that does not end before ``floor``."""
    people = [(p.person_id, p.role) for p in contact.participants if p.person_id]
    shared = common_terms(kb, people)
    if shared is None:
        return None, None
    usable = [iv for iv in shared if floor is None or iv[1] is None or iv[1] >= floor] or shared
    return usable[-1] if usable else (None, None)


def bounds(contact: Contact, doc: Document, kb: KnowledgeBase, clues: Clues | None = None) -> Interval:
    """Honest range for an undated contact: participants' shared term, the text's own clues."""
    clues = clues or Clues(doc, kb)
    floor = None
    if doc.min_published and contact.status == "occurred":
        floor = (dt.date.fromisoformat(doc.min_published) - dt.timedelta(days=7)).isoformat()
    lo, hi = _term_bounds(contact, kb, floor)
    if floor:
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


def narrow_month_day(info: DateInfo) -> DateInfo:
    """A day and month with an unknown year: exact when only one year in the range fits."""
    mo, d = info.month_day or (1, 1)
    lo = dt.date.fromisoformat(info.start or "1900-01-01")
    hi = dt.date.fromisoformat(info.end) if info.end else None
    last = min(hi.year if hi else lo.year + 1, dt.MAXYEAR)  # a text citing "9999-12-31" must not overflow
    years = [y for y in range(lo.year, last + 1)
             if _valid(y, mo, d) and lo <= dt.date(y, mo, d) and (hi is None or dt.date(y, mo, d) <= hi)]
    if hi is not None and len(years) == 1 and info.month_day_end:
        until = _clip_day(years[0], *info.month_day_end)
        return DateInfo(start=dt.date(years[0], mo, d).isoformat(), end=until.isoformat(),
                        source=f"{info.source} + terms in office", kind=info.kind)
    if hi is not None and len(years) == 1:
        return DateInfo(date=dt.date(years[0], mo, d).isoformat(), source=f"{info.source} + terms in office",
                        kind=info.kind)
    if years:
        info.start = dt.date(years[0], mo, d).isoformat()
    return info
