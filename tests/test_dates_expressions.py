"""Date expressions of issue 12: seasons, years, shifted weekdays, months by tense, numbers that are no dates."""

import datetime as dt

import pytest

from summitry.dates import find_dates, resolve_expr
from summitry.dates.expressions import _BUILDERS, _patterns
from summitry.dates.rules import KINDS, PRECISION
from summitry.model import DateInfo

REF = dt.date(2024, 6, 5)  # a Wednesday


@pytest.mark.parametrize("text,lang,planned,expected", [
    ("they met last Tuesday", "en", False, "2024-06-04"),
    ("they met last Wednesday", "en", False, "2024-05-29"),  # not the reference day itself
    ("talks next Wednesday", "en", True, "2024-06-12"),
    ("в прошлый вторник они говорили", "ru", False, "2024-06-04"),
    ("в следующую среду", "ru", True, "2024-06-12"),
    ("he called on the 23rd of last month", "en", False, "2024-05-23"),
    ("later today the two will speak", "en", True, "2024-06-05"),
    ("накануне президенты провели переговоры", "ru", False, "2024-06-04"),
    ("the two leaders spoke two days ago", "en", False, "2024-06-03"),
])
def test_relative_words_count_from_the_reference(first_date, text, lang, planned, expected):
    assert first_date(text, lang, REF, planned).date == expected


@pytest.mark.parametrize("text,lang,planned,expected", [
    ("a visit in the autumn", "en", True, ("2024-09-01", "2024-11-30")),
    ("they first met in the spring of 2019", "en", False, ("2019-03-01", "2019-05-31")),
    ("a summit in winter", "en", True, ("2024-12-01", "2025-02-28")),
    ("визит состоится осенью", "ru", True, ("2024-09-01", "2024-11-30")),
    ("күзде сапармен келеді", "kk", True, ("2024-09-01", "2024-11-30")),
    ("жайында жолугушат", "ky", True, ("2024-06-01", "2024-08-31")),
    ("they last met in 2017", "en", False, ("2017-01-01", "2017-12-31")),
    ("в 2019 году лидеры встречались", "ru", False, ("2019-01-01", "2019-12-31")),
    ("earlier this week", "en", False, ("2024-06-03", "2024-06-09")),
    ("на минувшей неделе", "ru", False, ("2024-05-27", "2024-06-02")),
])
def test_seasons_years_and_weeks_are_ranges(first_date, text, lang, planned, expected):
    info = first_date(text, lang, REF, planned)
    assert (info.date, (info.start, info.end)) == (None, expected)


@pytest.mark.parametrize("text,lang,planned,expected", [
    ("a state visit in December", "en", True, ("2024-12-01", "2024-12-31")),
    ("the visit planned for February", "en", True, None),  # no preposition: not read as a month
    ("they met in December", "en", False, ("2023-12-01", "2023-12-31")),
    ("визит в марте", "ru", True, ("2025-03-01", "2025-03-31")),
    ("переговоры в марте", "ru", False, ("2024-03-01", "2024-03-31")),
    ("қарашада келеді", "kk", True, ("2024-11-01", "2024-11-30")),
    ("октябрь айында барат", "ky", True, ("2024-10-01", "2024-10-31")),
])
def test_a_month_without_a_year_lies_on_the_side_its_tense_says(kb, text, lang, planned, expected):
    if expected is None:
        assert not find_dates(text, kb.lexicons_for(lang))
    else:
        info = resolve_expr(find_dates(text, kb.lexicons_for(lang))[0], REF, planned)
        assert (info.start, info.end) == expected


@pytest.mark.parametrize("text,lang", [
    ("Қазанда кездесті", "kk"),  # the city of Kazan, not the month
    ("views: 9617", "en"),
    ("in 3150 the talks", "en"),
])
def test_what_is_no_date(kb, text, lang):
    assert not [e for e in find_dates(text, kb.lexicons_for(lang)) if e.kind in ("month", "year", "day")]


def test_a_glued_counter_is_not_the_year(first_date):
    info = first_date("Talks held on 14 November 9617 views", "en", REF)
    assert info.date == "2023-11-14"


@pytest.mark.parametrize("text,lang,kind", [
    ("on the same day the foreign ministers met", "en", "same_day"),
    ("в тот же день лидеры поговорили", "ru", "same_day"),
    ("a day after his talks in Rome", "en", "offset"),
])
def test_phrases_that_point_at_another_day(kb, text, lang, kind):
    assert find_dates(text, kb.lexicons_for(lang))[0].kind == kind


# One invented example per kind of expression (``KINDS``): (text, lang, planned, kind, date or (start, end), source).
KIND_EXAMPLES = [
    ("they met on 3 May", "en", False, "day", "2024-05-03", "text+published year"),
    ("talks on 28-29 May", "en", False, "range", ("2024-05-28", "2024-05-29"), "text range"),
    ("he called on the 3rd", "en", False, "day_of_month", "2024-06-03", "day of month relative to published"),
    ("on the same day they spoke", "en", False, "same_day", "2024-06-05", "relative to published"),
    ("they met on Monday", "en", False, "weekday", "2024-06-03", "weekday relative to published"),
    ("yesterday they spoke", "en", False, "relative", "2024-06-04", "relative to published"),
    ("a visit in March", "en", True, "month", ("2025-03-01", "2025-03-31"), "text month"),
    ("they spoke last week", "en", False, "period_week", ("2024-05-27", "2024-06-02"), "week relative to published"),
    ("they met over the weekend", "en", False, "period_weekend", ("2024-06-01", "2024-06-02"),
     "weekend relative to published"),
    ("a visit next month", "en", True, "period_month", ("2024-07-01", "2024-07-31"), "month relative to published"),
    ("a visit in the autumn", "en", True, "season", ("2024-09-01", "2024-11-30"), "text season"),
    ("a summit next year", "en", True, "period_year", ("2025-01-01", "2025-12-31"), "year relative to published"),
    ("in 2019 they met", "en", False, "year", ("2019-01-01", "2019-12-31"), "text year"),
    ("a day after the talks", "en", False, "offset", "2024-06-04", "relative to published"),
]


