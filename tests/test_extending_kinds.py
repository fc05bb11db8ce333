"""docs/extending.md, "A new contact kind", run as written: its table row and lexicon files become a
--kb-extra folder, its test runs, and its articles go through ingest to the JSONL and CAMEO exports."""

import csv
import importlib.util
import io
import json
import re
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "extending.md"
SECTION = "## A new contact kind"
FENCE = re.compile(r"^```(\w+) ([\w.-]+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def section_blocks() -> dict[str, str]:
    """The section's fenced blocks that name a file (```yaml kinds.yaml), by file name."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return {name: body for _lang, name, body in FENCE.findall(text[start:end if end != -1 else None])}


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory) -> Path:
    """The section's files laid out as it says: the YAML in my-kb/, the articles and the test beside it."""
    root = tmp_path_factory.mktemp("extending")
    (root / "my-kb").mkdir()
    for name, body in section_blocks().items():
        (root / "my-kb" / name if name.endswith(".yaml") else root / name).write_text(body, encoding="utf-8")
    return root


def test_the_section_holds_a_row_the_lexicons_the_articles_and_a_test():
    assert set(section_blocks()) == {"kinds.yaml", "lang-en.yaml", "lang-ru.yaml", "letter-en.txt", "letter-ru.txt",
                                     "test_letters.py"}


def test_the_documented_test_passes(walkthrough):
    spec = importlib.util.spec_from_file_location("test_letters", walkthrough / "test_letters.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tests = [getattr(module, n) for n in dir(module) if n.startswith("test_")]
    assert len(tests) == 2
    for test in tests:
        test()


def test_a_letter_goes_from_the_articles_to_the_exports(walkthrough, monkeypatch, tmp_path):
    monkeypatch.setenv("SUMMITRY_KB_EXTRA", str(walkthrough / "my-kb"))
    monkeypatch.setenv("SUMMITRY_CACHE", str(tmp_path / "cache"))
    db = str(tmp_path / "letters.db")
    run = CliRunner()
    articles = [str(walkthrough / "letter-en.txt"), str(walkthrough / "letter-ru.txt")]
    assert run.invoke(app, ["ingest", *articles, "--db", db]).exit_code == 0
    listed = run.invoke(app, ["events", "--db", db, "--kind", "letter", "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    exported = run.invoke(app, ["export", "--db", db, "--format", "jsonl"]).stdout
    lines = [json.loads(line) for line in exported.splitlines()]
    assert [(e["kind"], e["cameo"], e["date"]) for e in lines] == [("letter", "040", "2024-03-12")]
    assert len(lines[0]["mentions"]) == 2 and {p["country"] for p in lines[0]["participants"]} == {"KGZ", "UZB"}
    assert [json.loads(x)["kind"] for x in listed.stdout.splitlines()] == ["letter"]
    cameo = run.invoke(app, ["export", "--db", db, "--format", "cameo"]).stdout
    rows = list(csv.DictReader(io.StringIO(cameo), delimiter="\t"))
    assert {(r["Kind"], r["CAMEO Code"]) for r in rows} == {("letter", "040")} and len(rows) == 2


def test_a_server_without_the_kind_says_how_to_start_instead_of_failing_bare(walkthrough, monkeypatch, tmp_path):
    from summitry.web import create_app  # its kinds table is the shipped one: the test runs without the extension
    from summitry.web.schemas import KIND_NAMES

    assert "letter" not in KIND_NAMES
    with warnings.catch_warnings():  # starlette suggests httpx2; the plain httpx client is what we install
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    monkeypatch.setenv("SUMMITRY_KB_EXTRA", str(walkthrough / "my-kb"))
    monkeypatch.setenv("SUMMITRY_CACHE", str(tmp_path / "cache"))
    db = tmp_path / "letters.db"
    assert CliRunner().invoke(app, ["ingest", str(walkthrough / "letter-en.txt"), "--db", str(db)]).exit_code == 0
    client = TestClient(create_app(db, hosts=["testserver"]), raise_server_exceptions=False)
    res = client.get("/api/timeline")
    assert res.status_code == 500 and "'letter'" in res.json()["detail"]
    assert "SUMMITRY_KB_EXTRA" in res.json()["detail"]
    assert client.get("/api/meta").status_code == 200
