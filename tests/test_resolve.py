"""Where a meeting took place and who held an office then (issue 12): own sentences, the rest of the
document, the direction of a visit; a call has no place."""

import pytest

from summitry.model import Participant


def _places(run, text, published="2023-06-12"):
    contacts = run(text, published=published).contacts
    return sorted({(c.countries, c.kind, c.location.city, c.location.country) for c in contacts})


@pytest.mark.parametrize("text,expected", [
    # the city is named in another sentence of the article, in a participant's country
    ("Emmanuel Macron held talks with Giorgia Meloni on Monday.\n\nMacron arrived in Rome on Sunday evening.",
     [(("FRA", "ITA"), "meeting", "Rome", "ITA")]),
    # the country visited wins over a city of another country in the same sentence
    ("On Monday Emmanuel Macron visited Algeria to mend ties strained by a quarrel that began in Paris.",
     [(("DZA", "FRA"), "meeting", None, "DZA")]),
    # a dateline places a meeting whose sentence names its country but no city
    ("TASHKENT: Tokayev held talks with Mirziyoyev on Monday at a summit in Uzbekistan.",
     [(("KAZ", "UZB"), "meeting", "Tashkent", "UZB")]),
    # on a summit's sidelines: the summit's city named elsewhere, in whatever country
    ("Tokayev and Japarov held talks on the sidelines of the summit on Monday.\n\n"
     "The summit gathered leaders in Paris.",
     [(("KAZ", "KGZ"), "meeting", "Paris", "FRA")]),
    # of two places in the sentence, the one in a participant's country ("then flew on to Warsaw")
    ("Olaf Scholz travelled to Paris on Wednesday for talks with Emmanuel Macron and then flew on to Warsaw "
     "to meet Mateusz Morawiecki.",
     [(("DEU", "FRA"), "meeting", "Paris", "FRA"), (("DEU", "POL"), "meeting", "Warsaw", "POL")]),
    # a dateline places a meeting on a summit's sidelines, whatever the participants' countries
    ("KUALA LUMPUR, Oct 27 (Reuters) - Ferdinand Marcos Jr. and Joko Widodo met on Sunday on the sidelines "
     "of the regional summit.", [(("IDN", "PHL"), "meeting", "Kuala Lumpur", "MYS")]),
    # a residence's everyday name places the meeting in its city
    ("Rishi Sunak hosted Joe Biden at Number 10 on Monday.", [(("GBR", "USA"), "meeting", "London", "GBR")]),
    # a residence in the Kyrgyz possessive + locative: "Ынтымак ордосунда"
    ("Садыр Жапаров бүгүн Касым-Жомарт Токаевди «Ынтымак ордосунда» кабыл алды.",
     [(("KAZ", "KGZ"), "meeting", "Bishkek", "KGZ")]),
    # a city right after a visit word is where the visit went
    ("Recep Tayyip Erdogan visited Baghdad and met Iraqi Prime Minister Mohammed Shia al-Sudani.",
     [(("IRQ", "TUR"), "meeting", "Baghdad", "IRQ")]),
    # each stop of a tour is in its own host's country, not the first one's
    ("Last week William Ruto paid visits to Ghana and Peru.",
     [(("GHA", "KEN"), "meeting", None, "GHA"), (("KEN", "PER"), "meeting", None, "PER")]),
    # a call has no place, whatever city the article names
    ("Tokayev and Mirziyoyev held a telephone conversation on Monday.\n\nThe two had met in Tashkent last year.",
     [(("KAZ", "UZB"), "call", None, None)]),
])
def test_place_of_a_contact(run, text, expected):
    assert [x for x in _places(run, text) if x[0] in {e[0] for e in expected}] == expected


