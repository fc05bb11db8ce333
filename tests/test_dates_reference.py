"""Reference dates from the text itself: datelines with and without a year, list pages' date lines."""

import pytest

from summitry.dates.reference import year_from_weekday
from summitry.dates.terms import common_terms


@pytest.mark.parametrize("month,day,weekday,people,expected", [
    (3, 14, 4, ["angela-merkel", "barack-obama"], 2014),  # Fridays: 2008 (before Obama), 2014, 2025 (after both)
    (3, 14, 4, ["angela-merkel"], None),  # 2008 and 2014 both fit her alone
    (6, 30, 3, ["shinzo-abe", "angela-merkel"], 2016),
    # "Rome, Oct 24 – … talks on Sunday evening": the Sunday before a Monday report, while Meloni held office
    (10, 24, 6, ["giorgia-meloni", "emmanuel-macron"], 2022),
])
def test_the_year_of_a_yearless_dateline_from_weekday_and_terms(kb, month, day, weekday, people, expected):
    assert year_from_weekday(month, day, weekday, people, kb) == expected


def test_a_gap_between_terms_is_no_term(kb):
    assert kb.person("viktor-orban").terms == (("1998-07-06", "2002-05-27"), ("2010-05-29", None))
    shared = common_terms(kb, [("viktor-orban", None), ("angela-merkel", None)])
    assert shared == [("2010-05-29", "2021-12-08")]


@pytest.mark.parametrize("text,published,expected", [
    # a yearless dateline whose year a past date cited further down fixes
    ("ASTANA, March 3 - Kassym-Jomart Tokayev held talks with Shavkat Mirziyoyev on Monday.\n\n"
     "The two presidents last met on October 12, 2022 in Samarkand.", None, "2023-03-03"),
    # a dated dateline
    ("BISHKEK, 14 April 2022 - Sadyr Japarov met Kassym-Jomart Tokayev today.", None, "2022-04-14"),
    # a date cited ahead of the report, and the weekday the report names: 3 March 2023 was a Friday
    ("ASTANA, March 3 - Kazakhstan on Friday welcomed the forthcoming summit of Shavkat Mirziyoyev and Sadyr "
     "Japarov in Tashkent on March 20.\n\nThe statement named March 20, 2023 as the day.", None, "2023-03-03"),
    # a dateline split by its full stops, its year fixed by the weekday: 14 March 2025 was a Friday
    ("Москва. 14 марта. ИНТЕРФАКС - Шавкат Мирзиёев и Касым-Жомарт Токаев в пятницу провели переговоры.",
     None, "2025-03-14"),
    # bare surnames count among the leaders whose terms fix the year
    ("ASTANA, March 14 - Tokayev and Mirziyoyev held talks on Friday.", None, "2025-03-14"),
    # of two weekdays, the one in a sentence about what will happen is a day ahead, not the news day
    ("ASTANA, March 14 - On Friday Shavkat Mirziyoyev and Kassym-Jomart Tokayev held talks.\n\n"
     "On Monday a trade fair will open in Tashkent.", None, "2025-03-14"),
])
def test_datelines_give_the_reference_date(run, text, published, expected):
    assert run(text).document.published == expected


def test_a_month_name_in_the_dateline_is_no_leader_whose_term_fixes_the_year(run):
    # "May 16" with a Thursday fits 2013, 2019 and 2024 for both leaders: no one year. "May" is no Theresa May.
    doc = run("TASHKENT, May 16 - Shavkat Mirziyoyev and Xi Jinping held talks on Thursday.").document
    assert (doc.published, doc.dateline) == (None, (5, 16))


@pytest.mark.parametrize("text,lang,expected", [
    # a yearless day with its weekday: 10 August fell on a Sunday in 2025 while Japarov held office
    ("Садыр Жапаров и Владимир Путин поговорили по телефону в воскресенье, 10 августа, обсудив торговлю.", "ru",
     "2025-08-10"),
    ("Sadyr Japarov and Vladimir Putin discussed trade by phone on Sunday, August 10.", "en", "2025-08-10"),
    # Putin alone held office on every Sunday 10 August since 2003: no one year
    ("В воскресенье, 10 августа, Владимир Путин провел совещание по экономике.", "ru", None),
    # 10 August was a Monday in 2020 (on the eve of his first term) and in 2026: no one year
    ("On Monday, August 10, Sadyr Japarov spoke with Vladimir Putin by phone.", "en", None),
])
def test_a_day_named_with_its_weekday_fixes_the_year_within_the_terms(run, text, lang, expected):
    doc = run(text, lang=lang).document
    assert doc.published == expected
    if expected:
        assert doc.published_source.startswith("day and weekday named in text")


def test_each_item_of_a_list_page_speaks_from_its_date_line(run):
    text = ("Press releases of the presidency\n\n"
            "12 March 2023\n\n"
            "Tokayev and Mirziyoyev held a telephone conversation today.\n\n"
            "20 March 2023\n\n"
            "Sadyr Japarov met Emomali Rahmon in Dushanbe today.\n")
    got = {c.countries: c.date.date for c in run(text).contacts}
    assert got == {("KAZ", "UZB"): "2023-03-12", ("KGZ", "TJK"): "2023-03-20"}


def test_a_plan_takes_the_later_of_two_days_and_never_the_dateline(run):
    text = ("ASTANA, March 3 - Kazakhstan on Friday welcomed the forthcoming summit of Shavkat Mirziyoyev and Sadyr "
            "Japarov in Tashkent on March 20.\n\nThe statement named March 20, 2023 as the day.")
    (c,) = run(text).contacts
    assert (c.status, c.date.date) == ("planned", "2023-03-20")


def test_the_headline_leaders_outweigh_a_predecessor_the_text_recalls(run):
    text = ("Meloni meets Macron for the first time\n\nRome, Oct 24 – Giorgia Meloni met Emmanuel Macron in Rome "
            "on Sunday evening.\n\nThey spoke about energy prices.\n\nShe took over last week from Mario Draghi.")
    assert run(text).document.published == "2022-10-24"
