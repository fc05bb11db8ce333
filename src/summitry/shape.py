"""The one declared shape of an exported event, from which every other shape of it is derived.

An event used to have five hand-kept shapes: the model's dataclasses, the store's JSON, the JSONL
export line, the web API's schemas and the Spark rows.  Now:

- the dataclasses of ``model`` are the source of every field; the store keeps a contact as their
  fields (``Contact.to_dict``, ``export.contact_from_dict``);
- the records below say which of those fields an event's export line carries, in which order, of
  which type, read how (``EVENT``, ``PARTICIPANT``, ``LOCATION``, ``MENTION``) and which model
  fields it leaves out on purpose (``Record.internal``);
- the export line (``export.event_dict``), the store's event JSON (that line without mentions), the
  web API's models (``web.schemas``), the Parquet schema (``exports.parquet``) and the Spark job's
  event columns (``spark.job``) are built from these records, and ``tests/test_shape.py`` fails
  when a model field is neither exported nor declared internal, or when a derived shape drifts.

A field's reader takes the model object or its stored JSON dict (the same names): an export of
the store reads a mention without rebuilding it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from summitry.model import KINDS, ROLES, SALIENCES, STATUSES, TOPICS, Contact, Event, Location, Participant

# The field types an export knows; each derived shape maps them (pydantic, Arrow, Spark SQL).
TEXT, DAY, INTEGER, NUMBER, TEXTS = "text", "day", "integer", "number", "texts"
Reader = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    """One field of an export record."""

    name: str
    type: str  # TEXT, DAY, INTEGER, NUMBER, TEXTS, or "record" (then ``record`` says which)
    read: Reader  # the value from the model object or its stored JSON dict
    doc: str = ""  # what it means, for the API's schema
    nullable: bool = True
    choices: tuple[str, ...] | None = None  # the values it takes, when a fixed set
    record: Record | None = None
    many: bool = False  # a list of ``record``


@dataclass(frozen=True)
class Record:
    """An export record: its fields in output order, and the model fields it leaves out, each on purpose."""

    name: str
    model: type
    fields: tuple[Field, ...]
    internal: Mapping[str, str]  # model field → why the export leaves it out

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name)


def attr(name: str, default: Any = None) -> Reader:
    """A reader of the model field ``name`` (``default`` when a stored dict lacks it)."""
    return lambda obj: _get(obj, name, default)


def _day(obj: Any) -> Any:
    return _get(_get(obj, "date") or {}, "date")


def _bound(end: str) -> Reader:
    """``date_start``/``date_end``: the exact day when known, else the range's bound."""
    def read(obj: Any) -> Any:
        date = _get(obj, "date") or {}
        return _get(date, "date") or _get(date, end)
    return read


def _date_source(obj: Any) -> Any:
    return _get(_get(obj, "date") or {}, "source")


def _date_fields(prefix_doc: str) -> tuple[Field, ...]:
    return (
        Field("date", DAY, _day, f"exact day {prefix_doc}when known; never invented"),
        Field("date_start", DAY, _bound("start"), "first possible day (the day itself when exact)"),
        Field("date_end", DAY, _bound("end"), "last possible day (the day itself when exact)"),
        Field("date_source", TEXT, _date_source, "how the date was derived (DateInfo.source)"),
    )


PARTICIPANT = Record("participant", Participant, (
    Field("country", TEXT, attr("country"), "ISO 3166-1 alpha-3 code", nullable=False),
    Field("person", TEXT, attr("person"), "canonical name from the knowledge base; null when unknown"),
    Field("person_id", TEXT, attr("person_id")),
    Field("role", TEXT, attr("role"), nullable=False, choices=ROLES),
    Field("mentioned_as", TEXT, attr("mentioned_as"), "the words the text used"),
    Field("derivation", TEXT, attr("derivation"), "how the person was found: 'name', an office title resolved on "
          "a date, …", nullable=False),
), {"how": "a code decisions read; derivation says it in words", "resolved": "codes; derivation says them"})

LOCATION = Record("location", Location, (
    Field("city", TEXT, attr("city")),
    Field("country", TEXT, attr("country")),
    Field("derivation", TEXT, attr("derivation")),
), {})

MENTION = Record("mention", Contact, (
    Field("doc_id", TEXT, attr("doc_id"), nullable=False),
    Field("url", TEXT, attr("url")),
    Field("published", DAY, attr("published")),
    Field("salience", TEXT, attr("salience"), nullable=False, choices=SALIENCES),
    Field("kind", TEXT, attr("kind"), nullable=False, choices=KINDS),
    Field("status", TEXT, attr("status"), nullable=False, choices=STATUSES),
    Field("evidence", TEXT, attr("evidence"), nullable=False),
    Field("start", INTEGER, attr("start"), "offset of the evidence in the stored document text (text[start:end])",
          nullable=False),
    Field("end", INTEGER, attr("end"), nullable=False),
    *_date_fields("the mention gives, "),
    Field("confidence", NUMBER, attr("confidence", 0.5), nullable=False),
), {"participants": "the event's, merged", "location": "the event's, merged", "topics": "the event's, merged",
    "sentences": "the store's bookkeeping", "multilateral": "decides the merge, shown by the participants",
    "status_source": "decides the merge, not an output"})

EVENT = Record("event", Event, (
    Field("id", TEXT, attr("id"), nullable=False),
    Field("kind", TEXT, attr("kind"), nullable=False, choices=KINDS),
    Field("status", TEXT, attr("status"), nullable=False, choices=STATUSES),
    *_date_fields(""),
    Field("participants", "record", attr("participants"), nullable=False, record=PARTICIPANT, many=True),
    Field("location", "record", attr("location"), nullable=False, record=LOCATION),
    Field("topics", TEXTS, attr("topics"), nullable=False, choices=TOPICS),
    Field("confidence", NUMBER, attr("confidence"), nullable=False),
    Field("cameo", TEXT, attr("cameo"), nullable=False),
    Field("mentions", "record", attr("mentions"), nullable=False, record=MENTION, many=True),
), {})

# Model fields an export record reads through others (``date`` → date, date_start, date_end, date_source).
FLATTENED = {"date": ("date", "date_start", "date_end", "date_source")}


def export(record: Record, obj: Any, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The export dict of a model object (or of its stored JSON dict) as ``record`` declares it,
    without the fields ``leave_out`` names."""
    out: dict[str, Any] = {}
    for f in record.fields:
        if f.name in leave_out:
            continue
        value = f.read(obj)
        if f.record is not None:
            value = [export(f.record, v) for v in value] if f.many else export(f.record, value)
        elif f.type == TEXTS:
            value = list(value)
        out[f.name] = value
    return out


def model_fields(record: Record) -> tuple[str, ...]:
    """The fields of the dataclass ``record`` is read from."""
    return tuple(f.name for f in dataclasses.fields(record.model))


def unaccounted(record: Record) -> tuple[set[str], set[str]]:
    """(model fields the record neither exports nor declares internal, exported fields no model field gives):
    both empty while the model and the export line agree.  ``tests/test_shape.py`` checks every record."""
    have = set(model_fields(record))
    exported = set(record.names)
    covered = exported | set(record.internal) | {m for m, parts in FLATTENED.items() if set(parts) <= exported}
    given = have | {p for m, parts in FLATTENED.items() if m in have for p in parts}
    return have - covered, exported - given


RECORDS = (EVENT, MENTION, PARTICIPANT, LOCATION)
