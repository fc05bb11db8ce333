"""Export formats: one small writer module each, registered in the one table (``FORMATS``) the CLI and
the API read, so a new format is a module and a line here.

Every writer reads the same thing: the store's events as the JSONL export's dicts (``export.event_dict``
shape, streamed by ``Store.event_dicts``), oldest first.  ``docs/schema.md`` gives every field of every
format, its type, meaning and derivation; ``tests/test_schema_doc.py`` holds the document and the
writers' real output together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import IO, Any

from summitry.exports import cameo, parquet, plover, tables
from summitry.exports.common import Context, ExportError

EventDict = dict[str, Any]
__all__ = ["FORMATS", "Context", "ExportError", "Format", "get"]


Writer = Callable[[Iterable[EventDict], IO[Any], Context], int]


@dataclass(frozen=True)
class Format:
    """One export format: its writer (returns the number of rows or records written)."""

    name: str
    summary: str
    write: Writer
    binary: bool = False  # writes bytes to a file: never to a terminal
    per: tuple[str, ...] = ("event",)  # the row units it offers (--per)


FORMATS: Mapping[str, Format] = MappingProxyType({f.name: f for f in (
    Format("jsonl", "one event per line, the evaluation format", tables.write_jsonl),
    Format("json", "every event in one JSON array", tables.write_json),
    Format("csv", "a row per event, or per mention with --per mention", tables.write_csv, per=("event", "mention")),
    Format("plover", "PLOVER event records (JSONL), as POLECAT codes them", plover.write),
    Format("cameo", "ICEWS/CAMEO dyadic rows, tab-separated: one per directed pair", cameo.write),
    Format("parquet", "Parquet, one row per event with nested participants and mentions", parquet.write,
           binary=True),
)})


def get(name: str, per: str = "event") -> Format:
    """The format called ``name``, checked to offer rows ``per`` unit."""
    spec = FORMATS.get(name)
    if spec is None:
        raise ExportError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
    if per not in spec.per:
        offering = [f.name for f in FORMATS.values() if per in f.per]
        raise ExportError(f"--per {per} is not offered by {name}; only by {', '.join(offering)}")
    return spec
