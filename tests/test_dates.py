import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.dates import find_dates, resolve_expr
from summitry.knowledge import load_kb

REF = dt.date(2021, 5, 25)  # a Tuesday


def _one(kb, text, lang="en", ref=REF, planned=False):
    return resolve_expr(find_dates(text, kb.lexicons_for(lang))[0], ref, planned)


@pytest.mark.parametrize("text,lang,expected", [
    ("talks on 24 May", "en", "2021-05-24"),
    ("on May 24", "en", "2021-05-24"),
    ("MINSK (Sputnik - 14th September, 2020) Talks", "en", "2020-09-14"),
    ("September 10, 2020", "en", "2020-09-10"),
    ("24 мая, в г. Сочи", "ru", "2021-05-24"),
    ("Бүгүн, 1-февралда", "ky", "2021-05-25"),
    ("today", "en", "2021-05-25"),
    ("вчера", "ru", "2021-05-24"),
    ("on Monday", "en", "2021-05-24"),
    ("в понедельник", "ru", "2021-05-24"),
    ("2021-03-02", "en", "2021-03-02"),
])
def test_exact_days(kb, text, lang, expected):
    assert _one(kb, text, lang).date == expected



def test_ranges(kb):
    info = _one(kb, "28–29 июня состоится визит", "ru", planned=True)
    assert (info.start, info.end) == ("2021-06-28", "2021-06-29")
    info = _one(kb, "келеді 2-3 наурызда", "kk", planned=True)
    assert (info.start, info.end) == ("2022-03-02", "2022-03-03")  # next March from 25 May 2021
    info = _one(kb, "in October 2021", "en")
    assert (info.start, info.end) == ("2021-10-01", "2021-10-31")
    info = _one(kb, "во второй половине мая", "ru", planned=True)
    assert (info.start, info.end) == ("2021-05-16", "2021-05-31")
    info = _one(kb, "at the end of May", "en", planned=True)
    assert (info.start, info.end) == ("2021-05-21", "2021-05-31")


def test_planned_weekday_and_day_of_month_look_forward(kb):
    assert _one(kb, "will meet on Thursday", planned=True).date == "2021-05-27"
    assert _one(kb, "summit on the 17th", planned=True).date == "2021-06-17"


def test_no_publication_date_keeps_what_is_known(kb):
    info = _one(kb, "26 февраля президенты", "ru", ref=None)
    assert info.date is None and info.month_day == (2, 26)
    info = _one(kb, "on Monday", ref=None)
    assert info.date is None and info.weekday == 0


def test_anniversary_is_not_a_day(kb):
    assert not [e for e in find_dates("the 20th anniversary of the base", kb.lexicons_for("en"))
                if e.kind == "day_of_month"]


def test_relative_weeks_and_months(kb):
    info = _one(kb, "will visit Moscow next week", planned=True)
    assert (info.start, info.end) == ("2021-05-31", "2021-06-06")
    info = _one(kb, "в следующем месяце", "ru", planned=True)
    assert (info.start, info.end) == ("2021-06-01", "2021-06-30")
    # a part of this month, a week in Kazakh and Kyrgyz: the period, not the reference day
    info = _one(kb, "в начале месяца они встретились", "ru")
    assert (info.start, info.end) == ("2021-05-01", "2021-05-31")
    info = _one(kb, "мурдагы жумада сүйлөштү", "ky")
    assert (info.start, info.end) == ("2021-05-17", "2021-05-23")


_KB = load_kb()
_DATE_BITS = ["12", "3", "2021", "March", "march", "мая", "май", "15-", "-17", "on", "in", "в", " ", ", ", "\n",
              "Monday", "понедельник", "yesterday", "вчера", "last week", "early", "начале", "the", "th", "of",
              "Mayor", "Marchers", "1-февралда", "16.09.2021", "2021-05-24", "end of", "the end", "late", "конце",
              "в конце", "середине", "соңында", "аягында", "мамырдың", "майда", "weekend"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_BITS), max_size=14), st.sampled_from(["en", "ru", "kk", "ky"]),
       st.integers(0, 6))
def test_find_dates_with_the_index_equals_without(parts, lang, cut):
    kb = _KB
    text = " ".join(parts)
    piece = text[cut:]
    lexicons = kb.lexicons_for(lang)
    index = kb.lex_index(text, lang)
    assert find_dates(piece, lexicons, index, cut) == find_dates(piece, lexicons)


def _reference_patterns(lex):
    """The date patterns spelt the obvious way (look-behind first): what ``_patterns`` must equal."""
    import re

    from summitry.dates import DASH, ORD
    m = lex.month_regex
    parts = "|".join(re.escape(str(p)) for p in sorted(lex.raw.get("month_parts") or {}, key=len, reverse=True))
    pats = {
        "iso": r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)",
        "dotted": r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)",
        "d_m_y": rf"(?<!\d)(\d{{1,2}}){ORD}(?:{DASH}(\d{{1,2}}){ORD})?[\s-]*(?:of\s+)?({m})(?:,?\s+(\d{{4}}))?",
        "the_nth": r"(?<![\w])on\s+the\s+(\d{1,2})(?:st|nd|rd|th)(?![\w])(?!\s+(?:anniversary|century))"
                   r"(?:\s+of\s+(last|this|next)\s+month)?",
    }
    preps = "|".join(re.escape(str(p)) for p in sorted(lex.raw.get("date_prepositions") or [], key=len, reverse=True))
    if preps:
        pats["m_only"] = rf"(?<![\w])(?:{preps})\s+({m})(?!\w)(?!\s*\d)"
    if parts:
        pats["part_m"] = rf"(?<![\w])({parts})\s*({m})(?:\s+(\d{{4}}))?"
    return {name: re.compile(p, re.IGNORECASE) for name, p in pats.items()}


_PATTERN_BITS = _DATE_BITS + ["1", "123", "12345", "x", "on", "On", "ON", "won", "in", "In", "twin", "В", "ов", "во",
                              "Во", "mid", "end of", "concerto", "9th", "1.2.2021", "11.12.20211", "2021-05-244",
                              ".", "-", "_", "ё"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PATTERN_BITS), max_size=16), st.sampled_from(["", " "]),
       st.sampled_from(["en", "ru", "kk", "ky"]))
def test_date_patterns_equal_their_reference_spelling(parts, sep, lang):
    from summitry.dates import _patterns
    text = sep.join(parts)
    for lex in _KB.lexicons_for(lang):
        reference = _reference_patterns(lex)
        for name, rx in _patterns(lex):
            if name in reference:
                got = [(mt.span(), mt.groups()) for mt in rx.finditer(text)]
                assert got == [(mt.span(), mt.groups()) for mt in reference[name].finditer(text)], (name, text)
