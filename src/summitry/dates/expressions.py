"""Date expressions in a sentence and what each means against a reference date.

Patterns are built from the lexicons' month, weekday, relative-day and period words, so a new
language or phrase is data.  ``find_dates`` lists the expressions (each pattern's match read by its
row of ``_BUILDERS``); ``rules.resolve_expr`` turns one into a ``DateInfo`` given the reference date
(publication, dateline, a list page's date line), by the rule ``rules.KINDS`` gives its kind.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from summitry.knowledge import Lexicon
from summitry.knowledge.lexindex import LexIndex

ORD = r"(?:-?(?:st|nd|rd|th|го|е|ші|шы|нчи|нчы))?"
DASH = r"\s*[-–—]\s*"


@dataclass
class DateExpr:
    """One date expression: a day, a range of days, a month, a weekday or a relative day."""

    start: int
    end: int
    kind: str  # a key of KINDS: day | range | month | year | season | weekday | relative | same_day |
    # day_of_month | period_week/weekend/month/year | offset ("a day after": shifts the expression it stands next to)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    value: int | None = None  # weekday number or relative offset
    shift: int = 0  # "last Tuesday" -1, "next Tuesday" +1; "the 23rd of last month" -1 (months)
    month2: int | None = None  # a season's last month


# A year outside these is a counter, a price or a typo, not the date of a contact.
YEAR_MIN, YEAR_MAX = 1945, 2100


# A number not preceded by a digit, spelt digit-first: with ``(?<!\d)(\d{1,2})`` ``re`` tries the
# pattern at every position of a sentence, with ``(\d(?<!\d\d)\d?)`` it skips ahead to digits.  Same
# for "on" starting a word (the look-behind after the first letter checks the character before it).
_D12, _D4 = r"(\d(?<!\d\d)\d?)", r"(\d(?<!\d\d)\d{3})"


def _alternation(keys: object) -> str:
    """Lexicon phrases as a regex alternation, longest first; ``word*`` takes any ending."""
    words = sorted((str(k) for k in keys or ()), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words)


def _patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    m = lex.month_regex
    parts = _alternation(lex.raw.get("month_parts"))
    years = _alternation(lex.raw.get("year_words"))
    preps = _alternation(lex.raw.get("date_prepositions"))
    pats = [
        ("iso", rf"{_D4}-(\d{{2}})-(\d{{2}})(?!\d)"),
        ("dotted", rf"{_D12}\.(\d{{1,2}})\.(\d{{4}})(?!\d)"),
        ("d_m_y", rf"{_D12}{ORD}(?:{DASH}(\d{{1,2}}){ORD})?[\s-]*(?:of\s+)?({m})(?:,?\s+(\d{{4}}))?"),
        ("m_d_y", rf"(?<![\w])({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:{DASH}(\d{{1,2}}))?(?!\d)(?:,?\s+(\d{{4}}))?"),
        ("m_y", rf"(?<![\w])({m})\s+(?:of\s+)?(\d{{4}})(?!\d)"),
    ]
    if years:  # "2023-жылдын 26-январында", "в 2019 году", "2017 жылы"
        pats.append(("y_d_m", rf"{_D4}[\s-]*(?:{years})\s+(\d{{1,2}}){ORD}[\s-]*({m})"))
        pats.append(("y_word", rf"{_D4}(?:\s*-?\s*)(?:{years})(?!\w)"))
    if preps:
        pats.append(("m_only", rf"(?<![\w])(?:{preps})\s+({m})(?!\w)(?!\s*\d)"))
        pats.append(("y_prep", rf"(?<![\w])(?:{preps})\s+{_D4}(?![\d.,:]\d|\s*(?:{years}|\d))"))
    if lex.raw.get("month_locatives"):  # Kazakh/Kyrgyz: "қарашада", "октябрь айында" is "in <month>"
        posts = _alternation(lex.raw.get("month_postpositions"))
        pats.append(("m_loc", rf"(?<![\w\d-])({m})(?:\s+({posts}))?(?!\w)(?!\s*\d)" if posts
                     else rf"(?<![\w\d-])({m})()(?!\w)(?!\s*\d)"))
    if parts:
        pats.append(("part_m", rf"(?<![\w])({parts})\s*({m})(?:\s+(\d{{4}}))?"))
    pats.append(("the_nth", r"o(?<!\wo)n\s+the\s+(\d{1,2})(?:st|nd|rd|th)(?![\w])(?!\s+(?:anniversary|century))"
                            r"(?:\s+of\s+(last|this|next)\s+month)?"))
    return [(name, re.compile(p, re.IGNORECASE)) for name, p in pats]


# What a pattern needs in the text (cheap tests, run once per sentence): a digit, a four-digit number
# (a year), an ordinal ("17th") or a month name (the index says where one may start).
DIGIT, FOUR, ORDINAL, MONTH = 1, 2, 4, 8
_NEEDS = {"iso": DIGIT | FOUR, "dotted": DIGIT | FOUR, "d_m_y": DIGIT | MONTH, "m_d_y": DIGIT | MONTH,
          "m_y": DIGIT | FOUR | MONTH, "y_d_m": DIGIT | FOUR | MONTH, "y_word": DIGIT | FOUR, "y_prep": DIGIT | FOUR,
          "m_only": MONTH, "m_loc": MONTH, "part_m": MONTH, "the_nth": DIGIT | ORDINAL}
_DIGIT, _ORDINAL = re.compile(r"\d"), re.compile(r"\d(?:st|nd|rd|th)", re.IGNORECASE)
_RUN = re.compile(r"\d+")  # twice the cost of _DIGIT's search in a sentence without a digit (most)
# Patterns whose every match starts at a month name (or a month part: "end of May"): tried only there;
# and those whose every match starts a run of digits (``_D12``, ``_D4``): tried only there.
_STARTS_AT = {"m_d_y": ("months",), "m_y": ("months",), "part_m": ("month_parts",), "m_loc": ("months",)}
_AT_DIGITS = frozenset({"iso", "dotted", "d_m_y", "y_d_m", "y_word"})
RUNS_MAX = 4  # runs of digits up to which matching at each beats one scan of the sentence per pattern
# Lexicon tables read as expressions: (section, kind); a section's value says the offset or number.
# "same_day" first: where it and relative_days hold one phrase ("в тот же день"), the previous sentence's day wins.
_TABLES = ((("same_day",), "same_day"), (("weekdays",), "weekday"), (("relative_days",), "relative"),
           (("day_offsets",), "offset"))
Builder = Callable[[re.Match[str], Lexicon], DateExpr | None]
_Run = tuple[re.Pattern[str], tuple[str, ...] | None, bool, Builder]  # regex, index path, at digits, reader


@dataclass(frozen=True)
class _Plan:
    """What ``find_dates`` runs for one lexicon, worked out once: the patterns each combination of the
    cheap tests (``_NEEDS``) leaves, the word tables, and the month names' regex (without an index)."""

    patterns: tuple[tuple[_Run, ...], ...]  # by the bits of what the text has
    words: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...]  # (path, regex, kind), in reading order
    word_paths: tuple[tuple[str, ...], ...]
    months: re.Pattern[str]


