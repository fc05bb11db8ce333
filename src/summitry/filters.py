"""CLI filter values checked and normalised before they reach the store (issue 13, items 15 and 16).

Dates were compared as text ("2021" sorts before "2021-05-24", so ``--since 2021 --until 2021``
matched nothing) and unknown values matched nothing with exit 0.  Here a date is ``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD`` and becomes the first or last day it covers; a country is an ISO3 or
ISO2 code or a name in any script the knowledge base knows; a kind, status or topic is one of the
model's.  Anything else is a ``ValueError`` whose message lists or suggests the valid values.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date
from typing import TYPE_CHECKING

from summitry.knowledge.variants import fold

if TYPE_CHECKING:
    from summitry.knowledge import KnowledgeBase

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")  # ASCII digits only, as the API's schema says


def _date_pattern() -> str:
    """The dates ``date_bound`` takes as one regular expression (valid in JSON Schema, i.e. ECMA 262), so
    the API's schema promises exactly them: years 0001-9999, real months, real days, 29 Feb in leap years."""
    year = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
    leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
    day = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
           "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
    return f"^(?:{year}(?:-(?:0[1-9]|1[0-2]))?|{year}-{day}|{leap}-02-29)$"


DATE_PATTERN = _date_pattern()


def date_bound(text: str, *, end: bool = False) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first day it covers (the last with ``end``)."""
    m = _DATE.fullmatch(text.strip())
    if m is None or (m.group(3) and not m.group(2)):
        raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021, 2021-05, 2021-05-24)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            return date(year, int(month), int(day)).isoformat()
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), last if end else 1).isoformat()
        return date(year, 12, 31).isoformat() if end else date(year, 1, 1).isoformat()
    except ValueError as e:
        raise ValueError(f"{text!r} is not a date ({e}): use YYYY, YYYY-MM or YYYY-MM-DD") from e


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Both bounds normalised; an empty range (since after until) is refused."""
    lo = date_bound(since) if since is not None else None  # "" is no date, not the absence of one
    hi = date_bound(until, end=True) if until is not None else None
    if lo and hi and lo > hi:
        raise ValueError(f"--since {since} is after --until {until}: no event can match")
    return lo, hi


def country_code(text: str, kb: KnowledgeBase) -> str:
    """The ISO3 code of a country given as ISO3, ISO2 or a name or adjective in any script."""
    key = text.strip()
    if key.upper() in kb.countries:
        return key.upper()
    by_iso2 = {c.get("iso2", ""): iso3 for iso3, c in kb.countries.items()}
    if key.upper() in by_iso2:
        return by_iso2[key.upper()]
    found = {i for kind, i in kb.refs(fold(key)) if kind in ("country", "adjective")}
    if len(found) == 1:
        return found.pop()
    names = {c["name"]: iso3 for iso3, c in kb.countries.items()}
    close = difflib.get_close_matches(key.title(), names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(f'{n} ({names[n]})' for n in close)}?" if close else ""
    what = "is more than one country" if found else "is no country the knowledge base knows"
    return _refuse(f"{text!r} {what}: give an ISO3 or ISO2 code or a country name (e.g. KGZ, KG, Kyrgyzstan){hint}")


def country_codes(kb: KnowledgeBase) -> list[str]:
    """The ISO3 and ISO2 codes ``country_code`` takes: what the API's schema lists as a country's values.

    Names are taken too but not listed: every spelling in every case form of four languages is
    thousands of values, and schema tools try each listed value on every endpoint.
    """
    iso2 = {c["iso2"] for c in kb.countries.values() if c.get("iso2")}
    return sorted(kb.countries) + sorted(iso2 - set(kb.countries))


def choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    """``value`` (any case) if it is one of ``allowed``."""
    if value.lower() in allowed:
        return value.lower()
    return _refuse(f"{value!r} is no {what}: use one of {', '.join(allowed)}")


def _refuse(message: str) -> str:
    raise ValueError(message)
