import json

from typer.testing import CliRunner

from summitry.cli import app

runner = CliRunner()

ARTICLE_EN = (" date 2022-03-15 Sadyr Japarov and Vladimir Putin held a telephone conversation today. "
              "The presidents discussed trade and energy.\n")
ARTICLE_RU = " date 2022-03-16 Вчера Садыр Жапаров провел телефонный разговор с Владимиром Путиным.\n"


def _corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en-call.txt").write_text(ARTICLE_EN, encoding="utf-8")
    (folder / "ru-call.txt").write_text(ARTICLE_RU, encoding="cp1251")
    return folder


def test_ingest_export_roundtrip(tmp_path):
    db = tmp_path / "s.db"
    res = runner.invoke(app, ["ingest", str(_corpus(tmp_path)), "--db", str(db)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(lines) == 1
    ev = lines[0]
    assert (ev["kind"], ev["date"], ev["cameo"]) == ("call", "2022-03-15", "041")
    assert sorted(p["country"] for p in ev["participants"]) == ["KGZ", "RUS"]
    assert sorted(m["doc_id"] for m in ev["mentions"]) == ["en-call", "ru-call"]
    m = next(m for m in ev["mentions"] if m["doc_id"] == "en-call")
    assert ARTICLE_EN[m["start"]:m["end"]] == m["evidence"]
    assert "trade_economy" in ev["topics"] and "energy" in ev["topics"]


def test_export_to_a_file_and_from_a_missing_store(tmp_path):
    db = tmp_path / "s.db"
    runner.invoke(app, ["ingest", str(_corpus(tmp_path)), "--db", str(db)])
    out = tmp_path / "events.jsonl"
    assert runner.invoke(app, ["export", "--db", str(db), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == runner.invoke(app, ["export", "--db", str(db)]).stdout
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no store at" in missing.output and not (tmp_path / "none.db").exists()


def test_rerun_changes_nothing(tmp_path):
    db = tmp_path / "s.db"
    corpus = _corpus(tmp_path)
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    first = runner.invoke(app, ["export", "--db", str(db)]).stdout
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert "2 unchanged" in res.output
    assert runner.invoke(app, ["export", "--db", str(db)]).stdout == first


def test_bad_input_is_reported_and_run_continues(tmp_path):
    db = tmp_path / "s.db"
    corpus = _corpus(tmp_path)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert res.exit_code == 1
    assert "empty.txt" in res.output and "blob.txt" in res.output
    assert "2 input(s) skipped" in res.output
    assert "1 events" in res.output


def test_events_timeline_show_and_kb(tmp_path):
    db = tmp_path / "s.db"
    runner.invoke(app, ["ingest", str(_corpus(tmp_path)), "--db", str(db)])
    res = runner.invoke(app, ["events", "--db", str(db), "--person", "Жапаров", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["kind"] == "call"
    res = runner.invoke(app, ["timeline", "KGZ", "RUS", "--db", str(db)])
    assert "2022-03-15" in res.output and "Sadyr Japarov" in res.output
    event_id = json.loads(runner.invoke(app, ["export", "--db", str(db), "--format", "json"]).stdout)[0]["id"]
    res = runner.invoke(app, ["show", event_id, "--db", str(db)])
    assert "ru-call" in res.output and "Вчера Садыр Жапаров" in res.output
    res = runner.invoke(app, ["kb", "search", "Жапаровым"])
    assert "sadyr-japarov" in res.output and "head_of_state KGZ 2021-01-28" in res.output
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 2


def test_kb_search_prints_each_person_once():
    """The surname and the full-name form both find Putin; the search lists him once."""
    res = runner.invoke(app, ["kb", "search", "Путин"])
    assert res.exit_code == 0 and res.output.count("vladimir-putin") == 1, res.output


def test_kb_list_shows_terms():
    res = runner.invoke(app, ["kb", "list", "people", "--country", "KGZ"])
    assert res.exit_code == 0
    assert "KGZ Sadyr Japarov (sadyr-japarov): " in res.output and "head_of_state 2021-01-28–now" in res.output
    res = runner.invoke(app, ["kb", "list", "orgs", "-c", "KGZ"])
    assert "csto" in res.output and "eaeu" in res.output


def test_events_min_confidence_keeps_only_events_at_least_that_likely(tmp_path):
    db = tmp_path / "s.db"
    runner.invoke(app, ["ingest", str(_corpus(tmp_path)), "--db", str(db)])
    [event] = json.loads(runner.invoke(app, ["events", "--db", str(db), "--format", "json"]).stdout)
    below = runner.invoke(app, ["events", "--db", str(db), "--format", "json",
                                "--min-confidence", str(event["confidence"])])
    above = runner.invoke(app, ["events", "--db", str(db), "--format", "json",
                                "--min-confidence", str(min(1.0, event["confidence"] + 0.001))])
    assert len(json.loads(below.stdout)) == 1 and json.loads(above.stdout) == []
    assert runner.invoke(app, ["events", "--db", str(db), "--min-confidence", "1.5"]).exit_code == 2
