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

A field reads the model object, or its stored JSON dict (the same names): an export of the store
reads a mention without rebuilding it.  ``compile_export`` turns a record into a plain function.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

from summitry.model import KINDS, ROLES, SALIENCES, STATUSES, TOPICS, Contact, Event, Location, Participant

# The field types an export knows; each derived shape maps them (pydantic, Arrow, Spark SQL).
TEXT, DAY, INTEGER, NUMBER, TEXTS = "text", "day", "integer", "number", "texts"


@dataclass(frozen=True)
class Read:
    """How a field's value is read, as Python expressions over ``x``: the model object, and its stored
    JSON dict (the same names).  Expressions, not functions, so ``compile_export`` can build one plain
    dict display per record: an export runs it once per event and mention."""

    model: str
    stored: str


@dataclass(frozen=True)
class Field:
    """One field of an export record."""

    name: str
    type: str  # TEXT, DAY, INTEGER, NUMBER, TEXTS, or "record" (then ``record`` says which)
    read: Read
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


def attr(name: str, default: Any = None) -> Read:
    """A reader of the model field ``name`` (``default`` when a stored dict lacks it)."""
    return Read(f"x.{name}", f"x.get({name!r}, {default!r})")


_STORED_DATE = "(x.get('date') or {})"


def _date_fields(prefix_doc: str) -> tuple[Field, ...]:
    """date, date_start, date_end (the day itself when exact, else the range's bounds) and date_source."""
    d = _STORED_DATE
    return (
        Field("date", DAY, Read("x.date.date", f"{d}.get('date')"),
              f"exact day {prefix_doc}when known; never invented"),
        Field("date_start", DAY, Read("x.date.date or x.date.start", f"{d}.get('date') or {d}.get('start')"),
              "first possible day (the day itself when exact)"),
        Field("date_end", DAY, Read("x.date.date or x.date.end", f"{d}.get('date') or {d}.get('end')"),
              "last possible day (the day itself when exact)"),
        Field("date_source", TEXT, Read("x.date.source", f"{d}.get('source')"),
              "how the date was derived (DateInfo.source)"),
    )


PARTICIPANT = Record("participant", Participant, (
    Field("country", TEXT, attr("country"), "ISO 3166-1 alpha-3 code", nullable=False),
    Field("person", TEXT, attr("person"), "canonical name from the knowledge base; null when unknown"),
    Field("person_id", TEXT, attr("person_id")),
    Field("role", TEXT, attr("role"), nullable=False, choices=ROLES),
    Field("mentioned_as", TEXT, attr("mentioned_as"), "the words the text used"),
    Field("derivation", TEXT, attr("derivation"), "how the person was found: 'name', an office title resolved on "
          "a date, …", nullable=False),
), MappingProxyType({"how": "a code decisions read; derivation says it in words",
                     "resolved": "codes; derivation says them"}))

LOCATION = Record("location", Location, (
    Field("city", TEXT, attr("city")),
    Field("country", TEXT, attr("country")),
    Field("derivation", TEXT, attr("derivation")),
), MappingProxyType({}))

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
), MappingProxyType({
    "participants": "the event's, merged", "location": "the event's, merged", "topics": "the event's, merged",
    "sentences": "the store's bookkeeping", "multilateral": "decides the merge, shown by the participants",
    "status_source": "decides the merge, not an output",
    "trigger": "which of the evidence sentence's dates is the contact's, not an output"}))

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
), MappingProxyType({}))

# Model fields an export record reads through others (``date`` → date, date_start, date_end, date_source).
FLATTENED: Mapping[str, tuple[str, ...]] = MappingProxyType({"date": ("date", "date_start", "date_end", "date_source")})


def compile_export(record: Record, *, stored: bool = False, leave_out: tuple[str, ...] = ()
                   ) -> Callable[[Any], dict[str, Any]]:
    """A function giving the export dict of a model object (or, ``stored``, of its stored JSON dict) as
    ``record`` declares it, less the fields ``leave_out`` names: one dict display, generated from the
    record as dataclasses generates ``__init__``, so the declared shape costs nothing per event."""
    env: dict[str, Any] = {}
    items = []
    for f in record.fields:
        if f.name in leave_out:
            continue
        expr = f.read.stored if stored else f.read.model
        if f.record is not None:
            env[f"_{f.name}"] = compile_export(f.record, stored=stored)
            expr = f"[_{f.name}(v) for v in {expr}]" if f.many else f"_{f.name}({expr})"
        elif f.type == TEXTS:
            expr = f"list({expr})"
        items.append(f"{f.name!r}: {expr}")
    exec(f"def export(x):\n    return {{{', '.join(items)}}}\n", env)  # our own declared expressions only
    return cast("Callable[[Any], dict[str, Any]]", env["export"])


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
