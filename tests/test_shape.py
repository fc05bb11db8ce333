"""One event shape: the model's dataclasses and ``shape``'s records agree, and every shape derived from them
(the store's JSON, the export line, the web API's models, the Parquet schema, the Spark columns) has exactly
their fields.  A field added to the model and not to an export, or the other way round, fails here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from export_corpus import build
from summitry import jsonio, shape
from summitry.export import (
    contact_from_dict,
    event_dict,
    event_from_dict,
    stored_event_dict,
    stored_event_json,
)
from summitry.model import Event, Participant
from summitry.store import Store
from summitry.web import schemas


@pytest.fixture(scope="module")
def events(tmp_path_factory) -> list[Event]:
    with Store(build(tmp_path_factory.mktemp("shape"))) as store:
        found = list(store.events())
    assert len(found) > 5
    return found


@pytest.mark.parametrize("record", shape.RECORDS, ids=lambda r: r.name)
def test_every_model_field_is_exported_or_declared_internal(record):
    assert shape.unaccounted(record) == (set(), set())


def test_a_field_the_export_does_not_know_fails():
    @dataclass
    class Grown(Participant):
        title_lang: str = ""

    grown = dataclasses.replace(shape.PARTICIPANT, model=Grown)
    assert shape.unaccounted(grown) == ({"title_lang"}, set())
    extra = shape.Field("honorific", shape.TEXT, shape.attr("honorific"))
    ahead = dataclasses.replace(shape.PARTICIPANT, fields=(*shape.PARTICIPANT.fields, extra))
    assert shape.unaccounted(ahead) == (set(), {"honorific"})


def _keys(obj: object) -> set[str]:
    return {f.name for f in dataclasses.fields(obj)}  # type: ignore[arg-type]


def test_the_store_keeps_a_contact_as_the_model_s_fields(events):
    for m in (m for e in events for m in e.mentions):
        d = m.to_dict()
        assert set(d) == _keys(m)
        assert set(d["date"]) == _keys(m.date) and set(d["location"]) == _keys(m.location)
        assert all(set(p) == _keys(Participant("X")) for p in d["participants"])
        assert contact_from_dict(jsonio.loads(jsonio.dumps(d))) == m


def _names(d: dict, record: shape.Record) -> None:
    assert tuple(d) == record.names
    for f in record.fields:
        if f.record is not None:
            for item in d[f.name] if f.many else [d[f.name]]:
                _names(item, f.record)


def test_the_export_line_and_the_store_s_event_json_are_the_shape(events):
    for e in events:
        line = event_dict(e)
        _names(line, shape.EVENT)
        slim = stored_event_json(e)
        assert slim == {k: v for k, v in line.items() if k != "mentions"}
        stored = stored_event_dict(jsonio.dumps(slim), [jsonio.dumps(m.to_dict()) for m in e.mentions])
        assert jsonio.dumps(stored) == jsonio.dumps(line)  # from the store, byte for byte the same line
        again = event_from_dict(jsonio.loads(jsonio.dumps(slim)), e.mentions)
        assert event_dict(again) == line


def test_the_web_api_models_are_the_shape(events):
    assert tuple(schemas.Participant.model_fields) == shape.PARTICIPANT.names
    assert tuple(schemas.Location.model_fields) == shape.LOCATION.names
    assert tuple(schemas.Mention.model_fields) == shape.MENTION.names
    base = [n for n in shape.EVENT.names if n != "mentions"]
    assert [n for n in schemas.EventBase.model_fields if n != "when"] == base
    assert tuple(schemas.Event.model_fields) == (*schemas.EventBase.model_fields, "mentions")
    for e in events:  # every value the export writes is one the API's types take, unchanged
        line = {**event_dict(e), "when": "date unknown"}
        assert schemas.Event.model_validate(line).model_dump() == line


def test_the_parquet_schema_is_the_shape():
    pa = pytest.importorskip("pyarrow")
    from summitry.exports import parquet

    def names(t) -> object:
        if pa.types.is_list(t):
            return names(t.value_type)
        if pa.types.is_struct(t):
            return [(f.name, names(f.type)) for f in t]
        return None

    def expected(record: shape.Record) -> list:
        return [(f.name, expected(f.record) if f.record else None) for f in record.fields]

    assert names(pa.struct(list(parquet.schema()))) == expected(shape.EVENT)


def test_the_spark_columns_are_the_store_s_and_the_shape_s():
    from summitry.spark import job
    from summitry.spark.tasks import MentionRow
    from summitry.store.rows import COLUMNS

    columns = dict(c.split(" ", 1) for c in job.EVENT_SCHEMA.split(", "))
    assert set(columns) <= set(COLUMNS["events"]) | set(shape.EVENT.names) | {"mention_keys"}
    for name, kind in columns.items():
        if name in shape.EVENT.names:
            assert kind == {"text": "string", "day": "string", "number": "double", "texts": "array<string>"}[
                shape.EVENT.field(name).type]
    assert [c.split()[0] for c in job.DOCUMENT_SCHEMA.split(", ")] == [c for c in COLUMNS["documents"] if c != "crc"]
    assert [c.split()[0] for c in job.MENTION_SCHEMA.split(", ")] == list(MentionRow._fields)


def test_the_schema_document_lists_the_shape():
    """docs/schema.md's jsonl section (checked against real output by test_schema_doc) has the shape's paths."""
    from test_schema_doc import DOCUMENTED

    def paths(record: shape.Record, prefix: str = "") -> list[str]:
        out = []
        for f in record.fields:
            out.append(prefix + f.name)
            if f.record is not None:
                out += paths(f.record, prefix + f.name + ("[]." if f.many else "."))
        return out

    assert sorted(paths(shape.EVENT)) == sorted(DOCUMENTED["jsonl"])

