"""``summitry ingest`` and ``summitry spark``: articles into the store, on this machine or on a cluster."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from summitry import api
from summitry.cli.common import DbOpt, KbExtra, db_path, err, failing, interruptible, knowledge, say
from summitry.exits import SKIPPED, SkipCounter
from summitry.model import ReadError
from summitry.parallel import batch_gc
from summitry.store import display


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    db: DbOpt = None,
    kb_extra: KbExtra = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip files (or JSONL records) larger than this.")
                         ] = 5_000_000,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0,
                                         help="Processes running the pipeline (0: every core).")] = 0,
    max_entities: Annotated[int, typer.Option("--max-entities", min=1,
                                              help="Skip documents with more entity mentions than this.")] = 2_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Read articles, extract contacts and merge them into the store (idempotent, resumable)."""
    kb = knowledge(kb_extra)

    skips = SkipCounter()

    def report_error(e: ReadError) -> None:
        if skips.show(e.reason):
            err.print(f"[yellow]skipped[/yellow] {say(e)}", highlight=False)  # names and ids may hold "[/]" or "\n"

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet or not err.is_terminal, transient=True)
    seen = [0]

    def advance(_doc_id: str) -> None:
        seen[0] += 1
        progress.advance(task)

    with interruptible(lambda: seen[0]), failing(db), progress, batch_gc():
        task = progress.add_task("ingesting", total=None)
        report = api.ingest(paths, db_path(db), kb=kb, workers=workers, max_bytes=max_bytes, max_entities=max_entities,
                            on_error=report_error,
                            on_wait=lambda why: err.print(f"[yellow]waiting:[/yellow] {say(why)}"),
                            on_document=advance)
    s = report.stored
    if not quiet:
        err.print(f"{report.read} documents read: {s.added} new, {s.updated} updated, {s.unchanged} unchanged; "
                  f"{s.mentions} contact mentions; {report.events} events in {say(display(db_path(db)))}",
                  highlight=False)
    if report.errors:
        for n, kind in skips.hidden():
            err.print(f"[yellow]skipped[/yellow] {n} more not shown: {say(kind)}", highlight=False)
        err.print(f"[yellow]{report.skipped} input(s) skipped[/yellow] (see messages above)")
        raise typer.Exit(SKIPPED)


def spark(ctx: typer.Context) -> None:
    """Ingest on Spark into Parquet + JSONL and/or a new store (needs the 'spark' extra; see docs/spark.md)."""
    from summitry.spark import main as spark_main  # its own argparse, shared with spark-submit

    raise typer.Exit(spark_main(list(ctx.args)))
