"""Hostile content on the CLI and store path: SQL and LIKE metacharacters in every filter, script and
markup payloads in articles, path-like document ids, console markup in names and messages.

Nothing may crash or leak: filters either match what they say literally or give a clean message,
the store is intact afterwards, article text round-trips exactly (escaping is the web's job), and
an id is only ever an id, never a path.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry import api
from summitry.cli import app
from summitry.printable import printable
from summitry.store import Store

runner = CliRunner()
SQL = ["'; DROP TABLE events; --", "%", "_", '"', "\x00", "KGZ' OR '1'='1", "%,KGZ,%", "\\", "' UNION SELECT 1 --",
       "[/]", "[bold]x"]
FILTERS = ["country", "person", "kind", "status", "topic", "since", "until"]
XSS = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>", '"><svg/onload=alert(1)>',
       "javascript:alert(1)", "{{7*7}}", "${7*7}", "[bold red]markup[/]", "&lt;b&gt;&amp;", "\u202egnp.exe"]
TRAVERSAL = ["../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini", "C:\\boot.ini", "%2e%2e%2fetc%2fpasswd",
             "file:///etc/passwd", "a/../../b", "~/.ssh/id_rsa", "\\\\server\\share", ".", ".."]
ARTICLE = ("Sadyr Japarov held a phone conversation with Vladimir Putin today, where {p} was on the agenda. "
           "The presidents discussed trade and energy.")


def records() -> list[dict]:
    out = [{"id": f"xss-{i}", "text": ARTICLE.format(p=p), "published": f"2022-03-{i + 1:02d}",
            "url": f"https://x.example/{p}"} for i, p in enumerate(XSS)]
    out += [{"id": tid, "text": f"Kassym-Jomart Tokayev met Shavkat Mirziyoyev in Tashkent today. ({tid})",
             "published": f"2021-05-{i + 1:02d}"} for i, tid in enumerate(TRAVERSAL)]
    out.append({"id": "plain", "text": "Сегодня Садыр Жапаров встретился с Касым-Жомартом Токаевым в Бишкеке.",
                "published": "2021-06-01"})
    return out


def snapshot(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        return {"integrity": conn.execute("PRAGMA integrity_check").fetchone()[0], "counts": counts}


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of the records above, ingested by the CLI from a working folder that is watched."""
    root = tmp_path_factory.mktemp("hostile")
    feed = root / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records()) + "\n", encoding="utf-8")
    db = root / "store.db"
    before, cwd = tree(root), os.getcwd()
    os.chdir(root)  # relative ids like ../../etc/passwd would resolve from here if used as paths
    try:
        res = runner.invoke(app, ["ingest", str(feed), "--db", str(db), "--workers", "1"])
    finally:
        os.chdir(cwd)
    assert res.exit_code == 0, res.output
    assert tree(root) - before <= {"store.db", "store.db-wal", "store.db-shm"}
    return db, snapshot(db), sorted(runner.invoke(app, ["export", "--db", str(db)]).stdout.splitlines())


def assert_intact(db: Path, snap: dict, export: list[str]) -> None:
    assert snapshot(db) == snap
    assert sorted(runner.invoke(app, ["export", "--db", str(db)]).stdout.splitlines()) == export


@pytest.mark.parametrize("payload", SQL)
@pytest.mark.parametrize("flt", FILTERS)
def test_filters_take_metacharacters_literally(store, flt, payload):
    db, snap, export = store
    value = [payload] if flt == "country" else payload
    found = list(api.events(db, **{flt: value}))
    all_ids = {json.loads(line)["id"] for line in export}
    assert {e.id for e in found} <= all_ids
    if flt not in ("since", "until"):  # no country, person, kind, status or topic is spelt like this
        assert found == [], f"{flt}={payload!r} matched {len(found)} events"
    assert_intact(db, snap, export)


@pytest.mark.parametrize("payload", [p for p in SQL if "\x00" not in p])
@pytest.mark.parametrize("flt", FILTERS)
def test_cli_filters_fail_cleanly_or_match_nothing(store, flt, payload):
    db, snap, export = store
    res = runner.invoke(app, ["events", "--db", str(db), f"--{flt}", payload, "--format", "jsonl"])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    assert res.exit_code in (0, 2), res.output
    lines = res.stdout.splitlines() if res.exit_code == 0 else []
    assert all(json.loads(line)["id"] for line in lines)
    if flt not in ("since", "until"):
        assert lines == []
    assert_intact(db, snap, export)


