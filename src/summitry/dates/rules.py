"""What a date expression means against a reference date: one rule per kind of expression.

``resolve_expr`` reads a ``DateExpr`` (found by ``expressions.find_dates``) with the rule its kind has
in ``KINDS`` — a day in its year or the one the tense points to, a range, a month, a weekday nearest the
reference, a period around it — so a new kind is one small function and one row.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from summitry.dates.expressions import DateExpr
from summitry.model import DateInfo


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


def _month_year(mo: int, mo2: int, ref: dt.date, planned: bool) -> int:
    """The year of a month (or season from ``mo`` to ``mo2``) named without one: a planned contact's
    month still ends on or after the reference date, an occurred one's began on or before it."""
    span = (mo2 - mo) % 12
    for y in ((ref.year - 1, ref.year, ref.year + 1) if planned else (ref.year + 1, ref.year, ref.year - 1)):
        first = dt.date(y, mo, 1)
        last_month = (mo + span - 1) % 12 + 1
        last = _clip_day(y + (mo + span - 1) // 12, last_month, 31)
        if (planned and last >= ref) or (not planned and first <= ref):
            return y
    return ref.year


def _month_range(y: int, mo: int, mo2: int | None = None) -> tuple[str, str]:
    span = ((mo2 or mo) - mo) % 12
    last_month = (mo + span - 1) % 12 + 1
    return f"{y:04d}-{mo:02d}-01", _clip_day(y + (mo + span - 1) // 12, last_month, 31).isoformat()


def resolve_expr(expr: DateExpr, ref: dt.date | None, planned: bool, year: int | None = None,
                 ref_name: str = "published") -> DateInfo | None:
    """A date expression as a DateInfo, using ``ref`` (the reference date: publication, a dateline or a
    list page's date line, named ``ref_name`` in the source) where it needs one.

    ``year`` is the only year the document's other clues allow, used when there is no ``ref``.
    """
    if expr.year is None and ref is None and year and expr.kind in _CALENDAR:
        expr = DateExpr(expr.start, expr.end, expr.kind, year, expr.month, expr.day, expr.day2, month2=expr.month2)
    return KINDS[expr.kind].rule(expr, ref, planned, ref_name)


# A rule reads one kind of expression against the reference day (None: unknown), the tense (planned)
# and the reference's name for the source.
Rule = Callable[[DateExpr, dt.date | None, bool, str], DateInfo | None]
_CALENDAR = frozenset({"day", "range", "month", "season"})  # what takes the document's one possible year


def _day(expr: DateExpr, ref: dt.date | None, planned: bool, ref_name: str) -> DateInfo | None:
    """"on 3 May": its own year, else the one that puts it nearest the reference (by tense)."""
    mo = expr.month or 1
    if expr.year is None and ref is None:
        return DateInfo(source="text (no year)", month_day=(mo, expr.day or 0), kind="text")
    y = expr.year or _pick_year(mo, expr.day or 1, ref, planned)  # type: ignore[arg-type]
    return DateInfo(date=dt.date(y, mo, expr.day or 1).isoformat(),
                    source="text" if expr.year else f"text+{ref_name} year", kind="text")


def _range(expr: DateExpr, ref: dt.date | None, planned: bool, _ref_name: str) -> DateInfo | None:
    """"28–29 June", "end of May"; without a year or a reference, the days of the month it names."""
    mo = expr.month or 1
    if expr.year is None and ref is None:
        return DateInfo(source="text range (no year)", month_day=(mo, expr.day or 1),
                        month_day_end=(mo, expr.day2 or 31), kind="text")
    y = expr.year or _pick_year(mo, expr.day or 1, ref, planned)  # type: ignore[arg-type]
    lo, hi = _clip_day(y, mo, expr.day or 1), _clip_day(y, mo, expr.day2 or 31)
    return DateInfo(start=lo.isoformat(), end=hi.isoformat(), source="text range", kind="text")


def _month_or_season(expr: DateExpr, ref: dt.date | None, planned: bool, _ref_name: str) -> DateInfo | None:
    """"in March", "in the autumn of 2019": a month or a season, in its year or the one the tense says."""
    if expr.year is None and ref is None:
        return None
    mo = expr.month or 1
    mo2 = expr.month2 if expr.kind == "season" else mo
    y = expr.year or _month_year(mo, mo2 or mo, ref, planned)  # type: ignore[arg-type]
    lo, hi = _month_range(y, mo, mo2)
    return DateInfo(start=lo, end=hi, source=f"text {expr.kind}", kind="text")


def _in_year(expr: DateExpr, _ref: dt.date | None, _planned: bool, _ref_name: str) -> DateInfo | None:
    """"in 2017"."""
    return DateInfo(start=f"{expr.year:04d}-01-01", end=f"{expr.year:04d}-12-31", source="text year", kind="text")


def _on_weekday(expr: DateExpr, ref: dt.date | None, planned: bool, ref_name: str) -> DateInfo | None:
    """"on Monday", "last Tuesday": the day of that name nearest the reference; without one, only the weekday."""
    if ref is None:
        return DateInfo(weekday=expr.value, source="text weekday, no publication date", kind="text")
    return DateInfo(date=_weekday(ref, expr.value or 0, expr.shift, planned).isoformat(),
                    source=f"weekday relative to {ref_name}", kind="derived")


def _anchored(rule: Callable[[DateExpr, dt.date, bool, str], DateInfo | None]) -> Rule:
    """A rule that counts from the reference day: without one there is nothing to count from."""
    def anchored(expr: DateExpr, ref: dt.date | None, planned: bool, ref_name: str) -> DateInfo | None:
        return None if ref is None else rule(expr, ref, planned, ref_name)
    return anchored


def _days_from(expr: DateExpr, ref: dt.date, _planned: bool, ref_name: str) -> DateInfo | None:
    """"yesterday", "the same day", "a day after": days counted from the reference."""
    return DateInfo(date=(ref + dt.timedelta(days=expr.value or 0)).isoformat(), source=f"relative to {ref_name}",
                    kind="derived")


def _period_week(expr: DateExpr, ref: dt.date, _planned: bool, ref_name: str) -> DateInfo | None:
    """"last week", "на этой неделе": Monday to Sunday."""
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=expr.value or 0)
    return DateInfo(start=monday.isoformat(), end=(monday + dt.timedelta(days=6)).isoformat(),
                    source=f"week relative to {ref_name}", kind="derived")


def _period_weekend(expr: DateExpr, ref: dt.date, planned: bool, ref_name: str) -> DateInfo | None:
    """"over the weekend", "в минувшие выходные": the Saturday and Sunday last past (the coming ones for a
    plan or "next weekend"); on a Saturday or Sunday, that weekend."""
    if (expr.value or 0) > 0 or (planned and (expr.value or 0) == 0):
        saturday = ref + dt.timedelta(days=(5 - ref.weekday()) % 7)
    else:
        saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
    return DateInfo(start=saturday.isoformat(), end=(saturday + dt.timedelta(days=1)).isoformat(),
                    source=f"weekend relative to {ref_name}", kind="derived")


def _period_month(expr: DateExpr, ref: dt.date, _planned: bool, ref_name: str) -> DateInfo | None:
    """"next month", "в прошлом месяце"."""
    first = _add_months(ref.replace(day=1), expr.value or 0)
    return DateInfo(start=first.isoformat(), end=_clip_day(first.year, first.month, 31).isoformat(),
                    source=f"month relative to {ref_name}", kind="derived")


def _period_year(expr: DateExpr, ref: dt.date, _planned: bool, ref_name: str) -> DateInfo | None:
    """"this year", "в прошлом году"."""
    y = ref.year + (expr.value or 0)
    return DateInfo(start=f"{y:04d}-01-01", end=f"{y:04d}-12-31", source=f"year relative to {ref_name}",
                    kind="derived")


def _day_of_month(expr: DateExpr, ref: dt.date, planned: bool, ref_name: str) -> DateInfo | None:
    """"on the 17th" (the next one for a plan), "on the 23rd of last month"."""
    first = _add_months(ref.replace(day=1), expr.shift)
    cand = _clip_day(first.year, first.month, expr.day or 1)
    if planned and not expr.shift and cand < ref:
        nxt = _add_months(first, 1)
        cand = _clip_day(nxt.year, nxt.month, expr.day or 1)
    return DateInfo(date=cand.isoformat(), source=f"day of month relative to {ref_name}", kind="derived")


@dataclass(frozen=True)
class Kind:
    """One kind of date expression (``DateExpr.kind``): the rule that reads it, and how much it says."""

    rule: Rule
    precision: int  # to pick among adjacent expressions: "today, Wednesday 5 June 2024" is 5 June


# Every kind of date expression: a new kind is one rule function and one row.
KINDS: Mapping[str, Kind] = MappingProxyType({
    "day": Kind(_day, 9),
    "range": Kind(_range, 7),
    "day_of_month": Kind(_anchored(_day_of_month), 6),
    "same_day": Kind(_anchored(_days_from), 5),
    "weekday": Kind(_on_weekday, 5),
    "relative": Kind(_anchored(_days_from), 4),
    "month": Kind(_month_or_season, 3),
    "period_week": Kind(_anchored(_period_week), 3),
    "period_weekend": Kind(_anchored(_period_weekend), 4),
    "period_month": Kind(_anchored(_period_month), 2),
    "season": Kind(_month_or_season, 2),
    "period_year": Kind(_anchored(_period_year), 1),
    "year": Kind(_in_year, 1),
    "offset": Kind(_anchored(_days_from), 0),  # "a day after": shifts the expression beside it
})
PRECISION: Mapping[str, int] = MappingProxyType({name: kind.precision for name, kind in KINDS.items()})


def _add_months(first: dt.date, n: int) -> dt.date:
    """The first of the month ``n`` months from ``first`` (itself a first of a month)."""
    k = first.year * 12 + first.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _weekday(ref: dt.date, weekday: int, shift: int, planned: bool) -> dt.date:
    """The day a weekday names: the last one up to the reference (the next one for a plan); "last
    Tuesday" is strictly before the reference, "next Tuesday" strictly after."""
    back = (ref.weekday() - weekday) % 7
    if shift < 0:
        return ref - dt.timedelta(days=back or 7)
    if shift > 0 or planned:
        ahead = (weekday - ref.weekday()) % 7
        return ref + dt.timedelta(days=ahead or (7 if shift > 0 else 0))
    return ref - dt.timedelta(days=back)