@pytest.mark.parametrize("text,lang,planned,kind,expected,source", KIND_EXAMPLES)
def test_each_kind_of_expression_is_read_by_its_rule(kb, text, lang, planned, kind, expected, source):
    [expr] = find_dates(text, kb.lexicons_for(lang))
    assert expr.kind == kind
    info = resolve_expr(expr, REF, planned)
    assert (info.date if isinstance(expected, str) else (info.start, info.end)) == expected
    assert info.source == source


def test_every_kind_has_a_rule_and_an_example():
    assert {row[3] for row in KIND_EXAMPLES} == set(KINDS)
    assert set(PRECISION) == set(KINDS)


@pytest.mark.parametrize("text,kind,expected", [
    ("they met on 3 May", "day", DateInfo(source="text (no year)", month_day=(5, 3))),  # its year is for later
    ("they met on Monday", "weekday", DateInfo(source="text weekday, no publication date", weekday=0)),
    ("in 2019 they met", "year", DateInfo(start="2019-01-01", end="2019-12-31", source="text year")),
    ("a visit in March", "month", None),
    ("yesterday they spoke", "relative", None),  # counts from a reference day there is not
    ("they spoke last week", "period_week", None),
    ("he called on the 3rd", "day_of_month", None),
])
def test_without_a_reference_a_rule_says_what_the_text_alone_says(kb, text, kind, expected):
    [expr] = find_dates(text, kb.lexicons_for("en"))
    assert expr.kind == kind and resolve_expr(expr, None, False) == expected


def test_without_a_reference_the_documents_one_year_dates_a_calendar_expression(kb):
    [expr] = find_dates("a visit in March", kb.lexicons_for("en"))
    info = resolve_expr(expr, None, True, year=2021)
    assert (info.start, info.end, info.source) == ("2021-03-01", "2021-03-31", "text month")


# One invented example per date pattern (``_BUILDERS``): (lang, text, pattern, (kind, year, month, day, day2, shift)).
PATTERN_EXAMPLES = [
    ("en", "on 2024-05-03", "iso", ("day", 2024, 5, 3, None, 0)),
    ("ru", "03.05.2024", "dotted", ("day", 2024, 5, 3, None, 0)),
    ("en", "3 May 2024", "d_m_y", ("day", 2024, 5, 3, None, 0)),
    ("en", "28-29 May", "d_m_y", ("range", None, 5, 28, 29, 0)),
    ("en", "May 3, 2024", "m_d_y", ("day", 2024, 5, 3, None, 0)),
    ("en", "October 2021", "m_y", ("month", 2021, 10, None, None, 0)),
    ("ky", "2023-жылдын 26-январында", "y_d_m", ("day", 2023, 1, 26, None, 0)),
    ("ru", "в 2019 году", "y_word", ("year", 2019, None, None, None, 0)),
    ("en", "in May", "m_only", ("month", None, 5, None, None, 0)),
    ("en", "in 2019 ", "y_prep", ("year", 2019, None, None, None, 0)),
    ("kk", "қарашада", "m_loc", ("month", None, 11, None, None, 0)),
    ("ky", "октябрь айында", "m_loc", ("month", None, 10, None, None, 0)),
    ("en", "end of May", "part_m", ("range", None, 5, 21, 31, 0)),
    ("en", "on the 23rd of last month", "the_nth", ("day_of_month", None, None, 23, None, -1)),
]


@pytest.mark.parametrize("lang,text,pattern,expected", PATTERN_EXAMPLES)
def test_each_date_pattern_is_read_by_its_builder(kb, lang, text, pattern, expected):
    lex = kb.lexicons_for(lang)[0]
    match = dict(_patterns(lex))[pattern].search(text)
    e = _BUILDERS[pattern](match, lex)
    assert (e.kind, e.year, e.month, e.day, e.day2, e.shift) == expected


def test_every_pattern_has_a_builder_and_an_example(kb):
    names = {name for lex in kb.lexicons.values() for name, _ in _patterns(lex)}
    assert names == set(_BUILDERS) == {row[2] for row in PATTERN_EXAMPLES}


@pytest.mark.parametrize("text,lang,planned,expected", [
    ("they will meet this weekend", "en", True, ("2024-06-08", "2024-06-09")),
    ("встреча прошла в минувшие выходные", "ru", False, ("2024-06-01", "2024-06-02")),
])
def test_a_weekend_is_its_saturday_and_sunday(first_date, text, lang, planned, expected):
    info = first_date(text, lang, REF, planned)
    assert (info.start, info.end) == expected
