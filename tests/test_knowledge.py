import json

import pytest

from summitry.knowledge import KnowledgeBase, load_kb
from summitry.knowledge.build import COMPILED_PATH, SOURCE_DIR, KnowledgeError, compile_kb


def test_shipped_artefact_matches_sources():
    """The compiled JSON in the package is exactly what the YAML sources build to."""
    shipped = json.loads(COMPILED_PATH.read_text(encoding="utf-8"))
    assert shipped["version"] == compile_kb()["version"], "run 'summitry kb build' after editing sources"


def test_coverage(kb):
    assert len([c for c in kb.countries.values() if c["un_member"]]) == 193
    for code in ("KGZ", "RUS", "KAZ", "UZB", "TJK", "TKM", "BLR", "UKR", "USA", "CHN", "JPN", "ZAF"):
        assert kb.holder(code, "head_of_state", "2023-06-01") or kb.holder(code, "head_of_government", "2023-06-01")


def test_office_holder_by_date(kb):
    assert kb.people[kb.holder("KGZ", "head_of_state", "2020-09-28")]["name"] == "Sooronbay Jeenbekov"
    assert kb.people[kb.holder("KGZ", "head_of_state", "2021-05-24")]["name"] == "Sadyr Japarov"
    assert kb.people[kb.holder("RUS", "head_of_state", "2010-01-01")]["name"] == "Dmitry Medvedev"
    assert kb.people[kb.holder("JPN", "leader", "2022-11-17")]["name"] == "Fumio Kishida"


def test_surface_forms_are_generated(kb):
    pats = kb.data["patterns"]
    for form in ("путиным", "владимиром путиным", "жапарову", "sadyr japarov", "sadyr zhaparov", "dzhaparov",
                 "бишкеке", "кыргызско-", "российской федерации"):
        assert form in pats, form


def test_user_extension_adds_a_person(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "mine.yaml").write_text(
        "- id: test-leader\n  name: Testa Leaderova\n  country: KGZ\n  names: {ru: [Теста Лидерова]}\n"
        "  offices: [{role: foreign_minister, start: 2030-01-01, end: null}]\n", encoding="utf-8")
    kb = load_kb([tmp_path])
    assert isinstance(kb, KnowledgeBase)
    assert kb.holder("KGZ", "foreign_minister", "2030-06-01") == "test-leader"
    assert "testa leaderova" in kb.data["patterns"]


def test_bad_source_names_file_and_problem(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "bad.yaml").write_text("- id: x\n  name: X\n  country: KGZ\n  offices: [{role: king}]\n")
    with pytest.raises(KnowledgeError, match=r"bad\.yaml.*unknown role 'king'"):
        compile_kb([tmp_path])


def test_extension_compile_is_cached_until_a_source_changes(tmp_path, monkeypatch):
    import summitry.knowledge as knowledge

    monkeypatch.setenv("SUMMITRY_CACHE", str(tmp_path / "cache"))
    ext = tmp_path / "ext"
    (ext / "people").mkdir(parents=True)
    person = ext / "people" / "mine.yaml"
    person.write_text("- id: cached-leader\n  name: Cacha Leaderova\n  country: KGZ\n"
                      "  offices: [{role: foreign_minister, start: 2030-01-01, end: null}]\n", encoding="utf-8")
    first = load_kb([ext])
    assert len(list((tmp_path / "cache").glob("kb-*.json"))) == 1

    def no_compile(*_a, **_k):
        raise AssertionError("compiled again although no source changed")

    monkeypatch.setattr(knowledge, "compile_kb", no_compile)
    assert load_kb([ext]).version == first.version
    person.write_text(person.read_text(encoding="utf-8").replace("Cacha", "Kesha"), encoding="utf-8")
    with pytest.raises(AssertionError, match="compiled again"):
        load_kb([ext])  # an edited source is compiled anew


