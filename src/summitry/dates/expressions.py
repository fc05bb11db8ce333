"""Date expressions in a sentence and what each means against a reference date.

Patterns are built from the lexicons' month, weekday, relative-day and period words, so a new
language or phrase is data.  ``find_dates`` lists the expressions; ``resolve_expr`` turns one into
a ``DateInfo`` given the reference date (publication, dateline, a list page's date line).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from summitry.knowledge import Lexicon
from summitry.knowledge.lexindex import LexIndex
from summitry.model import DateInfo

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


