"""An event's date in words, as exact as it is known and no more ("3 Mar 2024", "between Feb and Mar
2021", "after 28 Jan 2021"), and the year or month it can honestly be counted in.

An event known only as a range is never placed on its lower bound: a chart counts it in a year only
when the whole range lies inside that year, and apart otherwise.
"""

from __future__ import annotations

import calendar
import datetime as dt

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _parse(day: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(day) if day else None
    except ValueError:
        return None


def _day(d: dt.date, year: bool = True) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def _month(d: dt.date, year: bool = True) -> str:
    return MONTHS[d.month - 1] + (f" {d.year}" if year else "")


def _month_end(d: dt.date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def describe(date: str | None, start: str | None = None, end: str | None = None) -> str:
    """The date or range in words: exact day, month, year, "between … and …", "after …", "before …"."""
    a, b, exact = _parse(start), _parse(end), _parse(date)
    if exact or (a and a == b):
        return _day(exact or a)  # type: ignore[arg-type]
    if a and b:
        whole_months = a.day == 1 and _month_end(b)
        if whole_months and (a.month, b.month) == (1, 12):
            return f"in {a.year}" if a.year == b.year else f"between {a.year} and {b.year}"
        if whole_months and (a.year, a.month) == (b.year, b.month):
            return f"in {_month(a)}"
        same_year = a.year == b.year
        if whole_months:
            return f"between {_month(a, not same_year)} and {_month(b)}"
        return f"between {_day(a, not same_year)} and {_day(b)}"
    if a:
        return f"after {_day(a)}"
    if b:
        return f"before {_day(b)}"
    return "date unknown"


def period(date: str | None, start: str | None, end: str | None, size: int) -> str | None:
    """The first ``size`` characters of the date (4: year, 7: month) when the whole range shares them."""
    if date:
        return date[:size]
    if start and end and start[:size] == end[:size]:
        return start[:size]
    return None
