"""The early-exit gate never drops a document the full pipeline reads a contact from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitry.knowledge import load_kb
from summitry.model import RawDocument
from summitry.pipeline import process

KB = load_kb()
NAMES = sorted(p["name"] for p in KB.people.values())
COUNTRIES = sorted(c["name"] for c in KB.countries.values())


def _phrases(lang: str, *path: str) -> list[str]:
    entries = dict(KB.lexicons[lang].entries()).get(path, [])
    return sorted(re.sub(r"\*", "", e) for e in entries)


TRIGGERS = {lang: _phrases(lang, "triggers", "call") + _phrases(lang, "triggers", "meeting") for lang in KB.lexicons}
ROLES = {lang: [p for r in ("head_of_state", "head_of_government", "foreign_minister", "leader")
                for p in _phrases(lang, "roles", r)] for lang in KB.lexicons}
FILLER = ["The weather was fine.", "Prices rose.", "В городе открылась выставка.", "Markets were calm on Monday."]


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, str]:
    lang = draw(st.sampled_from(sorted(KB.lexicons)))
    pick = st.one_of(st.sampled_from(NAMES), st.sampled_from(COUNTRIES), st.sampled_from(ROLES[lang] or ["x"]))
    sentences = []
    for _ in range(draw(st.integers(1, 4))):
        a, b = draw(pick), draw(pick)
        trigger = draw(st.sampled_from(TRIGGERS[lang] or ["met"]))
        glue = draw(st.sampled_from([" ", "-", ", ", " and ", " и "]))
        sentences.append(f"{a}{glue}{b} {trigger} {draw(pick)} on 12 March 2021.")
        sentences.append(draw(st.sampled_from(FILLER)))
    return lang, " ".join(sentences)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_gate_keeps_every_document_with_a_contact(article):
    lang, text = article
    raw = RawDocument(doc_id="g", text=text, source="g.txt", lang=lang, published="2021-03-13")
    full = process(raw, KB, gate=False)
    if full.contacts:
        assert KB.gate.may_hold_contact(text), text


def test_gate_drops_text_without_leaders_or_triggers():
    assert not KB.gate.may_hold_contact("The city council approved a new budget for road repairs. " * 20)
    assert not KB.gate.may_hold_contact("President Macron praised the chef.")  # no contact trigger
    assert not KB.gate.may_hold_contact("The teams will meet on Sunday in the final.")  # no leader, office, country
    assert KB.gate.may_hold_contact("Putin and Xi held talks in Beijing.")


def test_gate_sees_turkic_suffixes_and_inflections():
    assert KB.gate.may_hold_contact("Тоқаев Путинмен телефон арқылы сөйлесті.")
    assert KB.gate.may_hold_contact("Жапаров Путин менен телефон аркылуу сүйлөштү.")
    assert KB.gate.may_hold_contact("Путин провёл телефонный разговор с Жапаровым.")
    assert KB.gate.may_hold_contact("The Russia-China summit opened.")


def test_gated_document_keeps_its_metadata():
    raw = RawDocument(doc_id="w", text=" date 2021-05-01\nRain is expected.", source="w.txt")
    out = process(raw, KB)
    assert (out.contacts, out.spans, out.sentences) == ([], [], [])
    assert out.document.published == "2021-05-01" and out.document.published_source == "header"


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "articles"


@pytest.mark.parametrize("folder", [EXAMPLES, DEV], ids=["examples", "dev"])
def test_gate_changes_nothing_on_real_articles(folder):
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the dev set sits beside the project only in CI and here)")
    from summitry.read import iter_documents

    for raw in iter_documents([folder]):
        if isinstance(raw, RawDocument):
            gated, full = process(raw, KB), process(raw, KB, gate=False)
            assert [c.to_dict() for c in gated.contacts] == [c.to_dict() for c in full.contacts], raw.doc_id


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_words_are_the_regex_words(text):
    from summitry.knowledge.gate import _TOKEN, _words

    assert set(_words(text)) == set(_TOKEN.findall(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_joined_words_are_the_regex_words_lower_cased(text):
    from summitry.knowledge.gate import _TOKEN, _joined, _spaced

    joined = _joined(text, _spaced(text))
    assert joined == " " + " ".join(joined.split()) + " "  # each word between single spaces
    assert set(joined.split()) == {w.lower() for w in _TOKEN.findall(text)}


_GATE_WORDS = ["met", "meet", "meeting", "talks", "talk", "president", "presid", "встретился", "встреч", "phone",
               "telephone", "called", "visit", "visited", "the", "putin", "путин", "x", "me", "tal", "разговор"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GATE_WORDS), max_size=8), st.sampled_from(["triggers", "roles"]))
def test_word_set_meets_as_whole_words_or_beginnings(tokens, which):
    words = getattr(KB.gate, which)
    expected = any(t in words.exact or any(t[:n] in heads for n, heads in words.prefixes.items()) for t in tokens)
    assert words.meets(" " + " ".join(tokens) + " ") == (expected or words.always)
