"""Parquet: one row per event, with the JSONL export's fields and nesting, and dates typed as dates.

The schema is declared (``shape.EVENT``, not inferred from the rows), so every export has the same column
types whatever its rows hold, an empty one too; docs/schema.md lists it.  An event field the schema does not know stops
the export with a message instead of being dropped silently.  Needs pyarrow (the ``parquet`` or
``spark`` extra), imported only when a Parquet export is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from summitry import shape
from summitry.exports.common import Context, ExportError

ROW_GROUP = 5_000  # events per row group (and per batch held in memory)


def schema() -> Any:
    """The Arrow schema of the export (a pyarrow.Schema), derived from ``shape.EVENT``."""
    pa = _pyarrow()
    return pa.schema([(f.name, _arrow_type(f, pa)) for f in shape.EVENT.fields])


def _arrow_type(f: shape.Field, pa: Any) -> Any:
    """A shape field's Arrow type: ISO days as dates, records as structs, lists as lists."""
    if f.record is not None:
        struct = pa.struct([(g.name, _arrow_type(g, pa)) for g in f.record.fields])
        return pa.list_(struct) if f.many else struct
    scalars = {shape.TEXT: pa.string(), shape.DAY: pa.date32(), shape.INTEGER: pa.int64(),
               shape.NUMBER: pa.float64(), shape.TEXTS: pa.list_(pa.string())}
    return scalars[f.type]


def write(events: Iterable[dict[str, Any]], out: IO[bytes], ctx: Context) -> int:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    shape = schema()
    n = 0
    with pq.ParquetWriter(out, shape, compression="zstd") as writer:
        for batch in _batches(events, ROW_GROUP):
            rows = [_convert(d, pa.struct(list(shape)), "event") for d in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=shape))
            n += len(rows)
    return n


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _convert(value: Any, kind: Any, path: str) -> Any:
    """``value`` as Arrow takes it for type ``kind``: ISO dates as dates, structs checked key for key."""
    pa = _pyarrow()
    if value is None:
        return None
    if pa.types.is_struct(kind):
        names = [f.name for f in kind]
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ExportError(f"{path} has field(s) {', '.join(unknown)} that the Parquet schema lacks; "
                              "this summitry's exports/parquet.py (and docs/schema.md) need them added")
        return {f.name: _convert(value.get(f.name), f.type, f"{path}.{f.name}") for f in kind}
    if pa.types.is_list(kind):
        return [_convert(v, kind.value_type, f"{path}[]") for v in value]
    if pa.types.is_date32(kind):
        return dt.date.fromisoformat(value)
    return value


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:
        raise ExportError("Parquet export needs pyarrow: pip install 'summitry[parquet]'") from e
    return pyarrow
