"""docs/schema.md against real output: every field each format writes is listed with its type, and every
listed field is written. A field added to a writer and not to the document (or the reverse) fails here."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from export_corpus import build
from summitry import api, exports
from summitry.exports import cameo

DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def documented() -> dict[str, dict[str, str]]:
    """Section name → {field path: type} from the tables of docs/schema.md."""
    sections: dict[str, dict[str, str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), {})
        elif current is not None and (m := re.match(r"\| `([^`]+)` \| ([^|]*) \|", line)):
            assert m.group(1) not in current, f"{m.group(1)} listed twice in docs/schema.md"
            current[m.group(1)] = m.group(2).strip()
    return sections


DOCUMENTED = documented()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("schema"))


def _export(db: Path, fmt: str, per: str = "event") -> str:
    buf = io.StringIO()
    api.export(fmt, buf, db, per=per)
    return buf.getvalue()


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, list):
        inner = {_json_type(v) for v in value}
        return f"list of {inner.pop()}" if len(inner) == 1 else "list"
    return {int: "integer", float: "number", str: "string", dict: "object"}[type(value)]


def _paths(obj: dict, prefix: str, seen: dict[str, list]) -> None:
    """Every field path of a JSON object with the values found there (``a.b``, ``a[].b``)."""
    for key, value in obj.items():
        path = prefix + key
        seen.setdefault(path, []).append(value)
        if isinstance(value, dict):
            _paths(value, path + ".", seen)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _paths(item, path + "[].", seen)


def _fits(value, doc_type: str) -> bool:
    allowed = {t.strip() for t in doc_type.split(" or ")}
    found = _json_type(value)
    if found == "string" and "date" in allowed and ISO_DAY.fullmatch(value):
        return True
    if found == "integer" and "number" in allowed:
        return True
    if found == "list" and not value:  # an empty list fits any list type
        return any(t.startswith("list") for t in allowed)
    return found in allowed


def _check_json(records: list[dict], section: str) -> None:
    seen: dict[str, list] = {}
    for rec in records:
        _paths(rec, "", seen)
    doc = DOCUMENTED[section]
    assert sorted(set(seen) - set(doc)) == [], f"written but not in docs/schema.md '{section}'"
    assert sorted(set(doc) - set(seen)) == [], f"in docs/schema.md '{section}' but never written"
    for path, values in seen.items():
        wrong = [v for v in values if not _fits(v, doc[path])]
        assert not wrong, f"{section} {path}: documented as {doc[path]!r}, written {wrong[:2]!r}"


def test_every_format_has_a_section():
    assert set(DOCUMENTED) >= set(exports.FORMATS) - {"json"} | {"csv --per mention"}


def test_jsonl_and_json_match_the_document(db):
    lines = [json.loads(line) for line in _export(db, "jsonl").splitlines()]
    _check_json(lines, "jsonl")
    _check_json(json.loads(_export(db, "json")), "jsonl")


def test_plover_matches_the_document(db):
    _check_json([json.loads(line) for line in _export(db, "plover").splitlines()], "plover")


@pytest.mark.parametrize(("section", "per"), [("csv", "event"), ("csv --per mention", "mention")])
def test_csv_matches_the_document(db, section, per):
    reader = csv.DictReader(io.StringIO(_export(db, "csv", per)))
    rows = list(reader)
    doc = DOCUMENTED[section]
    assert reader.fieldnames == list(doc), "CSV columns and docs/schema.md differ (names or order)"
    parse = {"integer": int, "number": float, "date": lambda v: ISO_DAY.fullmatch(v) or int("x"), "text": str}
    for column, doc_type in doc.items():
        base, *rest = doc_type.split(" or ")
        for row in rows:
            value = row[column]
            if value == "":
                assert rest == ["empty"] or base == "text", f"{section} {column} is empty but documented {doc_type}"
            else:
                parse[base](value)  # raises when the value is not of the documented type


def test_cameo_matches_the_document(db):
    pandas = pytest.importorskip("pandas")
    doc = DOCUMENTED["cameo"]
    assert doc == cameo.DTYPES and list(doc) == cameo.COLUMNS
    frame = pandas.read_csv(io.StringIO(_export(db, "cameo")), sep="\t", dtype=doc, keep_default_na=False)
    assert {c: "str" if str(t) == "object" else str(t) for c, t in frame.dtypes.items()} == doc


def _arrow_paths(fields, prefix: str, out: dict[str, str]) -> None:
    import pyarrow as pa

    for f in fields:
        path = prefix + f.name
        t = f.type
        if pa.types.is_struct(t):
            out[path] = "struct"
            _arrow_paths(t, path + ".", out)
        elif pa.types.is_list(t) and pa.types.is_struct(t.value_type):
            out[path] = "list<struct>"
            _arrow_paths(t.value_type, path + "[].", out)
        elif pa.types.is_list(t):
            out[path] = f"list<{t.value_type}>"
        else:
            out[path] = str(t)


def test_parquet_matches_the_document(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    api.export("parquet", out, db)
    found: dict[str, str] = {}
    _arrow_paths(pq.read_schema(out), "", found)
    assert found == DOCUMENTED["parquet"]
