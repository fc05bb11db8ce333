"""docs/extending.md "A new language", run as written: its files go into a temporary extension folder and test
tree, the language's own test passes there, and `summitry ingest --kb-extra` extracts the doc's article in the
new language end to end."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from summitry.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "extending.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
PATH = re.compile(r"`([\w./-]+\.(?:yaml|py|txt))`")


def files_in(section: str) -> dict[str, str]:
    """Each fenced block of a section whose paragraph before it names a file (the first `path` it names)."""
    out, prose_start = {}, 0
    for m in FENCE.finditer(section):
        named = PATH.findall(section[prose_start:m.start()].strip().rsplit("\n\n", 1)[-1])
        if named:
            out[named[0]] = m.group(2)
        prose_start = m.end()
    return out


def section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_the_walk_through_names_its_three_files_and_an_article():
    assert set(files_in(section("A new language"))) == {
        "kb-extra/de.yaml", "kb-extra/places-de.yaml", "tests/lang/test_de.py", "articles/de-1.txt"}


def test_a_toy_language_added_as_the_doc_says_is_extracted_end_to_end(tmp_path):
    for rel, content in files_in(section("A new language")).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content, encoding="utf-8")
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "tests" / "conftest.py")
    shutil.copy(ROOT / "tests" / "lang" / "conftest.py", tmp_path / "tests" / "lang" / "conftest.py")
    env = {**os.environ, "SUMMITRY_KB_EXTRA": str(tmp_path / "kb-extra"), "SUMMITRY_CACHE": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lang/test_de.py"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "3 passed" in run.stdout, run.stdout[-3000:] + run.stderr[-2000:]

    db, cli = tmp_path / "de.db", CliRunner()
    env = {"SUMMITRY_CACHE": str(tmp_path / "cache"), "SUMMITRY_KB_EXTRA": ""}
    res = cli.invoke(app, ["ingest", str(tmp_path / "articles"), "--kb-extra", str(tmp_path / "kb-extra"),
                           "--db", str(db)], env=env)
    assert res.exit_code == 0 and "lexicon de added" in res.output, res.output
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT lang FROM documents").fetchall() == [("de",)]
    res = cli.invoke(app, ["export", "--db", str(db), "--format", "jsonl"], env=env)
    [event] = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    assert (event["kind"], event["date"], event["location"]["city"]) == ("meeting", "2023-03-14", "Tashkent")
    assert {p["person_id"] for p in event["participants"]} == {"sadyr-japarov", "shavkat-mirziyoyev"}
