"""``summitry export`` and ``summitry check``: the whole store written out, or verified."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summitry import api
from summitry.cli.common import DbOpt, db_path, err, failing, out, say
from summitry.exits import STORE, USAGE, Failure
from summitry.exports import FORMATS, ExportError
from summitry.store import display

ExportFmt = StrEnum("ExportFmt", {name: name for name in FORMATS})  # type: ignore[misc]  # the registry's


class Per(StrEnum):
    event = "event"
    mention = "mention"



def export(
    db: DbOpt = None,
    fmt: Annotated[ExportFmt, typer.Option("--format", "-f")] = ExportFmt.jsonl,  # type: ignore[attr-defined]
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    per: Annotated[Per, typer.Option("--per", help="csv: a row per event or per mention.")] = Per.event,
) -> None:
    """Write every event: jsonl (the evaluation format), json, csv, plover (PLOVER JSONL), cameo (ICEWS-style
    TSV, a row per directed pair) or parquet. Every field is described in docs/schema.md.  A file is written
    whole or not at all (a failed export leaves no partial file)."""
    spec = FORMATS[fmt]
    if output is None and spec.binary and sys.stdout.isatty():
        err.print(f"[red]{fmt} is binary[/red]; write it to a file with --output FILE or pipe it")
        raise typer.Exit(USAGE)
    with failing(db):
        try:
            api.export(fmt, output or (sys.stdout.buffer if spec.binary else sys.stdout), db_path(db), per=per)
        except ExportError as e:
            raise Failure(str(e), USAGE) from e


def check(db: DbOpt = None) -> None:
    """Verify the store: the engine's own integrity check and the checksum of every stored row."""
    with failing(db):
        problems = api.check(db_path(db))
    if problems:
        for line in problems:
            err.print(f"[red]damaged:[/red] {say(line)}", highlight=False)
        err.print(f"{say(display(db_path(db)))} is damaged: restore a backup, or ingest the inputs again into a "
                  "new store", highlight=False)
        raise typer.Exit(STORE)
    out.print(f"{display(db_path(db))}: ok", markup=False, highlight=False)
