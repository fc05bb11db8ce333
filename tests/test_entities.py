from summitry.clean import clean
from summitry.entities import entities, scan_text
from summitry.model import RawDocument
from summitry.segment import segment


def _ents(kb, text):
    doc = clean(RawDocument("d", text, "d.txt"), kb.languages)
    return doc, entities(doc, segment(doc), kb)


def test_inflected_russian_names_with_offsets(kb):
    text = "Президент встретился с Владимиром Путиным и Садыром Жапаровым."
    doc, ms = _ents(kb, text)
    people = [(m.entity_id, doc.text[m.start:m.end]) for m in ms if m.kind == "person"]
    assert people == [("vladimir-putin", "Владимиром Путиным"), ("sadyr-japarov", "Садыром Жапаровым")]


def test_kazakh_suffixes_and_transliterations(kb):
    _, ms = _ents(kb, "Садыр Жапаров Астанаға Қасым-Жомарт Тоқаевтың шақыруымен келеді.")
    assert {m.entity_id for m in ms if m.kind == "person"} == {"sadyr-japarov", "kassym-jomart-tokayev"}
    _, ms = _ents(kb, "Sadyr Zhaparov spoke to Dzhaparov's colleague Kassym-Jomart Tokayev.")
    assert [m.entity_id for m in ms if m.kind == "person"] == ["sadyr-japarov", "sadyr-japarov",
                                                               "kassym-jomart-tokayev"]


def test_bare_surname_needs_support(kb):
    _, ms = _ents(kb, "Later Abe smiled.")
    assert [m.surface for m in ms if m.kind == "person"] == []  # a short surname alone: anyone's
    # once under an office title, the bare surname is the same man further on, as after his full name
    _, ms = _ents(kb, "Japanese leader Abe spoke. Abe smiled.")
    assert [m.surface for m in ms if m.kind == "person"] == ["Abe", "Abe"]
    _, ms = _ents(kb, "Xi Jinping arrived. Later Xi smiled.")
    assert [m.surface for m in ms if m.kind == "person"] == ["Xi Jinping", "Xi"]


def test_a_short_name_the_knowledge_base_lists_needs_no_support(kb):
    _, ms = _ents(kb, "Later Lula smiled. Later Abe smiled.")
    # "Lula" is listed under his surnames; "Abe" is only generated from Shinzo Abe's full name
    assert [(m.surface, m.entity_id) for m in ms if m.kind == "person"] == [("Lula", "lula-da-silva")]


def test_roles_and_countries(kb):
    _, ms = _ents(kb, "The Russian leader met the President of Kyrgyzstan.")
    kinds = [(m.kind, m.entity_id) for m in ms]
    assert ("adjective", "RUS") in kinds and ("country", "KGZ") in kinds
    assert [m.role for m in ms if m.kind == "role"] == ["leader", "head_of_state"]


def test_namesakes_resolve_to_the_senior_office_holder(kb):
    # Sadyr Japarov (president) and Akylbek Japarov (prime minister) share a surname.
    doc, ms = _ents(kb, " date 2021-02-24 President of Russia Vladimir Putin: Mr Japarov, I am glad to see you.")
    assert [m.entity_id for m in ms if m.kind == "person"] == ["vladimir-putin", "sadyr-japarov"]
    doc, ms = _ents(kb, " date 2022-05-01 Akylbek Japarov met the delegation. Japarov said the talks went well.")
    assert [m.entity_id for m in ms if m.kind == "person"] == ["akylbek-japarov", "akylbek-japarov"]


def test_kazakh_spellings_match_russian_names(kb):
    # "Мирзиёевпен" and "Бішкекте" are not listed anywhere: folding and suffixes find them.
    _, ms = _ents(kb, "Қасым-Жомарт Тоқаев Бішкекте Шавкат Мирзиёевпен кездесті.")
    assert [(m.kind, m.entity_id) for m in ms if m.kind in ("person", "place")] == [
        ("person", "kassym-jomart-tokayev"), ("place", "bishkek"), ("person", "shavkat-mirziyoyev")]


def test_a_kazakh_spelling_listed_beside_the_russian_one(kb):
    # "Бердімұхамедов" writes і for the Russian ы: the people file lists the Kazakh form
    _, ms = _ents(kb, "Тоқаев Сердар Бердімұхамедовпен кездесті.")
    assert "serdar-berdimuhamedow" in [m.entity_id for m in ms if m.kind == "person"]


def test_hidden_characters_and_decomposed_letters_keep_the_name_and_its_offsets(kb):
    # a soft hyphen and a zero-width space inside names, "ё" written as "е" + combining diaeresis
    text = (" date 2024-05-14 Садыр Жапа\u00adров провёл телефонный разговор с Шавкатом Мирзие\u0308евым. "
            "Касым-Жомарт Тока\u200bев тоже позвонил.")
    _, ms = _ents(kb, text)
    people = [(m.entity_id, text[m.start:m.end]) for m in ms if m.kind == "person"]
    assert people == [("sadyr-japarov", "Садыр Жапа\u00adров"), ("shavkat-mirziyoyev", "Шавкатом Мирзие\u0308евым"),
                      ("kassym-jomart-tokayev", "Касым-Жомарт Тока\u200bев")]


def test_scan_text_is_the_text_itself_when_nothing_is_hidden():
    assert scan_text("Sadyr Japarov") == ("Sadyr Japarov", None, None)
