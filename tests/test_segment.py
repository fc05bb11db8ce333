from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.clean import clean
from summitry.model import Document, RawDocument
from summitry.segment import segment


def test_offsets_point_into_original_text(kb):
    text = " date 2021-05-25 Президент прибыл в г. Сочи на переговоры. Стороны обсудили торговлю.\nВторой абзац."
    doc = clean(RawDocument("d", text, "d.txt"), kb.languages)
    sents = segment(doc)
    assert [s.text for s in sents] == [
        "Президент прибыл в г. Сочи на переговоры.",
        "Стороны обсудили торговлю.",
        "Второй абзац.",
    ]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert sents[2].paragraph > sents[1].paragraph


def test_headline_without_full_stop_is_its_own_sentence(kb):
    doc = clean(RawDocument("d", "Leaders to meet in Baku\nThe presidents will meet on Friday.", "d.txt"), kb.languages)
    assert [s.text for s in segment(doc)] == ["Leaders to meet in Baku", "The presidents will meet on Friday."]


def test_sentences_glued_by_a_lost_space_are_split_but_domains_are_not(kb):
    text = "He toured the new port.On Friday the talks began, Kabar.Kg reported."
    doc = clean(RawDocument("d", text, "d.txt"), kb.languages)
    assert [s.text for s in segment(doc)] == ["He toured the new port.",
                                              "On Friday the talks began, Kabar.Kg reported."]


def test_ignored_spans_are_skipped(kb):
    doc = clean(RawDocument("d", "Talks ended.\nMIL OSI\nMore text here.", "d.txt"), kb.languages)
    assert [s.text for s in segment(doc)] == ["Talks ended.", "More text here."]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab АБ.?!;\"'»)…\n  -,:Mr.г")), max_size=200))
def test_unsplit_shortcut_equals_razdel(monkeypatch_text):
    """Chunks without a razdel delimiter skip razdel; the sentences are exactly razdel's."""
    import re

    import summitry.segment as seg

    doc = Document(doc_id="p", text=monkeypatch_text)
    fast = [(s.start, s.end, s.paragraph) for s in segment(doc)]
    saved = seg._DELIMITER
    try:
        seg._DELIMITER = re.compile(r"(?s).?")  # always "has a delimiter": every chunk goes through razdel
        slow = [(s.start, s.end, s.paragraph) for s in segment(doc)]
    finally:
        seg._DELIMITER = saved
    assert fast == slow


_PIECES = [*"ab АБ.?!;\"'»)(…\n  -,:=1 2XI)”“«„]}", "Путин ", "He ", " т.е.", " им.", " ул.", " A.", " Mr.",
           " г.", " п.н.", " Dr.", "so on. The", " 12. Да", "the talks ended. Next"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_razdel_driver_equals_razdel(text):
    """``_razdel`` (razdel's rules without its generators and records) finds razdel's very sentences."""
    from razdel import sentenize

    from summitry.segment import _razdel

    assert _razdel(text) == [(s.start, s.stop) for s in sentenize(text)]