def test_script_payloads_round_trip_as_plain_text(store):
    db, _, export = store
    events = [json.loads(line) for line in export]
    mentions = {m["doc_id"]: m for e in events for m in e["mentions"]}
    with Store(db, readonly=True) as s:
        for i, payload in enumerate(XSS):
            doc = s.document(f"xss-{i}")
            assert doc is not None and doc["text"] == ARTICLE.format(p=payload)  # stored byte for byte
            m = mentions[f"xss-{i}"]
            assert payload in m["evidence"] and doc["text"][m["start"]:m["end"]] == m["evidence"]
            assert m["url"] == f"https://x.example/{payload}"
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "json"])
    evidence = {m["evidence"] for e in json.loads(res.stdout) for m in e["mentions"]}
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "csv"])
    cells = {cell for row in csv.reader(io.StringIO(res.stdout)) for cell in row}
    for payload in XSS:
        assert any(payload in text for text in evidence) and any(payload in cell for cell in cells), payload


def test_show_prints_payloads_verbatim(store):
    db, _, export = store
    ids = {m["doc_id"]: e["id"] for e in map(json.loads, export) for m in e["mentions"]}
    for i, payload in enumerate(XSS):
        res = runner.invoke(app, ["show", ids[f"xss-{i}"], "--db", str(db)])
        assert res.exit_code == 0, res.output
        # console markup in the text is printed, not obeyed; a bidi override is shown as its escape (#13)
        assert printable(payload) in res.stdout.replace("\n    ", " ")


def test_path_like_ids_are_only_ids(store):
    db, _, export = store
    docs = {m["doc_id"] for e in map(json.loads, export) for m in e["mentions"]}
    assert set(TRAVERSAL) <= docs
    with Store(db, readonly=True) as s:
        for tid in TRAVERSAL:
            assert s.document(tid)["text"].endswith(f"({tid})")
    res = runner.invoke(app, ["show", "../../etc/passwd", "--db", str(db)])
    assert res.exit_code == 2 and "no event '../../etc/passwd'" in res.output


@pytest.mark.parametrize("name", ["[bold]x", "[/]", "a[/red]b", "[link=file:///etc/passwd]x[/link]"])
def test_console_markup_in_names_and_messages(tmp_path, name):
    """File names, record ids, store paths and arguments end up in messages: printed, never obeyed."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(json.dumps({"id": name, "text": 5}) + "\n" + json.dumps(
        {"id": "ok", "text": "Sadyr Japarov met Vladimir Putin in Sochi today.", "published": "2021-03-12",
         "url": f"https://x.example/{name}"}) + "\n", encoding="utf-8")
    (folder / f"{name.replace('/', '_')}.txt").write_bytes(b"")
    db = tmp_path / name / "s.db"  # "[/]" is a folder "[" holding a folder "]"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert isinstance(res.exception, SystemExit) and res.exit_code == 1, res.output
    output = res.output.replace("\n", "")  # the console wraps long lines
    assert f"record {name!r}: 'text' must be a string" in output
    assert f"{name.replace('/', '_')}.txt: empty file" in output
    assert str(db) in output
    event_id = json.loads(runner.invoke(app, ["export", "--db", str(db)]).stdout.splitlines()[0])["id"]
    for args in (["show", event_id], ["show", name], ["timeline", name, "RUS"], ["events", "--person", name],
                 ["kb", "search", name]):
        res = runner.invoke(app, [*args, "--db", str(db)] if args[0] != "kb" else args)
        assert res.exception is None or isinstance(res.exception, SystemExit), (args, res.output)
    res = runner.invoke(app, ["show", event_id, "--db", str(db)])
    assert f"https://x.example/{name}" in res.stdout.replace("\n", "")
    res = runner.invoke(app, ["events", "--db", str(tmp_path / name / "missing.db")])
    assert res.exit_code == 2 and str(tmp_path / name / "missing.db") in res.output.replace("\n", "")
