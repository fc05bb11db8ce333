"""What the timeline draws: the window where the data is dense, and per window either the events
themselves or, when too many would be drawn, their counts per week, month or year.

One impossible date (year 9617) must not set the default window, so the window is the range of the
dates inside Tukey's far-out fences (three interquartile ranges beyond the quartiles); what lies
outside is counted, and the page says so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from summitry.knowledge import shipped_kinds
from summitry.stats import Fact

MAX_ITEMS = 300  # more boxes than this in one view and the timeline shows counts instead
# days: quartiles of a store whose events share a few days must not make the rest outliers; with a
# year, the 11 example events (2022-03 … 2024-08) are all inside, and year 9617 is far out of any store.
MIN_SPREAD = 365


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def anchor(f: Fact) -> dt.date | None:
    """The day an event is placed at for density: its date, its range's middle, or its one known bound."""
    a, b = _day(f.date or f.start), _day(f.date or f.end)
    if a and b:
        return a + (b - a) / 2
    return a or b


def dense_range(facts: list[Fact]) -> dict[str, Any]:
    """``{start, end, outside, undated}``: the padded range of the dates within the far-out fences."""
    days = sorted(d.toordinal() for d in map(anchor, facts) if d)
    undated = len(facts) - len(days)
    if not days:
        return {"start": None, "end": None, "outside": 0, "undated": undated, "first": None, "last": None}
    q1, q3 = days[len(days) // 4], days[(3 * len(days)) // 4]
    spread = 3 * max(q3 - q1, MIN_SPREAD)
    inside = [d for d in days if q1 - spread <= d <= q3 + spread]
    pad = max(14, (inside[-1] - inside[0]) // 12)  # room for a box's label on the first and last day
    return {"start": dt.date.fromordinal(max(1, inside[0] - pad)).isoformat(),
            "end": dt.date.fromordinal(min(dt.date.max.toordinal(), inside[-1] + pad)).isoformat(),
            "outside": len(days) - len(inside), "undated": undated,
            "first": dt.date.fromordinal(days[0]).isoformat(), "last": dt.date.fromordinal(days[-1]).isoformat()}


def unit_for(start: dt.date, end: dt.date) -> str:
    days = (end - start).days
    # a count must fit its bar: at 1,280 px a month of a three-year window is still ~30 px wide
    return "week" if days <= 150 else "month" if days <= 3 * 366 else "year"


def bucket(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The week (Monday first), month or year holding ``day``, as first and last day."""
    if unit == "week":
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    if unit == "month":
        first = day.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    return day.replace(month=1, day=1), day.replace(month=12, day=31)


def label(f: Fact) -> str:
    """Short box text: the leaders' surnames, or the country codes when a leader is unknown."""
    return " – ".join((p.name.split()[-1] if p.name else p.country) for p in f.people)


def item(f: Fact, country_name: Callable[[str], str]) -> dict[str, Any]:
    who = ", ".join(f"{p.name or 'unknown leader'} ({country_name(p.country)})" for p in f.people)
    planned = " (planned)" if f.status == "planned" else ""
    return {"id": f.id, "kind": f.kind, "status": f.status, "date": f.date, "date_start": f.start,
            "date_end": f.end, "when": f.when, "label": label(f),
            "title": f"{shipped_kinds()[f.kind].label}{planned} · {f.when} · {who}"
                     + (f" · in {f.city}" if f.city else "")}


def view(facts: list[Fact], start: str | None, end: str | None, country_name: Callable[[str], str],
         max_items: int = MAX_ITEMS) -> dict[str, Any]:
    """The events of a window (``facts``: those overlapping it), or their counts per period when more
    than ``max_items``.  A range-dated event is counted in a period only when its whole range lies in
    it; the rest are ``wide`` (said beside the chart, listed below it)."""
    dated = [f for f in facts if anchor(f)]
    if len(dated) <= max_items:
        return {"mode": "items", "unit": None, "items": [item(f, country_name) for f in dated], "buckets": [],
                "wide": 0, "count": len(dated)}
    lo = _day(start) or min(map(anchor, dated))  # type: ignore[type-var]
    hi = _day(end) or max(map(anchor, dated))  # type: ignore[type-var]
    unit = unit_for(lo, hi)  # type: ignore[arg-type]
    counts: dict[tuple[dt.date, dt.date], Counter[str]] = {}
    wide = 0
    for f in dated:
        a, b = _day(f.date or f.start), _day(f.date or f.end)
        span = bucket(a, unit) if a else None
        if not a or not b or span != bucket(b, unit):
            wide += 1
            continue
        row = counts.setdefault(span, Counter())
        row[f.kind] += 1
        row["planned"] += f.status == "planned"
    names = shipped_kinds().names
    buckets = [{"start": s.isoformat(), "end": e.isoformat(), **{k: c[k] for k in names}, "planned": c["planned"]}
               for (s, e), c in sorted(counts.items())]
    return {"mode": "buckets", "unit": unit, "items": [], "buckets": buckets, "wide": wide, "count": len(dated)}
