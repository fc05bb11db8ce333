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


def test_a_batch_equals_one_document_at_a_time(kb):
    from pathlib import Path

    from summitry.model import RawDocument
    from summitry.pipeline import process, process_many
    from summitry.read import iter_documents

    examples = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    raws = [r for r in iter_documents([examples]) if isinstance(r, RawDocument)]
    raws.append(RawDocument("no-leader", "The council approved the road budget on Tuesday.", "x.txt"))

    def facts(p):
        return ([c.to_dict() for c in p.contacts], [(m.start, m.end, m.kind, m.entity_id) for m in p.spans],
                [(s.start, s.end) for s in p.sentences], p.document.published, p.document.lang)

    batch = process_many(raws, kb)
    assert len(batch) == len(raws) > 5 and any(p.contacts for p in batch)
    assert [facts(p) for p in batch] == [facts(process(r, kb)) for r in raws]