@pytest.mark.parametrize("text,lang,expected", [
    # a summit report: the meetings held "alongside" it are in the summit's city, in whatever country
    ("Ilham Aliyev and Nikol Pashinyan talked briefly at the summit in Doha.\n\n"
     "Aliyev also held similar meetings with Viktor Orban.", "en",
     [(("AZE", "HUN"), "meeting", "Doha", "QAT")]),
    # "on the sidelines of the G20" names no summit word, but the organisation says it is one
    ("Сергей Лавров провёл переговоры с Ван И на полях G20.\n\nБеседа прошла в Йоханнесбурге.\n\n"
     "Следующие переговоры пройдут в Москве.", "ru", [(("CHN", "RUS"), "meeting", "Johannesburg", "ZAF")]),
    # a Kazakh locative with "-ki" ("Будапешттегі") names the place
    ("Қасым-Жомарт Тоқаев Будапешттегі сарайда Виктор Орбанмен кездесті.", "kk",
     [(("HUN", "KAZ"), "meeting", "Budapest", "HUN")]),
    # ... and so does it in another sentence of the report: "the ceremony in Baku's palace took place"
    ("Садыр Жапаров Ильхам Алиев менен жолукту.\n\nЖолугушуу Бакудагы сарайда өттү.", "ky",
     [(("AZE", "KGZ"), "meeting", "Baku", "AZE")]),
    ("Садыр Жапаров Владимир Путин менен жолукту.\n\nЖолугушуу Сочи шаарындагы сарайда өттү.", "ky",
     [(("KGZ", "RUS"), "meeting", "Sochi", "RUS")]),
    # a capital named by its country is that country's capital, in every language
    ("Ilham Aliyev met Nikol Pashinyan in the Albanian capital on Friday.", "en",
     [(("ARM", "AZE"), "meeting", "Tirana", "ALB")]),
    ("Ilham Aliyev met Nikol Pashinyan in Albania's capital on Friday.", "en",
     [(("ARM", "AZE"), "meeting", "Tirana", "ALB")]),
    ("Ильхам Алиев встретился с Николом Пашиняном в столице Албании.", "ru",
     [(("ARM", "AZE"), "meeting", "Tirana", "ALB")]),
    ("Ильхам Алиев встретился с Николом Пашиняном в албанской столице.", "ru",
     [(("ARM", "AZE"), "meeting", "Tirana", "ALB")]),
    ("Қасым-Жомарт Тоқаев Өзбекстан астанасында Шавкат Мирзиёевпен кездесті.", "kk",
     [(("KAZ", "UZB"), "meeting", "Tashkent", "UZB")]),
    # an agency's dateline the segmenter split off the lead still places it, in a participant's country
    ("ТАШКЕНТ, 21 мая. /РИА Новости/. Шавкат Мирзиёев провел переговоры с Касым-Жомартом Токаевым.", "ru",
     [(("KAZ", "UZB"), "meeting", "Tashkent", "UZB")]),
    ("МОСКВА, 21 мая. /РИА Новости/. Шавкат Мирзиёев провел переговоры с Касым-Жомартом Токаевым.", "ru",
     [(("KAZ", "UZB"), "meeting", None, None)]),
])
def test_place_of_a_contact_from_the_rest_of_the_report(run, text, lang, expected):
    got = sorted({(c.countries, c.kind, c.location.city, c.location.country)
                  for c in run(text, published="2025-02-21", lang=lang).contacts})
    assert [x for x in got if x[0] in {e[0] for e in expected}] == expected


def test_a_capital_word_without_its_country_or_preposition_is_no_place(run):
    text = "Ilham Aliyev met Nikol Pashinyan on Friday; the Albanian capital markets rose."
    assert _places(run, text) == [(("ARM", "AZE"), "meeting", None, None)]


def test_a_city_of_another_country_elsewhere_is_not_the_place(run):
    text = "Emmanuel Macron held talks with Giorgia Meloni on Monday.\n\nLater he flew on to Tashkent."
    assert [p for p in _places(run, text) if p[0] == ("FRA", "ITA")] == [(("FRA", "ITA"), "meeting", None, None)]


