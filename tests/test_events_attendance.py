"""A gathering reported with its host, and its attendees named in the next sentence (texts written for these
tests): one meeting of all of them; a leader who joined by video link, or attended something else, is not there."""

import pytest


@pytest.mark.parametrize("text,lang,published,want", [
    ("Pedro Sanchez hosted Latin American leaders in Madrid on Monday. Among those attending were Gustavo Petro, "
     "Gabriel Boric and Yamandu Orsi.", "en", "2025-04-08", [("meeting", ("CHL", "COL", "ESP", "URY"), "Madrid")]),
    ("Cyril Ramaphosa opened the regional summit in Pretoria on Friday. William Ruto and Samia Suluhu Hassan "
     "attended, while Bola Tinubu joined by video link.", "en", "2025-04-08",
     [("meeting", ("KEN", "TZA", "ZAF"), "Pretoria")]),
    ("В Бишкеке прошло заседание Совета глав государств СНГ. В нем приняли участие Ильхам Алиев и Никол Пашинян.",
     "ru", "2025-04-08", [("meeting", ("ARM", "AZE", "KGZ"), "Bishkek")]),
    # Kazakh and Kyrgyz council sessions, attendees in the next sentence
    ("Бішкекте ҰҚШҰ Ұжымдық қауіпсіздік кеңесінің отырысы өтті. Оған Ресей Президенті Владимир Путин және Беларусь "
     "Президенті Александр Лукашенко қатысты.", "kk", "2025-11-27",
     [("meeting", ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"), "Bishkek")]),
    # the attendees went to something else, or the gathering was a ceremony
    ("Pedro Sanchez hosted a dinner in Madrid on Monday. Gustavo Petro attended a book fair in Bogota.", "en",
     "2025-04-08", []),
    ("Pedro Sanchez hosted the opening ceremony of the games in Madrid. Gustavo Petro attended.", "en",
     "2025-04-08", []),
    # a compatriot is no counterpart
    ("Pedro Sanchez hosted a cabinet retreat on Monday. Jose Manuel Albares attended.", "en", "2025-04-08", []),
])
def test_attendees_named_after_the_gathering(run, text, lang, published, want):
    got = sorted((c.kind, c.countries, c.location.city) for c in run(text, lang=lang, published=published).contacts)
    assert got == sorted(want)


def test_attendees_carry_their_derivation(run):
    text = ("Pedro Sanchez hosted Latin American leaders in Madrid on Monday. Among those attending were Gustavo "
            "Petro and Gabriel Boric.")
    (c,) = run(text, lang="en", published="2025-04-08").contacts
    petro = next(p for p in c.participants if p.country == "COL")
    assert "attending" in petro.derivation and c.sentences == [0, 1]