def _plan(lex: Lexicon) -> _Plan:
    runs = [(name, (rx, _STARTS_AT.get(name), name in _AT_DIGITS, _BUILDERS[name])) for name, rx in _patterns(lex)]
    patterns = tuple(tuple(run for name, run in runs if not _NEEDS[name] & ~have) for have in range(16))
    tables = ((("relative_periods",), "period"), *_TABLES, (("seasons",), "season"))
    words = tuple((path, rx, kind) for path, kind in tables if (rx := lex.regex(*path)) is not None)
    return _Plan(patterns, words, tuple(path for path, _, _ in words), re.compile(lex.month_regex, re.IGNORECASE))


def _at(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern whose every match begins at one of ``starts`` (in order)."""
    last = 0
    for at in starts:
        if at >= last and (m := rx.match(text, at)):
            yield m
            last = m.end()


def _word_exprs(lex: Lexicon, text: str, index: LexIndex | None, offset: int) -> Iterator[DateExpr]:
    """Expressions made of lexicon words: "next week", "on Monday", "yesterday", "in autumn"."""
    for path, rx, kind in lex.memo("date_plan", _plan).words:
        for mt in index.finditer(path, rx, text, offset) if index is not None else rx.finditer(text):
            if kind == "period":
                unit, shift = lex.lookup("relative_periods", " ".join(mt.group(0).split()))
                yield DateExpr(mt.start(), mt.end(), f"period_{unit}", value=int(shift))
            elif kind == "season":
                first, last = lex.lookup("seasons", " ".join(mt.group(0).split()))
                year = re.match(r"\s*(?:of\s+)?(\d{4})(?!\d)", text[mt.end():])
                y = int(year.group(1)) if year and YEAR_MIN <= int(year.group(1)) <= YEAR_MAX else None
                yield DateExpr(mt.start(), mt.end() + (year.end() if y else 0), "season", y, int(first),
                               month2=int(last))
            else:
                value = lex.lookup(path[0], " ".join(mt.group(0).split()))
                start, shift = mt.start(), 0
                if kind == "weekday":
                    start, shift = _weekday_shift(lex, text, start)
                yield DateExpr(start, mt.end(), kind, value=int(value or 0), shift=shift)


def _weekday_shift(lex: Lexicon, text: str, start: int) -> tuple[int, int]:
    """"last Tuesday", "в прошлый вторник": the weekday of the week before (or after), and where it starts."""
    rx = lex.memo("weekday_shift", lambda x: re.compile(
        rf"(?<![\w])(?:{_alternation(x.raw.get('weekday_shifts'))})\s+$", re.IGNORECASE)
        if x.raw.get("weekday_shifts") else None)
    m = rx.search(text[max(0, start - 20):start]) if rx is not None else None
    if m is None:
        return start, 0
    return start - (len(text[max(0, start - 20):start]) - m.start()), int(
        lex.lookup("weekday_shifts", " ".join(m.group(0).split())) or 0)


def _digits(text: str) -> tuple[int, list[int] | None]:
    """What the text's runs of digits offer the patterns (``DIGIT``, ``FOUR``, ``ORDINAL``), and where they
    start (None: more than ``RUNS_MAX``), from one scan of the runs: a four-digit number is a run of four or
    more, and an ordinal's digit ends its run.  Most sentences have no digit: one search is all they cost."""
    if _DIGIT.search(text) is None:
        return 0, None
    spans = [m.span() for m in _RUN.finditer(text)]
    four = any(b - a >= 4 for a, b in spans)
    ordinal = any(_ORDINAL.match(text, b - 1) for _, b in spans)
    return DIGIT | (FOUR if four else 0) | (ORDINAL if ordinal else 0), \
        [a for a, _ in spans] if len(spans) <= RUNS_MAX else None


def find_dates(text: str, lexicons: list[Lexicon], index: LexIndex | None = None, offset: int = 0) -> list[DateExpr]:
    """All date expressions in ``text`` (offsets relative to it), non-overlapping, in order.

    ``index`` (the document's, with ``text`` at ``offset`` in it) skips patterns that need a month name.
    """
    found: list[DateExpr] = []
    have, runs = _digits(text)
    month = index is not None and index.may(("months",), offset, offset + len(text))
    for lex in lexicons:
        plan: _Plan = lex.memo("date_plan", _plan)
        named = month if index is not None else plan.months.search(text) is not None
        for rx, first, at_digits, build in plan.patterns[have | (MONTH if named else 0)]:
            if first and index is not None:
                matches = index.finditer(first, rx, text, offset)
            else:
                matches = _at(rx, text, runs) if at_digits and runs is not None else rx.finditer(text)
            for mt in matches:
                expr = build(mt, lex)
                if expr is not None:
                    found.append(expr)
        if index is None or index.may_any(plan.word_paths, offset, offset + len(text)):  # most sentences: none
            found += _word_exprs(lex, text, index, offset)
    if len(found) < 2:
        return found
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


def _year(text: str | None) -> int | None:
    """A year a contact can have: "14 November 9617" (a view counter glued on) keeps its day, not the year."""
    y = int(text) if text else None
    return y if y is not None and YEAR_MIN <= y <= YEAR_MAX else None


def _iso(mt: re.Match[str], _lex: Lexicon) -> DateExpr | None:
    """"2024-06-05"."""
    return _full_day(mt, int(mt.group(1)), int(mt.group(2)), int(mt.group(3)))


def _dotted(mt: re.Match[str], _lex: Lexicon) -> DateExpr | None:
    """"05.06.2024": day first."""
    return _full_day(mt, int(mt.group(3)), int(mt.group(2)), int(mt.group(1)))


def _full_day(mt: re.Match[str], y: int, mo: int, d: int) -> DateExpr | None:
    return DateExpr(mt.start(), mt.end(), "day", y, mo, d) if _valid(y, mo, d) and _year(str(y)) else None


def _year_alone(mt: re.Match[str], _lex: Lexicon) -> DateExpr | None:
    """"в 2019 году", "2017 жылы", "in 2017"."""
    year = _year(mt.group(1))
    return DateExpr(mt.start(), mt.end(), "year", year) if year else None


def _d_m_y(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    """"3 May 2024", "28–29 June", "3-го мая"."""
    g = mt.groups()
    return _days(mt, lex.month_of(g[2]), int(g[0]), int(g[1]) if g[1] else None, g[3])


def _m_d_y(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    """"May 3, 2024", "June 28-29"."""
    g = mt.groups()
    return _days(mt, lex.month_of(g[0]), int(g[1]), int(g[2]) if g[2] else None, g[3])


def _y_d_m(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    """"2023-жылдын 26-январында": the year first."""
    g = mt.groups()
    return _days(mt, lex.month_of(g[2]), int(g[1]), None, g[0])


def _days(mt: re.Match[str], mo: int | None, d: int, d2: int | None, y: str | None) -> DateExpr | None:
    """A day, or a range of days of one month when ``d2`` follows ``d``."""
    year = _year(y)
    if not _valid(year, mo, d) or (d2 is not None and not (_valid(year, mo, d2) and d2 > d)):
        return None
    return DateExpr(mt.start(), mt.end(), "range" if d2 else "day", year, mo, d, d2)


def _part_m(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    """"end of May", "в начале июня": the days the lexicon gives that part of a month."""
    g = mt.groups()
    lo, hi = lex.raw["month_parts"][next(k for k in lex.raw["month_parts"] if k.lower() == g[0].lower())]
    mo, y = lex.month_of(g[1]), (int(g[2]) if g[2] else None)
    return DateExpr(mt.start(), mt.end(), "range", y, mo, int(lo), int(hi)) if _valid(y, mo, None) else None


def _the_nth(mt: re.Match[str], _lex: Lexicon) -> DateExpr | None:
    """"on the 17th", "on the 23rd of last month"."""
    g = mt.groups()
    shift = {"last": -1, "next": 1}.get((g[1] or "").lower(), 0)
    return DateExpr(mt.start(), mt.end(), "day_of_month", day=int(g[0]), shift=shift) if 1 <= int(g[0]) <= 31 else None


def _m_y(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    """"October 2021", "May of 2019"."""
    mo, y = lex.month_of(mt.group(1)), _year(mt.group(2))
    return DateExpr(mt.start(), mt.end(), "month", y, mo) if y and _valid(y, mo, None) else None


def _m_only(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    """"in October", "в сентябре": a month after a preposition."""
    return _month_alone(mt, lex) if _month_word(mt.group(1), lex) else None


def _m_loc(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    """"қарашада", "октябрь айында": a month in the locative, or with "айында" after it."""
    word, post = mt.group(1), mt.group(2)
    if not _month_word(word, lex) or word[:1].isupper() or not (post or word.lower().endswith(
            tuple(str(x) for x in lex.raw.get("month_locatives") or ()))):
        return None  # "Қазанда" is in Kazan; a month needs the locative or "айында" after it
    return _month_alone(mt, lex)


def _month_word(word: str, lex: Lexicon) -> bool:
    return not (lex.has("capitalized_months") and not word[:1].isupper())  # "in may" is not a month


def _month_alone(mt: re.Match[str], lex: Lexicon) -> DateExpr | None:
    mo = lex.month_of(mt.group(1))
    return DateExpr(mt.start(), mt.end(), "month", None, mo) if mo else None


# Each pattern of ``_patterns`` and the function that reads its match: a new pattern is one function and one row.
_BUILDERS: Mapping[str, Builder] = MappingProxyType({
    "iso": _iso, "dotted": _dotted, "d_m_y": _d_m_y, "m_d_y": _m_d_y, "y_d_m": _y_d_m, "m_y": _m_y,
    "y_word": _year_alone, "y_prep": _year_alone, "m_only": _m_only, "m_loc": _m_loc, "part_m": _part_m,
    "the_nth": _the_nth,
})


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
        if len(text[:expr.start].split()) <= 1 and _report_follows(text[expr.end:expr.end + REPORT_AFTER], rx, lex):
            return True
    return False


REPORT_AFTER = 120  # characters from a fronted date to the reporting verb of its clause


def _report_follows(after: str, rx: re.Pattern[str], lex: Lexicon) -> bool:
    """"In May, an aide said that the two leaders would …": a date that opens the sentence, then a
    comma and a reporting verb with its "that", is when it was said."""
    that = {str(w).lower() for w in (lex.raw.get("frames") or {}).get("complementizers") or []}
    if not after.lstrip().startswith(",") or not that:
        return False
    for m in rx.finditer(after):
        nxt = after[m.end():].split(None, 1)
        if nxt and nxt[0].strip(",").lower() in that:
            return True
    return False
