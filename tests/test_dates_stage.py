"""The dates stage on whole documents: adjacent expressions, carried dates, offices as of the contact's date."""

import pytest


def _dates(run, text, published):
    return sorted((c.countries, c.date.date, c.date.start, c.date.end) for c in run(text, published=published).contacts)


@pytest.mark.parametrize("text,published,expected", [
    # the most precise of adjacent expressions wins over "today"
    ("Sadyr Japarov and Shavkat Mirziyoyev talked by phone today, Monday 8 May 2023.", "2023-05-10",
     [(("KGZ", "UZB"), "2023-05-08", None, None)]),
    # "on the same day" is the day of the sentence before
    ("On 3 April Tokayev held talks with Japarov in Astana. On the same day Tokayev had a phone call "
     "with Emomali Rahmon.", "2023-04-06",
     [(("KAZ", "KGZ"), "2023-04-03", None, None), (("KAZ", "TJK"), "2023-04-03", None, None)]),
    # a day after the talks named next to the phrase
    ("Speaking on Thursday, a day after his talks with Mirziyoyev, Tokayev praised the new railway.",
     "2023-06-09", [(("KAZ", "UZB"), "2023-06-07", None, None)]),
    # a day after the reference dates no contact that already happened ("… will sign tomorrow")
    ("Tokayev held talks with Mirziyoyev, and their ministers will sign the agreements tomorrow.",
     "2024-05-14", [(("KAZ", "UZB"), "2024-05-14", None, None)]),
    # a plan's day is the one after its future marker, not an arrival's day before it (2024-05-14 is a Tuesday)
    ("Tokayev, who flew into Tashkent on Monday, will hold talks with Mirziyoyev on Thursday.", "2024-05-14",
     [(("KAZ", "UZB"), "2024-05-16", None, None)]),
    ("Tokayev flew into Tashkent on Monday, where he will hold talks with Mirziyoyev on Tuesday.", "2024-05-14",
     [(("KAZ", "UZB"), "2024-05-14", None, None)]),
    # "later in the day" is the day of the sentence before, and a past verb's, not a plan's
    ("Tokayev spoke with Mirziyoyev by phone on Monday. The Kazakh leader also spoke with Japarov later in the day.",
     "2024-05-15", [(("KAZ", "KGZ"), "2024-05-13", None, None), (("KAZ", "UZB"), "2024-05-13", None, None)]),
    # "a day earlier" counts from the sentence before's day (2024-05-17 is a Friday)
    ("Mirziyoyev met Tokayev in Tashkent on Wednesday. A day earlier, Mirziyoyev spoke by phone with Japarov.",
     "2024-05-17", [(("KAZ", "UZB"), "2024-05-15", None, None), (("KGZ", "UZB"), "2024-05-14", None, None)]),
    # "a day after" shifts only a contact named after it: not talks named before it, about a summit
    ("Tokayev and Mirziyoyev held talks in Tashkent on Tuesday, a day after the regional summit ended.",
     "2024-05-15", [(("KAZ", "UZB"), "2024-05-14", None, None)]),
    ("Rahmon met Tokayev in Astana on Friday, a day after Rahmon had spoken with Japarov by phone.", "2024-05-18",
     [(("KAZ", "TJK"), "2024-05-17", None, None), (("KGZ", "TJK"), "2024-05-16", None, None)]),
    # a clause of another contact has its own day: "…, and on Wednesday he met C"; "he" is the first clause's
    # subject, not the counterpart it bound (2024-05-16 is a Thursday)
    ("On Tuesday Tokayev held talks with the Uzbek president, and on Wednesday he met the Kyrgyz president.",
     "2024-05-16", [(("KAZ", "KGZ"), "2024-05-15", None, None), (("KAZ", "UZB"), "2024-05-14", None, None)]),
    # "the same day" counts from the nearest sentence of the paragraph that has a day
    ("Ruto and Museveni held talks in Kampala on Thursday. The meeting lasted an hour. Ruto also met Samia "
     "Suluhu Hassan the same day.", "2025-10-31",
     [(("KEN", "TZA"), "2025-10-30", None, None), (("KEN", "UGA"), "2025-10-30", None, None)]),
    # a "where" clause about a place dates its own talks, not the arrival before it (2026-06-10: a Wednesday)
    ("Shehbaz Sharif arrived in Turkey from Riyadh, where he held talks with Mohammed bin Salman on Monday.",
     "2026-06-10", [(("PAK", "SAU"), "2026-06-08", None, None), (("PAK", "TUR"), "2026-06-10", None, None)]),
    # a capitals dateline's day is the report's, even when a header gave the reference date
    ("SANTIAGO, March 12 (Reuters) - Gabriel Boric and Javier Milei spoke by telephone on Tuesday about fires.",
     "2025-03-12", [(("ARG", "CHL"), "2025-03-11", None, None)]),
    # a relative clause about a name dates what it says, not the contact
    ("Tokayev, who returned from Beijing on Monday, held talks with Mirziyoyev on Wednesday.", "2024-05-16",
     [(("KAZ", "UZB"), "2024-05-15", None, None)]),
])
def test_dates_on_whole_sentences(run, text, published, expected):
    got = _dates(run, text, published)
    assert [(c, d or (s if s == e else None)) for c, d, s, e in got] == [(c, d) for c, d, _, _ in expected]


