from summitry.clean import clean
from summitry.model import RawDocument
from summitry.segment import segment


def test_offsets_point_into_original_text():
    text = " date 2021-05-25 Президент прибыл в г. Сочи на переговоры. Стороны обсудили торговлю.\nВторой абзац."
    doc = clean(RawDocument("d", text, "d.txt"))
    sents = segment(doc)
    assert [s.text for s in sents] == [
        "Президент прибыл в г. Сочи на переговоры.",
        "Стороны обсудили торговлю.",
        "Второй абзац.",
    ]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert sents[2].paragraph > sents[1].paragraph


def test_headline_without_full_stop_is_its_own_sentence():
    doc = clean(RawDocument("d", "Leaders to meet in Baku\nThe presidents will meet on Friday.", "d.txt"))
    assert [s.text for s in segment(doc)] == ["Leaders to meet in Baku", "The presidents will meet on Friday."]


def test_ignored_spans_are_skipped():
    doc = clean(RawDocument("d", "Talks ended.\nMIL OSI\nMore text here.", "d.txt"))
    assert [s.text for s in segment(doc)] == ["Talks ended.", "More text here."]
