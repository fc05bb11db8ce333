"""The table of contact kinds (``knowledge/source/kinds.yaml``): what it says, how it is built and
extended, and that stage code names no kind of its own."""

import ast
from pathlib import Path

import pytest

from summitry import model
from summitry.knowledge import load_kb, shipped_kinds
from summitry.knowledge.build import SOURCE_DIR, KnowledgeError, compile_kb
from summitry.knowledge.records import Kinds

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "summitry"
KIND_NAMES = ("call", "meeting")
# The few places a shipped kind's name may stay a literal, and why.
ALLOWED = {
    "model.py": "KINDS: the export shape's type (shape sits below knowledge); a test below ties it to the table",
    "confidence.py": "'call' is the name of a feature in confidence.json, fitted as it is",
}


@pytest.fixture(scope="module")
def kinds():
    return load_kb().kinds


def test_no_stage_names_a_kind_of_its_own():
    """A kind literal left in code means a new kind would be handled wrongly there: read the table."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in KIND_NAMES:
                found.append(f"{rel}:{node.lineno}: {node.value!r}")
    assert not found, "read the kinds table (kb.kinds, shipped_kinds()) instead of naming a kind:\n" + "\n".join(found)


def test_the_export_shape_names_the_shipped_kinds(kinds):
    assert model.KINDS == kinds.names


def test_the_kinds_read_without_the_knowledge_base_are_its_own(kinds):
    assert shipped_kinds() == kinds


def test_a_call_precedes_a_meeting_and_has_no_place(kinds):
    call, meeting = kinds["call"], kinds["meeting"]
    assert kinds.names == ("call", "meeting") and kinds.first(["meeting", "call"]) == "call"
    assert not call.has_place and meeting.has_place
    assert call.trigger == ("triggers", "call") and kinds.triggers == (("triggers", "call"), ("triggers", "meeting"))


def test_each_kind_codes_its_events_as_the_exports_always_did(kinds):
    assert kinds["call"].cameo_at("KGZ", ["KGZ", "RUS"]) == "041"
    assert kinds["meeting"].cameo_at(None, ["KGZ", "RUS"]) == "040"
    assert kinds["meeting"].cameo_at("KGZ", ["KGZ", "RUS"]) == "042"
    assert kinds["meeting"].cameo_at("CHN", ["KGZ", "RUS"]) == "044"
    assert kinds["call"].plover_mode == "phone" and kinds["meeting"].plover_mode is None


def test_a_kind_the_table_lacks_is_a_placed_contact_coded_040():
    kinds = Kinds.read({})
    assert kinds["summit"].has_place and kinds["summit"].cameo_at(None, []) == "040"


def test_an_unquoted_cameo_code_is_refused(tmp_path):
    (tmp_path / "kinds.yaml").write_text("- name: letter\n  trigger: [triggers, letter]\n  precedence: 3\n"
                                         "  has_place: false\n  cameo: 040\n  label: Letter\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="letter: cameo is a three-digit code in quotes"):
        compile_kb([SOURCE_DIR, tmp_path])


def test_a_lexicon_of_additions_only_extends_the_shipped_one(tmp_path):
    (tmp_path / "more.yaml").write_text("lang: en\nextend:\n  triggers:\n    letter: [exchanged letters]\n",
                                        encoding="utf-8")
    kb = compile_kb([SOURCE_DIR, tmp_path])
    assert kb["lang"]["en"]["triggers"]["letter"] == ["exchanged letters"]
    assert "phone call" in kb["lang"]["en"]["triggers"]["call"] and kb["lang"]["en"]["months"]
    assert any("lexicon en extended" in line for line in kb["extensions"])
