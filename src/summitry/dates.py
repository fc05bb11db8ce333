"""Dates stage: when each contact happened, as precisely as the document allows and no more.

Explicit dates in the evidence sentence win ("24 мая", "28–29 June", "1-февралда"); relative
ones ("today", "on Monday", "on the 17th") are resolved against the publication date (header,
URL, dateline).  A contact reported as news with no date of its own takes the publication date,
the GDELT/ICEWS convention.  Without a publication date the result is an honest range: the
overlap of the participants' terms in office, narrowed by any full date the text cites.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from summitry.knowledge import KnowledgeBase, Lexicon
from summitry.knowledge.lexindex import LexIndex
from summitry.model import Contact, DateInfo, Document, Sentence

ORD = r"(?:-?(?:st|nd|rd|th|го|е|ші|шы|нчи|нчы))?"
DASH = r"\s*[-–—]\s*"


@dataclass
class DateExpr:
    """One date expression: a day, a range of days, a month, a weekday or a relative day."""

    start: int
    end: int
    kind: str  # day | range | month | weekday | relative | day_of_month
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    value: int | None = None  # weekday number or relative offset


# A number not preceded by a digit, spelt digit-first: with ``(?<!\d)(\d{1,2})`` ``re`` tries the
# pattern at every position of a sentence, with ``(\d(?<!\d\d)\d?)`` it skips ahead to digits.  Same
# for "on" starting a word (the look-behind after the first letter checks the character before it).
_D12, _D4 = r"(\d(?<!\d\d)\d?)", r"(\d(?<!\d\d)\d{3})"


def _patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    m = lex.month_regex
    parts = "|".join(re.escape(str(p)) for p in sorted(lex.raw.get("month_parts") or {}, key=len, reverse=True))
    pats = [
        ("iso", rf"{_D4}-(\d{{2}})-(\d{{2}})(?!\d)"),
        ("dotted", rf"{_D12}\.(\d{{1,2}})\.(\d{{4}})(?!\d)"),
        ("d_m_y", rf"{_D12}{ORD}(?:{DASH}(\d{{1,2}}){ORD})?[\s-]*(?:of\s+)?({m})(?:,?\s+(\d{{4}}))?"),
        ("m_d_y", rf"(?<![\w])({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:{DASH}(\d{{1,2}}))?(?!\d)(?:,?\s+(\d{{4}}))?"),
        ("m_y", rf"(?<![\w])({m})\s+(?:of\s+)?(\d{{4}})(?!\d)"),
    ]
    pats.append(("m_only", rf"(?<![\w])(?:in|в|во)\s+({m})(?!\s*\d)"))
    if parts:
        pats.append(("part_m", rf"(?<![\w])({parts})\s*({m})(?:\s+(\d{{4}}))?"))
    pats.append(("the_nth", r"o(?<!\wo)n\s+the\s+(\d{1,2})(?:st|nd|rd|th)(?![\w])(?!\s+(?:anniversary|century))"))
    return [(name, re.compile(p, re.IGNORECASE)) for name, p in pats]


_DIGIT = re.compile(r"\d")
_NEEDS_DIGIT = {"iso", "dotted", "d_m_y", "m_d_y", "m_y", "the_nth"}
# Patterns whose every match starts at a month name (or a month part: "end of May"): tried only there.
_STARTS_AT = {"m_d_y": ("months",), "m_y": ("months",), "part_m": ("month_parts",)}
_NEEDS_MONTH = {"d_m_y", "m_d_y", "m_y", "m_only", "part_m"}


def _month_named(text: str, lex: Lexicon, index: LexIndex | None, offset: int) -> bool:
    if index is not None:
        return index.may(("months",), offset, offset + len(text))
    return lex.memo("month_search", lambda x: re.compile(x.month_regex, re.IGNORECASE)).search(text) is not None


def _lexicon_matches(lex: Lexicon, path: tuple[str, ...], text: str, index: LexIndex | None,
                     offset: int) -> Iterator[re.Match[str]]:
    rx = lex.regex(*path)
    if rx is None:
        return iter(())
    return index.finditer(path, rx, text, offset) if index is not None else rx.finditer(text)


def find_dates(text: str, lexicons: list[Lexicon], index: LexIndex | None = None, offset: int = 0) -> list[DateExpr]:
    """All date expressions in ``text`` (offsets relative to it), non-overlapping, in order.

    ``index`` (the document's, with ``text`` at ``offset`` in it) skips patterns that need a month name.
    """
    found: list[DateExpr] = []
    digits = _DIGIT.search(text) is not None
    for lex in lexicons:
        months = _month_named(text, lex, index, offset)
        for name, rx in lex.memo("date_patterns", _patterns):
            if (name in _NEEDS_DIGIT and not digits) or (name in _NEEDS_MONTH and not months):
                continue  # cheap necessary conditions first: most sentences name no month
            first = _STARTS_AT.get(name) if index is not None else None
            for mt in index.finditer(first, rx, text, offset) if first else rx.finditer(text):  # type: ignore[union-attr]
                expr = _build(name, mt, lex)
                if expr is not None:
                    found.append(expr)
        for mt in _lexicon_matches(lex, ("relative_periods",), text, index, offset):
            unit, shift = lex.lookup("relative_periods", " ".join(mt.group(0).split()))
            found.append(DateExpr(mt.start(), mt.end(), f"period_{unit}", value=int(shift)))
        for path, kind in ((("weekdays",), "weekday"), (("relative_days",), "relative")):
            table = "weekdays" if kind == "weekday" else "relative_days"
            for mt in _lexicon_matches(lex, path, text, index, offset):
                found.append(DateExpr(mt.start(), mt.end(), kind, value=int(lex.lookup(table, mt.group(0)))))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    kept: list[DateExpr] = []
    for e in found:
        if not kept or e.start >= kept[-1].end:
            kept.append(e)
    return kept


def _valid(y: int | None, mo: int | None, d: int | None) -> bool:
    if mo is None or not 1 <= mo <= 12 or y == 0:  # year 0 does not exist (and would read as "no year")
        return False
    if d is None:
        return True
    return 1 <= d <= calendar.monthrange(y or 2000, mo)[1]


def _build(name: str, mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    g = mt.groups()
    s, e = mt.start(), mt.end()
    if name == "iso":
        y, mo, d = int(g[0]), int(g[1]), int(g[2])
        return DateExpr(s, e, "day", y, mo, d) if _valid(y, mo, d) else None
    if name == "dotted":
        d, mo, y = int(g[0]), int(g[1]), int(g[2])
        return DateExpr(s, e, "day", y, mo, d) if _valid(y, mo, d) else None
    if name == "d_m_y":
        mo = lex.month_of(g[2])
        d, d2, y = int(g[0]), (int(g[1]) if g[1] else None), (int(g[3]) if g[3] else None)
    elif name == "m_d_y":
        mo = lex.month_of(g[0])
        d, d2, y = int(g[1]), (int(g[2]) if g[2] else None), (int(g[3]) if g[3] else None)
    elif name == "m_y":
        mo, y = lex.month_of(g[0]), int(g[1])
        return DateExpr(s, e, "month", y, mo) if _valid(y, mo, None) and 1900 < y < 2100 else None
    elif name == "m_only":
        if lex.lang == "en" and not g[0][:1].isupper():
            return None  # "in may" is not a month
        mo = lex.month_of(g[0])
        return DateExpr(s, e, "month", None, mo) if mo else None
    elif name == "part_m":
        lo, hi = lex.raw["month_parts"][next(k for k in lex.raw["month_parts"] if k.lower() == g[0].lower())]
        mo, y = lex.month_of(g[1]), (int(g[2]) if g[2] else None)
        return DateExpr(s, e, "range", y, mo, int(lo), int(hi)) if _valid(y, mo, None) else None
    else:  # the_nth
        return DateExpr(s, e, "day_of_month", day=int(g[0])) if 1 <= int(g[0]) <= 31 else None
    if not _valid(y, mo, d) or (d2 is not None and not (_valid(y, mo, d2) and d2 > d)):
        return None
    return DateExpr(s, e, "range" if d2 else "day", y, mo, d, d2)


def _clip_day(y: int, mo: int, d: int) -> dt.date:
    return dt.date(y, mo, min(d, calendar.monthrange(y, mo)[1]))


def _pick_year(mo: int, d: int, ref: dt.date, planned: bool) -> int:
    """The year that puts day/month nearest the reference date, in the direction of the tense."""
    years = [ref.year - 1, ref.year, ref.year + 1]
    cands = [(y, _clip_day(y, mo, d)) for y in years]
    if planned:  # announced contacts lie ahead, or at most a few weeks back (a plan that slipped)
        ahead = [(y, c) for y, c in cands if c >= ref - dt.timedelta(days=45)]
        if ahead:
            return min(ahead, key=lambda yc: yc[1])[0]
    else:
        past = [(y, c) for y, c in cands if c <= ref + dt.timedelta(days=1)]
        if past:
            return max(past, key=lambda yc: yc[1])[0]
    return min(cands, key=lambda yc: abs((yc[1] - ref).days))[0]


def resolve_expr(expr: DateExpr, ref: dt.date | None, planned: bool, year: int | None = None) -> DateInfo | None:
    """A date expression as a DateInfo, using ``ref`` (publication date) where it needs one.

    ``year`` is the only year the document's other clues allow, used when there is no ``ref``.
    """
    if expr.year is None and ref is None and year and expr.kind in ("day", "range"):
        expr = DateExpr(expr.start, expr.end, expr.kind, year, expr.month, expr.day, expr.day2)
    if expr.kind in ("day", "range", "month") and expr.year is None and ref is None:
        if expr.kind == "day":
            return DateInfo(source="text (no year)", month_day=(expr.month or 0, expr.day or 0))
        return None
    if expr.kind == "day":
        y = expr.year or _pick_year(expr.month or 1, expr.day or 1, ref, planned)  # type: ignore[arg-type]
        return DateInfo(date=dt.date(y, expr.month or 1, expr.day or 1).isoformat(),
                        source="text" if expr.year else "text+published year")
    if expr.kind == "range":
        y = expr.year or _pick_year(expr.month or 1, expr.day or 1, ref, planned)  # type: ignore[arg-type]
        lo, hi = _clip_day(y, expr.month or 1, expr.day or 1), _clip_day(y, expr.month or 1, expr.day2 or 31)
        return DateInfo(start=lo.isoformat(), end=hi.isoformat(), source="text range")
    if expr.kind == "month":
        mo = expr.month or 1
        y = expr.year or year or (_pick_year(mo, 15, ref, planned) if ref else 0)
        return DateInfo(start=f"{y:04d}-{mo:02d}-01", end=_clip_day(y, mo, 31).isoformat(), source="text month")
    if ref is None:
        return DateInfo(weekday=expr.value, source="text weekday, no publication date") if expr.kind == "weekday" \
            else None
    if expr.kind == "relative":
        return DateInfo(date=(ref + dt.timedelta(days=expr.value or 0)).isoformat(), source="relative to published")
    if expr.kind == "period_week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=expr.value or 0)
        return DateInfo(start=monday.isoformat(), end=(monday + dt.timedelta(days=6)).isoformat(),
                        source="week relative to published")
    if expr.kind == "period_year":
        y = ref.year + (expr.value or 0)
        return DateInfo(start=f"{y:04d}-01-01", end=f"{y:04d}-12-31", source="year relative to published")
    if expr.kind == "period_month":
        first = ref.replace(day=1)
        for _ in range(abs(expr.value or 0)):
            first = (first + dt.timedelta(days=32)).replace(day=1) if (expr.value or 0) > 0 \
                else (first - dt.timedelta(days=1)).replace(day=1)
        return DateInfo(start=first.isoformat(), end=_clip_day(first.year, first.month, 31).isoformat(),
                        source="month relative to published")
    if expr.kind == "weekday":
        delta = (ref.weekday() - (expr.value or 0)) % 7
        day = ref - dt.timedelta(days=delta) if not planned else ref + dt.timedelta(days=(-delta) % 7)
        return DateInfo(date=day.isoformat(), source="weekday relative to published")
    # day_of_month ("on the 17th")
    d = expr.day or 1
    cand = _clip_day(ref.year, ref.month, d)
    if planned and cand < ref:
        nxt = ref.replace(day=1) + dt.timedelta(days=32)
        cand = _clip_day(nxt.year, nxt.month, d)
    return DateInfo(date=cand.isoformat(), source="day of month relative to published")


SINCE = re.compile(r"\b(?:since|с момента|с тех пор)\b", re.IGNORECASE)


def _reported(text: str, expr: DateExpr, lexicons: list[Lexicon]) -> bool:
    """"said on Monday", "since his election in 2018": the date belongs to something else."""
    if SINCE.search(text[max(0, expr.start - 100):expr.start]):
        return True
    before = text[max(0, expr.start - 30):expr.start]
    for lex in lexicons:
        rx = lex.regex("reporting_verbs")
        if rx is None:
            continue
        for m in rx.finditer(before):
            if re.fullmatch(r"\s*(?:on\s+|в\s+|во\s+)?", before[m.end():], re.IGNORECASE):
                return True
    return False


def _full_dates(text: str, lexicons: list[Lexicon], index: LexIndex | None = None) -> list[dt.date]:
    out = []
    for e in find_dates(text, lexicons, index):
        if e.kind == "day" and e.year:
            out.append(dt.date(e.year, e.month or 1, e.day or 1))
    return out


def publication(doc: Document, sentences: list[Sentence], kb: KnowledgeBase,
                index: LexIndex | None = None) -> Document:
    """Fill the publication date from a dateline, or a lower bound from dates the text cites."""
    if doc.published:
        return doc
    lexicons = kb.lexicons_for(doc.lang)
    # A dateline sits at the very top ("MINSK (Sputnik - 14th September, 2020)", "14:09, 01 февраля
    # 2021, Бишкек"); a full date further down is about something else.
    head = " ".join(s.text for s in sentences[:2])[:120]
    dateline = _full_dates(head, lexicons)
    if dateline:
        doc.published, doc.published_source = dateline[0].isoformat(), "dateline"
        return doc
    cited = [d for d in _full_dates(doc.text, lexicons, index) if d.year > 1990]
    if cited:
        doc.min_published = max(cited).isoformat()
    return doc


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
