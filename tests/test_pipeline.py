"""The per-document pipeline as a whole: robustness on arbitrary text and provenance invariants."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitry.model import KINDS, STATUSES

ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
WORDS = st.sampled_from(["Putin", "Путиным", "Japarov", "Жапаров", "Tokayev", "Тоқаевтың", "met", "встретился",
                         "telephone", "phone", "today", "сегодня", "24 мая", "on Monday", "President", "of",
                         "Kyrgyzstan", "Russia", "in", "Sochi", "the Russian leader", ".", "\n", " date 2021-02-03"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_arbitrary_unicode_never_raises(run, text):
    out = run(text)
    for c in out.contacts:
        assert out.document.text[c.start:c.end] == c.evidence


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_name_soup_yields_well_formed_contacts(run, text):
    out = run(text)
    for c in out.contacts:
        assert c.kind in KINDS and c.status in STATUSES
        assert len(set(c.countries)) >= 2
        assert out.document.text[c.start:c.end] == c.evidence
        if c.date.date is None and c.date.start and c.date.end:
            assert c.date.start <= c.date.end


def test_huge_single_line_is_processed(run):
    text = ("Sadyr Japarov met Vladimir Putin in Sochi today. " * 2000) + "x" * 100_000
    out = run(" date 2021-05-24 " + text)
    assert out.contacts and out.contacts[0].date.date == "2021-05-24"


def test_empty_and_whitespace(run):
    assert run("").contacts == []
    assert run(" \n\t ").contacts == []


def test_contact_to_dict_equals_asdict(run):
    from dataclasses import asdict

    out = run(" date 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi today. They discussed trade and energy.")
    assert out.contacts
    for c in out.contacts:
        assert c.to_dict() == asdict(c) and list(c.to_dict()) == list(asdict(c))
