"""The exports the field reads: PLOVER against the specification's field list, CAMEO TSV in pandas, Parquet
read back equal to JSONL, CSV per mention; and the registry the CLI reads."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from export_corpus import build
from summitry import api, exports
from summitry.cli import app
from summitry.exports import cameo, parquet

SPEC = yaml.safe_load((Path(__file__).parent / "spec" / "plover_fields.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def events(db) -> list[dict]:
    return [json.loads(line) for line in api.export_jsonl(db)]


def _text(db: Path, fmt: str, per: str = "event") -> str:
    buf = io.StringIO()
    api.export(fmt, buf, db, per=per)
    return buf.getvalue()


def _event(events: list[dict], countries: list[str], status: str = "occurred") -> dict:
    return next(e for e in events if sorted(p["country"] for p in e["participants"]) == countries
                and e["status"] == status)


def test_the_registry_is_what_the_cli_offers():
    help_text = runner.invoke(app, ["export", "--help"]).output
    for name in exports.FORMATS:
        assert name in help_text
    with pytest.raises(exports.ExportError, match="unknown export format 'gdelt'; choose one of jsonl"):
        exports.get("gdelt")
    with pytest.raises(exports.ExportError, match="--per mention is not offered by cameo; only by csv"):
        exports.get("cameo", per="mention")


def test_jsonl_through_the_registry_is_the_streamed_export(db):
    assert _text(db, "jsonl") == "".join(line + "\n" for line in api.export_jsonl(db))
    assert json.loads(_text(db, "json")) == [json.loads(line) for line in api.export_jsonl(db)]


# --- PLOVER -------------------------------------------------------------------------------------------

def _check_plover(rec: dict) -> None:
    """One record against the field list written from the PLOVER manual (tests/spec/plover_fields.yaml)."""
    fields = SPEC["record"]
    assert set(rec) - {"summitry"} <= set(fields), f"not PLOVER fields: {set(rec) - set(fields) - {'summitry'}}"
    assert {f for f, required in fields.items() if required} <= set(rec)
    assert rec["date"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", rec["date"])
    (event,) = rec["event"]
    assert event in SPEC["event_types"] and rec["quad_code"] == SPEC["event_types"][event]
    assert set(rec["mode"]) <= set(SPEC["modes"][event]) and len(rec["mode"]) <= 1
    assert rec["event_scale"] == SPEC["scores"][event][rec["mode"][0] if rec["mode"] else ""]
    assert set(rec["context"]) <= set(SPEC["contexts"])
    for ent in rec["actor"] + rec["recipient"]:
        assert set(ent) <= set(SPEC["entity"]) and ent["sector"] in SPEC["sectors"]
        assert re.fullmatch(r"[A-Z]{3}", ent["code"])
    assert rec["actor"], "actor is required"
    assert bool(rec["recipient"]) == (rec["mode"] == ["visit"]), "only a visit names a recipient (the host)"
    if rec["event_loc"] is not None:
        assert set(rec["event_loc"]) <= set(SPEC["location"])
        assert rec["event_loc"]["resolution"] in SPEC["resolutions"]
    assert set(rec["cite_info"]) <= set(SPEC["cite_info"])
    assert all(isinstance(t, str) for t in rec["event_text"])


def test_plover_records_follow_the_specification(db, events):
    records = [json.loads(line) for line in _text(db, "plover").splitlines()]
    assert [r["id"] for r in records] == [e["id"] for e in events]
    for rec in records:
        _check_plover(rec)
    by_id = {r["id"]: r for r in records}
    modes = {by_id[e["id"]]["mode"][0] if by_id[e["id"]]["mode"] else None for e in events}
    assert {"phone", "visit", "third-party", "multilateral"} <= modes  # the corpus has each one


def test_plover_visit_future_and_multilateral(db, events):
    by_id = {r["id"]: r for r in map(json.loads, _text(db, "plover").splitlines())}
    source = _event(events, ["KGZ", "RUS"])
    visit = by_id[source["id"]]
    assert visit["mode"] == ["visit"] and visit["event_scale"] == 4
    assert [a["code"] for a in visit["actor"]] == ["KGZ"] and [r["code"] for r in visit["recipient"]] == ["RUS"]
    host = next(p for p in source["participants"] if p["country"] == "RUS")  # entity_text: the words of the text
    assert visit["recipient"][0] == {"code": "RUS", "sector": "GOV", "entity_text": host["mentioned_as"],
                                     "identifier_id": "vladimir-putin", "identifier_text": "Vladimir Putin",
                                     "office": "head of state"}
    assert "Putin" in host["mentioned_as"]
    assert visit["event_loc"]["city"] == "Moscow" and visit["event_loc"]["country"] == "Russia"
    assert {"migration", "economic", "diplomatic"} <= set(visit["context"])
    source = _event(events, ["KAZ", "UZB"], "planned")
    planned = by_id[source["id"]]
    assert planned["event"] == ["AGREE"] and planned["mode"] == [] and planned["recipient"] == []
    assert source["date"] is None and source["date_start"]  # "next month": a range, so no PLOVER date
    assert planned["date"] is None and planned["summitry"]["date_start"] == source["date_start"]
    trio = by_id[_event(events, ["KAZ", "KGZ", "UZB"])["id"]]
    assert trio["mode"] == ["multilateral"] and len(trio["actor"]) == 3


# --- CAMEO --------------------------------------------------------------------------------------------

def _cameo_frame(db: Path):
    pandas = pytest.importorskip("pandas")
    return pandas.read_csv(io.StringIO(_text(db, "cameo")), sep="\t", dtype=cameo.DTYPES, keep_default_na=False)


def test_cameo_tsv_loads_in_pandas_with_the_documented_dtypes(db, events):
    frame = _cameo_frame(db)
    assert list(frame.columns) == cameo.COLUMNS
    found = {c: "str" if str(t) == "object" else str(t) for c, t in frame.dtypes.items()}  # pandas 2: object
    assert found == cameo.DTYPES
    pairs = sum(len(e["participants"]) * (len(e["participants"]) - 1) for e in events)
    assert len(frame) == pairs
    assert set(frame["CAMEO Code"]) <= set(cameo.CODES) and "041" in set(frame["CAMEO Code"])
    for _, row in frame.iterrows():
        assert row["Intensity"] == cameo.CODES[row["CAMEO Code"]][1]
        assert row["Event Text"] == cameo.CODES[row["CAMEO Code"]][0]
        assert row["Number of Sources"] == len(row["Story ID"].split(";"))


def test_cameo_codes_are_seen_from_the_source(db, events):
    frame = _cameo_frame(db)

    def codes(event: dict) -> dict[tuple[str, str], str]:
        rows = frame[frame["Event ID"] == event["id"]]
        return {(r["Source Country Code"], r["Target Country Code"]): r["CAMEO Code"] for _, r in rows.iterrows()}

    assert codes(_event(events, ["KGZ", "RUS"])) == {("KGZ", "RUS"): "042", ("RUS", "KGZ"): "043"}
    assert set(codes(_event(events, ["ARM", "AZE"])).values()) == {"044"}  # met in Brussels
    assert set(codes(_event(events, ["KAZ", "UZB"], "planned")).values()) == {"036"}
    trio = codes(_event(events, ["KAZ", "KGZ", "UZB"]))  # in Astana: Kazakhstan hosts, the others meet there
    assert trio[("KAZ", "KGZ")] == "043" and trio[("KGZ", "KAZ")] == "042" and trio[("KGZ", "UZB")] == "044"
    row = frame[frame["Event ID"] == _event(events, ["KGZ", "RUS"])["id"]].iloc[0]
    assert (row["Source Name"], row["Source Country"], row["City"], row["Country"]) == (
        "Sadyr Japarov", "Kyrgyzstan", "Moscow", "Russia")


def test_cameo_cells_stay_on_one_line(events):
    event = dict(events[0], participants=[dict(p, person="A\tB\nC") for p in events[0]["participants"]])
    buf = io.StringIO()
    cameo.write([event], buf, exports.Context())
    assert all(line.count("\t") == len(cameo.COLUMNS) - 1 for line in buf.getvalue().splitlines())
    assert "A B C" in buf.getvalue()


# --- Parquet and CSV per mention ----------------------------------------------------------------------

def _iso(value):
    """Parquet's dates back to the JSONL's ISO strings, through nested lists and structs."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def test_parquet_read_back_equals_jsonl(db, events, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    assert api.export("parquet", out, db) == len(events)
    table = pq.read_table(out)
    assert table.schema.equals(parquet.schema())
    assert [_iso(row) for row in table.to_pylist()] == events
    assert str(table.schema.field("date").type) == "date32[day]"