def test_a_lexicon_word_read_as_a_boolean_is_refused(tmp_path):
    (tmp_path / "lang").mkdir()
    (tmp_path / "lang" / "xx.yaml").write_text("lang: xx\nframes:\n  with: [with, on]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"frames\.with.*quote it"):
        compile_kb([tmp_path])


def test_an_extension_folder_is_read_by_content_whatever_its_file_names(tmp_path):
    (tmp_path / "our-additions.yaml").write_text(
        "- id: test-leader\n  name: Testa Leaderova\n  country: KGZ\n  names: {en: [Testa Leaderova]}\n"
        "  offices: [{role: foreign_minister, country: KGZ, start: 2031-01-01, end: null}]\n", encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    (sub / "cities.yml").write_text("- id: test-city\n  name: Testgrad\n  country: KGZ\n  kind: city\n"
                                    "  names: {en: [Testgrad]}\n", encoding="utf-8")
    kb = compile_kb([SOURCE_DIR, tmp_path])
    assert "test-leader" in kb["people"] and "test-city" in kb["places"]
    assert any("person test-leader added" in line for line in kb["extensions"])


def test_an_extension_file_that_holds_nothing_known_is_refused_with_what_to_write(tmp_path):
    (tmp_path / "notes.yaml").write_text("- title: shopping list\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="a person 'offices'"):
        compile_kb([SOURCE_DIR, tmp_path])


def test_an_organisation_attendance_other_than_the_two_known_is_refused(tmp_path):
    (tmp_path / "formats.yaml").write_text(
        "- id: test-format\n  name: Test Format\n  attendance: everyone\n  names: {en: [Test Format]}\n"
        "  members: [KAZ, KGZ, UZB]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="test-format: attendance is 'members' or 'members_named'"):
        compile_kb([SOURCE_DIR, tmp_path])


def test_a_language_record_with_an_unknown_script_trait_or_hook_is_refused(tmp_path):
    for bad, said in (("script: Arab", "unknown script 'Arab'"), ("traits: [tonal]", "unknown trait 'tonal'"),
                      ("inflection: german", "unknown inflection 'german'")):
        (tmp_path / "xx.yaml").write_text(f"lang: xx\nlanguage:\n  {bad}\ntriggers: {{}}\n", encoding="utf-8")
        with pytest.raises(KnowledgeError, match=f"xx.yaml: language xx: {said}"):
            compile_kb([tmp_path])


def test_a_lexicon_replaced_without_a_record_keeps_the_shipped_record(tmp_path):
    (tmp_path / "kk.yaml").write_text("lang: kk\ntriggers: {call: [телефон*]}\n", encoding="utf-8")
    kb = compile_kb([SOURCE_DIR, tmp_path])
    assert kb["languages"]["kk"]["fallbacks"] == ["ru"] and kb["lang"]["kk"]["triggers"] == {"call": ["телефон*"]}
    assert "language" not in kb["lang"]["kk"]


def test_any_phrase_asks_every_lexicon_and_skips_missing_lists() -> None:
    from summitry.knowledge import Lexicon, any_phrase

    first = Lexicon("xx", {"future": ["shall convene"]})
    second = Lexicon("yy", {"future": ["next spring"]})
    empty = Lexicon("zz", {})
    assert any_phrase([first, second], ("future",), "They meet NEXT SPRING in Oslo")
    assert not any_phrase([first], ("future",), "They meet next spring in Oslo")
    assert not any_phrase([empty], ("future",), "They shall convene")  # no list of that name: no phrase
    assert not any_phrase([], ("future",), "They shall convene")


def test_word_list_lower_cases_and_joins_the_lexicons_lists() -> None:
    from summitry.knowledge import Lexicon, word_list

    first = Lexicon("xx", {"relative_pronouns": ["Who", "which"]})
    second = Lexicon("yy", {"relative_pronouns": ["где"]})
    assert first.words("relative_pronouns") == frozenset({"who", "which"})
    assert word_list([first, second], "relative_pronouns") == frozenset({"who", "which", "где"})
    assert word_list([first], "location_prepositions") == frozenset()  # a list the lexicon lacks: empty
    assert first.words("relative_pronouns") is first.words("relative_pronouns")  # built once, then kept
