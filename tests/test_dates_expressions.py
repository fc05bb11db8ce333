"""Date expressions of issue 12: seasons, years, shifted weekdays, months by tense, numbers that are no dates."""

import datetime as dt

import pytest

from summitry.dates import find_dates, resolve_expr

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