@pytest.mark.parametrize("text,lang,published,expected", [
    # "six years ago": that calendar year (from the day Tokayev took office), not the publication day
    ("Six years ago, Tokayev and Mirziyoyev held talks in Samarkand.", "en", "2025-09-16",
     ("2019-03-20", "2019-12-31")),
    ("Год назад Токаев посетил Ташкент с официальным визитом.", "ru", "2025-11-07", ("2024-01-01", "2024-12-31")),
    # a year written next to a month is that month's year
    ("Тоқаев пен Мирзиёев 2019 жылы сәуірде Ташкентте кездесті.", "kk", "2025-04-25", ("2019-04-01", "2019-04-30")),
    # a year opening the sentence is the year of the month after it
    ("In 2018, Angela Merkel met Vladimir Putin in Sochi in May.", "en", "2025-01-10", ("2018-05-01", "2018-05-31")),
])
def test_years_counted_back_or_named_first(run, text, lang, published, expected):
    (c,) = run(text, lang=lang, published=published).contacts
    assert (c.date.date, c.date.start, c.date.end) == (None, *expected)


def test_a_where_clause_after_a_trips_destination_is_its_programme(run):
    text = ("Алиев в понедельник принял в Баку Ираклия Кобахидзе. Из Баку Кобахидзе отправится в Анкару, где в среду "
            "проведет переговоры с Эрдоганом.")
    got = {c.countries: (c.status, c.date.date) for c in run(text, lang="ru", published="2025-07-14").contacts}
    assert got[("GEO", "TUR")] == ("planned", "2025-07-16")


def test_a_russian_clause_of_another_contact_has_its_own_day(run):
    text = "Во вторник Токаев провел переговоры с Мирзиёевым, а в среду встретился с Жапаровым."
    assert _dates(run, text, "2024-05-16") == [(("KAZ", "KGZ"), "2024-05-15", None, None),
                                               (("KAZ", "UZB"), "2024-05-14", None, None)]


@pytest.mark.parametrize("text,lang,published,expected", [
    ("Президент России 4 декабря совершит государственный визит в Индию.", "ru", "2025-11-20", "2025-12-04"),
    # an agency's month abbreviation with its full stop ends no sentence
    ("Sanae Takaichi will visit Washington on Dec. 18 for talks with Donald Trump.", "en", "2025-12-10",
     "2025-12-18"),
    # "примет" and a present "travels to" with a weekday announce a plan (2026-05-20 and 2026-04-08: Wednesdays)
    ("Путин в пятницу примет в Кремле Лукашенко.", "ru", "2026-05-20", "2026-05-22"),
    ("Sergey Lavrov is also expected to be received by Xi Jinping before leaving on Thursday.", "en", "2026-02-25",
     "2026-02-26"),
    ("Christopher Luxon will travel to Canberra on Thursday for talks with Anthony Albanese.", "en", "2026-04-08",
     "2026-04-09"),
    ("William Ruto is due in Paris on 14 January for talks with Emmanuel Macron.", "en", "2025-12-12", "2026-01-14"),
])
def test_announced_visits_are_plans_after_the_reference(run, text, lang, published, expected):
    (c,) = run(text, lang=lang, published=published).contacts
    assert (c.status, c.date.date) == ("planned", expected)


