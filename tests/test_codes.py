"""Decisions read codes (``Participant.how``/``resolved``, ``DateInfo.kind``), not provenance text: the one
function that reads each readable string gives the codes its words stand for (for stores written before
the codes), setting a code directly wins over the text, and events/ and dates/ set the codes where they
decide, never reading them back from the words."""

from __future__ import annotations

import pytest

from summitry import model
from summitry.export import contact_from_dict
from summitry.model import Contact, DateInfo, Participant, date_kind, participant_codes, strength


@pytest.mark.parametrize(("derivation", "how", "resolved", "by_name", "guessed"), [
    ("name", "name", (), True, False),
    ("name (clause around the trigger)", "name", (), True, False),
    ("name (counterpart) (subject + 'with' before the trigger)", "name", (), True, False),
    ("office title + country", "title", (), False, False),
    ("office title + country, the one named before", "title", (), False, False),
    ("office title + country: holder of the office on 2024-05-01", "title", ("holder",), False, True),
    ("office title + country: office held then: holder of the office on 2020-01-02", "title",
     ("office_then", "holder"), False, True),
    ("office title + country: elected, took office after 2024-05-01", "title", ("elect",), False, False),
    ("pronoun for the previous sentence's subject (subject)", "pronoun", (), False, True),
    ("host of visit", "host", (), False, True),
    ("host (office title + place)", "host", (), False, True),
    ("home country of the report (untitled head of state)", "home", (), False, True),
    ("compound before the trigger", "compound", (), False, True),
    ("member of Central Asia", "member", (), False, False),
    ("partner of Central Asia", "member", (), False, False),
    ("the leaders of the contact before", "context", (), False, False),
    ("country named (subject)", "country", (), False, False),
    ("office title for the leader named before", "title", (), False, False),
])
def test_participant_codes(derivation, how, resolved, by_name, guessed):
    p = Participant("KAZ", derivation=derivation)
    assert participant_codes(derivation) == (how, resolved)
    assert (p.how, p.resolved, p.by_name, p.guessed) == (how, resolved, by_name, guessed)


def test_a_code_set_directly_wins_over_the_text():
    assert Participant("KAZ", derivation="some new wording", how="name").by_name
    assert DateInfo(date="2024-05-01", source="some new wording", kind="published").kind == "published"


def test_resolve_steps_keep_code_and_text_together():
    p = Participant("RUS", derivation="office title + country")
    p.resolve("holder", "office title + country: holder of the office on 2024-05-01")
    assert (p.resolved, p.guessed) == (("holder",), True)
    p.resolve("office_then", "office title + country: office held then")
    assert p.resolved == ("office_then",)  # the text starts again from how he was found, and so does the code
    assert participant_codes(p.derivation) == (p.how, p.resolved)


@pytest.mark.parametrize(("source", "kind"), [
    (None, None), ("", None), ("published (header)", "published"), ("published (date line)", "published"),
    ("text", "text"), ("text+published year", "text"), ("text month, within the terms in office", "text"),
    ("term overlap", "term"), ("weekday relative to published", "derived"),
    ("previous sentence: text+published year", "derived"), ("dateline (no year)", "derived"),
    ("url", "metadata"), ("jsonl", "metadata"),
])
def test_date_kinds(source, kind):
    assert date_kind(source) == kind == DateInfo(source=source).kind


def test_strength_reads_the_kind():
    assert strength(DateInfo(date="2024-05-01", source="published (header)")) == 1.0
    assert strength(DateInfo(date="2024-05-01", source="weekday relative to published")) == 3.0
    assert strength(DateInfo(start="2024-05-01", end="2024-05-31", source="text month")) == 2.5
    assert strength(DateInfo(start="2024-05-01", end="2024-05-31", source="term overlap")) == 0.5


def test_codes_survive_the_store():
    c = Contact("d", "call", "occurred", "main",
                [Participant("RUS", derivation="x", how="title", resolved=("holder",))], "e", 0, 1,
                date=DateInfo(date="2024-05-01", source="y", kind="published"))
    back = contact_from_dict(c.to_dict())
    assert back == c and back.participants[0].resolved == ("holder",) and back.date.kind == "published"
    old = c.to_dict()  # a store written before the codes: they come from the text
    for p in old["participants"]:
        del p["how"], p["resolved"]
    del old["date"]["kind"]
    again = contact_from_dict(old)
    assert (again.participants[0].how, again.date.kind) == ("context", "derived")


# Invented reports whose contacts are found and dated in many ways: (text, publication day, language).
DECIDED = [
    ("Kazakh President Kassym-Jomart Tokayev held talks with Uzbek President Shavkat Mirziyoyev in Tashkent "
     "on 3 May 2023.", "2023-05-04", "en"),
    ("The President of Russia held a telephone conversation with the President of Kyrgyzstan yesterday.",
     "2023-05-04", "en"),
    ("Shavkat Mirziyoyev paid a state visit to Turkmenistan last week.", "2023-05-04", "en"),
    ("The Central Asian heads of state met in Astana.", "2023-05-04", "en"),
    ("Russian-Kyrgyz talks at the highest level took place in Moscow.", "2023-05-04", "en"),
    ("Tokayev met Mirziyoyev in Tashkent on 3 May. The presidents also held a phone call with him.",
     "2023-05-04", "en"),
    ("Sadyr Japarov spoke at the forum in Bishkek. He later held talks with Kassym-Jomart Tokayev.",
     "2023-05-04", "en"),
    ("Tokayev and Japarov spoke by phone on Monday, a day after their talks.", "2023-05-04", "en"),
    ("Мемлекет басшысы Өзбекстан Президенті Шавкат Мирзиёевпен телефон арқылы сөйлесті.", "2023-05-04", "kk"),
    ("Emmanuel Macron met Olaf Scholz in Paris.", None, "en"),
]


def test_events_and_dates_set_the_codes_where_they_decide(run, monkeypatch):
    """No participant or date the pipeline makes has its code read from its words, and the codes it sets
    are those the words say."""
    def unread(text):
        raise AssertionError(f"a code was read from the words {text!r}")

    monkeypatch.setattr(model, "participant_codes", unread)
    monkeypatch.setattr(model, "date_kind", lambda source: unread(source) if source else None)
    hows, kinds = set(), set()
    for text, published, lang in DECIDED:
        for c in run(text, published=published, published_source="jsonl" if published else None,
                     lang=lang).contacts:
            for p in c.participants:
                assert participant_codes(p.derivation) == (p.how, p.resolved), p.derivation
                hows.add(p.how)
            assert date_kind(c.date.source) == c.date.kind, c.date.source
            kinds.add(c.date.kind)
    assert hows == {"name", "title", "pronoun", "host", "home", "compound", "member", "context"}
    assert kinds == {"text", "derived", "published", "term"}
