"""Command line: a thin typer + rich shell over ``summitry.api``, one module per command group.

Commands are registered here, in the order ``summitry --help`` lists them; each module holds its
commands as plain functions (``common`` what they share).
"""

from __future__ import annotations

from collections.abc import Callable

import typer

from summitry.cli import calibrate, events, follow, ingest, kb, serve, stats, store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Verified timeline of diplomatic contacts between national leaders, from news articles.")
app.add_typer(kb.app, name="kb")
COMMANDS: tuple[Callable[..., None], ...] = (
    ingest.ingest, events.events, events.timeline, events.show, store.export, store.check, serve.serve, ingest.spark,
    calibrate.calibrate, follow.watch, follow.feeds, stats.pairs, stats.stats)
for command in COMMANDS:
    if command is ingest.spark:  # its own argparse, shared with spark-submit: every argument passes through
        app.command(add_help_option=False,
                    context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(command)
    else:
        app.command()(command)


def main() -> None:
    app()