def test_an_also_contact_and_a_headline_take_the_day_of_the_contact_they_go_with(run):
    text = ("Sybiha and Sikorski met in Warsaw on Monday.\n\nThe talks focused on air defence.\n\n"
            "Sybiha also met President Karol Nawrocki at the Presidential Palace, the ministry said.")
    assert {c.date.date for c in run(text, lang="en", published="2025-09-16").contacts} == {"2025-09-15"}
    text = ("Putin pays state visit to Tajikistan\n\nDUSHANBE — Vladimir Putin held talks with Emomali Rahmon in "
            "Dushanbe on Thursday.\n\nOn Friday Putin met Rahmon again at the summit.")
    got = run(text, lang="en", published="2025-10-10").contacts
    assert [c.date.date for c in got if c.salience == "main"] == ["2025-10-09"]


def test_the_same_day_with_also_reaches_back_across_paragraphs(run):
    text = ("Ruto and Museveni held talks in Kampala on Thursday.\n\nThe meeting lasted an hour.\n\n"
            "Ruto also met Samia Suluhu Hassan the same day.")
    assert {c.date.date for c in run(text, lang="en", published="2025-10-31").contacts} == {"2025-10-30"}


def test_a_later_sentence_gives_the_day_within_the_range_of_the_lead(run):
    text = ("Javier Milei will travel to Asuncion next week to meet Santiago Pena.\n\nThe visit, planned for Oct. 21, "
            "will focus on the waterway.")
    (c,) = run(text, lang="en", published="2025-10-15").contacts
    assert (c.status, c.date.date) == ("planned", "2025-10-21")


def test_a_headlines_month_narrows_to_the_days_of_its_lead(run):
    text = ("Tokayev to visit Seoul in March\n\nASTANA — Kassym-Jomart Tokayev will pay a state visit to South Korea "
            "on March 18–19, the ministry said.")
    (c,) = run(text, lang="en", published="2026-02-04").contacts
    assert (c.date.start, c.date.end) == ("2026-03-18", "2026-03-19")


def test_an_untensed_sentence_after_a_plan_takes_the_plans_dates(run):
    text = "Токаев посетит Китай с государственным визитом 3–4 июня. В программе визита — переговоры с Си Цзиньпином."
    (c,) = run(text, lang="ru", published="2025-05-20").contacts
    assert (c.status, c.date.start, c.date.end) == ("planned", "2025-06-03", "2025-06-04")


def test_a_day_earlier_in_russian_and_a_look_back_that_stays_its_own_event(run):
    text = "Мирзиёев встретился с Токаевым в среду. Днем ранее Мирзиёев провел телефонный разговор с Жапаровым."
    assert _dates(run, text, "2024-05-17") == [(("KAZ", "UZB"), "2024-05-15", None, None),
                                               (("KGZ", "UZB"), "2024-05-14", None, None)]
    text = "Токаев и Мирзиёев провели телефонный разговор. В последний раз президенты встречались в октябре в Хиве."
    got = sorted((c.kind, c.date.date, c.date.start) for c in run(text, lang="ru", published="2025-03-01").contacts)
    assert got == [("call", "2025-03-01", None), ("meeting", None, "2024-10-01")]


def test_a_contact_dated_after_publication_is_planned_whatever_the_tense(run):
    (c,) = run("An aide described Narendra Modi's visit to Kenya, which begins on 6 March 2024.",
               published="2024-03-04").contacts
    assert (c.status, c.status_source, c.date.date) == ("planned", "date after publication", "2024-03-06")


def test_a_date_opening_a_sentence_before_said_that_is_when_it_was_said(run):
    (c,) = run("In May, an aide reported that Sadyr Japarov and Shavkat Mirziyoyev would meet in Osh on 20 June.",
               published="2025-06-01").contacts
    assert (c.status, c.date.date) == ("planned", "2025-06-20")


def test_a_later_stop_of_a_tour_is_on_or_after_its_first_day(run):
    contacts = run("Narendra Modi's tour of Kenya, Ghana and Peru begins on 6 March 2024.",
                   published="2024-03-04").contacts
    days = {c.countries: (c.date.date, c.date.start, c.date.end) for c in contacts}
    assert days == {("IND", "KEN"): ("2024-03-06", None, None),
                    ("GHA", "IND"): (None, "2024-03-06", None), ("IND", "PER"): (None, "2024-03-06", None)}
    assert all(c.status == "planned" for c in contacts)


