"""What every command shares: the consoles, the --db and --kb-extra options, loading the knowledge
base, and turning failures and interrupts into one line and an exit status."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from summitry import api
from summitry.exits import INTERRUPTED, USAGE, Failure, store_failures
from summitry.printable import printable
from summitry.store import display, is_url

if TYPE_CHECKING:
    from summitry.knowledge import KnowledgeBase  # imported when loaded: 'summitry --help' stays fast

# Long evidence lines stay whole (and greppable) when piped; tables get room when not on a terminal.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)  # one line per message, greppable in logs

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql://user@host/dbname URL "
                                           "(default: user data dir or $SUMMITRY_DB).")]
KbExtra = Annotated[list[Path] | None, typer.Option("--kb-extra", help="Folder of extra knowledge YAML files.")]

EXTENSION_LINES = 10  # entries a user's knowledge folder added or replaced, listed before a count


def knowledge(extra: list[Path] | None) -> KnowledgeBase:
    """The knowledge base with the user's extension folders; exit 2, saying why, when it cannot load."""
    from summitry.knowledge import load_kb

    try:
        kb = load_kb(list(extra or []))
    except (FileNotFoundError, ValueError) as e:
        err.print(f"[red]knowledge base:[/red] {e}")
        raise typer.Exit(2) from e
    changes = kb.data.get("extensions") or []
    for line in changes[:EXTENSION_LINES]:
        err.print(f"knowledge extension: {escape(line)}")
    if len(changes) > EXTENSION_LINES:
        err.print(f"knowledge extension: … and {len(changes) - EXTENSION_LINES} more entries")
    return kb


def db_path(db: str | None) -> str | Path:
    """A PostgreSQL URL stays a string (a Path would fold its '//'); anything else is a file."""
    return (db if is_url(db) else Path(db)) if db else api.default_db()


def say(text: object) -> str:
    """Text from inputs and the store (names, ids, evidence), safe for the console: control
    characters escaped (``printable``), rich markup inert."""
    return escape(printable(text))


@contextmanager
def interruptible(done: Callable[[], int]) -> Iterator[None]:
    """SIGTERM handled as Ctrl-C; either ends the command with one line and status 130.  Every batch
    is its own transaction, so what was committed stays and the next run resumes from it."""
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if _main_thread() else None
    try:
        yield
    except KeyboardInterrupt:
        err.print(f"[yellow]interrupted[/yellow] after {done()} documents; what was stored is kept: run the same "
                  "command again to resume", highlight=False)
        raise typer.Exit(INTERRUPTED) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def failing(db: str | None) -> Iterator[None]:
    """Failures of the store (or of the call) as one line on stderr and their exit status."""
    try:
        with store_failures(display(db_path(db))):
            yield
    except Failure as f:
        err.print(f"[red]error:[/red] {say(f)}", highlight=False)
        raise typer.Exit(f.status) from None


@contextmanager
def usage() -> Iterator[None]:
    """A value the command cannot take (``filters``) as a usage error."""
    try:
        yield
    except ValueError as e:
        raise Failure(str(e), USAGE) from e