@pytest.mark.parametrize("text,published,country,person,role", [
    # an office resolved as of the contact's day, not the publication day
    ("Shavkat Mirziyoyev met the Kazakh president in Tashkent on 14 May 2018.", "2023-04-02",
     "KAZ", "Nursultan Nazarbayev", "head_of_state"),
    # the leader-elect: elected, not yet in office
    ("Japan's prime minister met the US president-elect in New York on Thursday.", "2016-11-18",
     "USA", "Donald Trump", "other"),
    ("Премьер-министр Японии встретился с избранным президентом США в Нью-Йорке в четверг.", "2016-11-18",
     "USA", "Donald Trump", "other"),
    # a foreign minister's counterpart is a foreign minister
    ("Sergey Lavrov held talks with his Kazakh counterpart in Moscow on Monday.", "2023-11-09",
     "KAZ", "Murat Nurtleu", "foreign_minister"),
    # a country whose "president" is not its head of state: Iran's elected president, not the Supreme Leader
    ("Vladimir Putin spoke by phone with the Iranian president on Tuesday.", "2022-03-02",
     "IRN", "Ebrahim Raisi", "head_of_government"),
    ("Путин провёл телефонный разговор с президентом Ирана.", "2025-03-01",
     "IRN", "Masoud Pezeshkian", "head_of_government"),
    # a foreign minister's visit is a meeting with his counterpart, not with the host's head of state
    ("Sergey Lavrov visited Turkey on Monday.", "2025-05-21", "TUR", "Hakan Fidan", "foreign_minister"),
    # an undated report without a publication date: the latest holder, not the one at the range's start
    ("Мемлекет басшысы Түркия Президенті Режеп Тайып Ердоғанмен кездесті.", None,
     "KAZ", "Kassym-Jomart Tokayev", "head_of_state"),
])
def test_who_held_the_office_then(run, text, published, country, person, role):
    [contact] = run(text, published=published).contacts
    [p] = [p for p in contact.participants if p.country == country]
    assert (p.person, p.role) == (person, role)


@pytest.mark.parametrize("derivation,expected", [
    ("name", True), ("name (clause around the trigger)", True), ("name: office held then", True),
    ("office title + country", False), ("pronoun for the leader named before", False), ("host of visit", False),
])
def test_a_participant_found_by_name_whatever_the_frame(derivation, expected):
    assert Participant("KGZ", derivation=derivation).by_name is expected


def test_a_plan_is_made_by_who_holds_the_office_when_it_is_announced(run):
    text = "The foreign ministers of Japan and India are preparing to hold talks in Munich."
    (c,) = run(text, published="2023-02-14").contacts
    assert c.status == "planned" and c.date.end is None
    assert {p.country: p.person for p in c.participants} == {"JPN": "Yoshimasa Hayashi",
                                                             "IND": "Subrahmanyam Jaishankar"}


def test_an_office_title_after_its_holder_was_named_is_him(run):
    text = ("Mevlut Cavusoglu spoke to reporters about the economy.\n\n"
            "Later Almazbek Atambayev received Turkey's foreign minister in Bishkek.")
    (c,) = run(text, published=None).contacts
    assert {p.country: p.person for p in c.participants}["TUR"] == "Mevlut Cavusoglu"


def test_a_crown_prince_before_his_appointment_holds_no_office(run):
    assert run("Joe Biden met Crown Prince Mohammed bin Salman in Jeddah on Friday.", published="2022-07-16",
               lang="en").contacts == []


def test_the_pope_is_whoever_held_the_holy_see_that_day(run):
    for published, pope in (("2024-03-05", "pope-francis"), ("2025-09-05", "pope-leo-xiv")):
        (c,) = run("The pontiff met Javier Milei on Tuesday.", published=published).contacts
        (vat,) = [p for p in c.participants if p.country == "VAT"]
        assert vat.person_id == pope and "holder of the office" in (vat.derivation or "")