def test_a_planned_visit_in_a_month_without_year_is_after_the_reference(run):
    got = _dates(run, "Sadyr Japarov will pay a state visit to Uzbekistan in February.", "2023-11-20")
    assert [(s, e) for _, _, s, e in got] == [("2024-02-01", "2024-02-29")]


def test_the_office_of_a_pronoun_is_held_as_of_the_contact(run):
    text = ("Fumio Kishida will meet Xi Jinping on Thursday. Xi last held talks with a Japanese prime "
            "minister in December 2019, when he met him in Beijing.")
    contacts = run(text, published="2022-11-15").contacts
    old = next(c for c in contacts if c.date.start == "2019-12-01")
    assert {p.person for p in old.participants} == {"Xi Jinping", "Shinzo Abe"}


@pytest.mark.parametrize("text,lang,published,expected", [
    # "this year" / "last year" next to a day without a year gives it its year, whatever the tense
    ("Биыл 3 қарашада Тоқаев пен Ердоған Астанада кездесті.", "kk", "2023-09-11", "2023-11-03"),
    ("В прошлом году 14 марта Токаев и Путин провели переговоры.", "ru", "2023-09-11", "2022-03-14"),
])
def test_this_year_next_to_a_day_gives_its_year(run, text, lang, published, expected):
    assert [c.date.date for c in run(text, published=published, lang=lang).contacts] == [expected]


def test_a_month_is_cut_to_the_days_both_leaders_held_office(run):
    # Biden took office on 20 January 2021: "in January" of that year can only be its last days
    got = run("Joe Biden spoke by phone with Justin Trudeau in January 2021.", published="2021-03-02").contacts
    assert [(c.date.start, c.date.end) for c in got] == [("2021-01-20", "2021-01-31")]
    assert got[0].date.source.endswith("within the terms in office")


def test_a_later_sentence_on_the_same_contact_dates_it(run):
    text = ("William Ruto has finally had a phone call with Cyril Ramaphosa.\n\n"
            "Officials in Nairobi gave few details.\n\n"
            "The call took place yesterday evening, a spokesman said.")
    (c,) = run(text, published="2024-05-16").contacts
    assert c.date.date == "2024-05-15" and c.date.source.startswith("a later sentence on the same contact")


def test_a_later_sentence_dated_by_its_report_does_not_date_the_contact(run):
    text = ("William Ruto has finally had a phone call with Cyril Ramaphosa.\n\n"
            "A spokesman confirmed on Monday morning that the call had taken place.")
    (c,) = run(text, published="2024-05-16").contacts
    assert c.date.date == "2024-05-16" and c.date.source.startswith("published")


@pytest.mark.parametrize("text,lang,want", [
    ("Sadyr Japarov's working visit to China from 31 August to 3 September has ended.\n\n"
     "On the first day of the visit Japarov held talks with Xi Jinping in Tianjin.\n\n"
     "Japarov also met Narendra Modi.", "en",
     {("CHN", "KGZ"): ("2025-08-31", None, None), ("IND", "KGZ"): (None, "2025-08-31", "2025-09-03")}),
    ("Садыр Жапаровдун 31-августтан 3-сентябрга чейин Кытайга болгон иш сапары аяктады.\n\n"
     "Сапардын экинчи күнү Садыр Жапаров Нарендра Моди менен жолукту.", "ky",
     {("IND", "KGZ"): ("2025-09-01", None, None)}),
])
def test_a_report_that_sums_up_a_trip_dates_its_talks_within_it(run, text, lang, want):
    got = {c.countries: (c.date.date, c.date.start, c.date.end) for c in run(text, published="2025-09-04",
                                                                         lang=lang).contacts}
    assert {k: got.get(k) for k in want} == want


def test_a_relative_range_outranks_the_publication_default(run):
    # "next week" in the lead and an undated restatement below: one planned contact within next week
    (c,) = run("Sadyr Japarov will visit Uzbekistan next week, his office said. During the visit, he is expected "
               "to meet Shavkat Mirziyoyev.", published="2024-05-14").contacts
    assert (c.status, c.date.start, c.date.end) == ("planned", "2024-05-20", "2024-05-26")