def test_parquet_refuses_a_field_it_does_not_know_and_leaves_no_file(db, events, tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    from summitry.store import Store

    real = Store.event_dicts
    monkeypatch.setattr(Store, "event_dicts", lambda self, flt=None: (dict(d, novelty=1) for d in real(self, flt)))
    out = tmp_path / "events.parquet"
    with pytest.raises(exports.ExportError, match="event has field.s. novelty that the Parquet schema lacks"):
        api.export("parquet", out, db)
    assert list(tmp_path.iterdir()) == []  # neither the file nor its partial copy


def test_csv_per_mention(db, events):
    import csv

    rows = list(csv.DictReader(io.StringIO(_text(db, "csv", per="mention"))))
    mentions = [(e, m) for e in events for m in e["mentions"]]
    assert len(rows) == len(mentions) > len(events)
    for row, (e, m) in zip(rows, mentions, strict=True):
        assert (row["event_id"], row["doc_id"], row["evidence"], int(row["start"])) == (
            e["id"], m["doc_id"], m["evidence"], m["start"])
        assert row["countries"].split(";") == [p["country"] for p in e["participants"]]
    per_event = list(csv.DictReader(io.StringIO(_text(db, "csv"))))
    assert [r["id"] for r in per_event] == [e["id"] for e in events]


def test_cli_export_formats_and_wrong_options(db, tmp_path):
    out = tmp_path / "rows.tsv"
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "cameo", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == _text(db, "cameo")
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "plover", "--per", "mention"])
    assert res.exit_code == 2 and "--per mention is not offered by plover" in res.output
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "none.db"), "--format", "parquet", "-o", str(out)])
    assert res.exit_code == 2 and "no store at" in res.output
