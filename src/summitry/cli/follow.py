"""``summitry watch`` and ``summitry feeds``: the CLI shells over ``follow.watch`` and ``follow.feeds``.

Both run until SIGINT (Ctrl-C) or SIGTERM, which end the current batch (a batch is one transaction
anyway) and print a summary; a second Ctrl-C stops at once.  Each writes a line per document stored
and per contact found on standard output, and what went wrong on standard error.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from summitry import jsonio
from summitry.cli.common import db_path, knowledge
from summitry.store import Prepared, display

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql:// URL (default: as ingest).")]
KbExtra = Annotated[list[Path] | None, typer.Option("--kb-extra", help="Folder of extra knowledge YAML files.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Skip files (or fetched pages) larger than this.")]
Workers = Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes running the pipeline.")]


def contact_line(data: dict[str, Any]) -> str:
    """One line for a stored contact: kind, who, when, where."""
    who = " – ".join(f"{p['country']} {p.get('person') or '?'}" for p in data.get("participants", []))
    d = data.get("date") or {}
    when = d.get("date") or (f"{d.get('start') or '?'}…{d.get('end') or '?'}" if d.get("start") or d.get("end")
                             else "undated")
    place = (data.get("location") or {}).get("city")
    return f"  contact {data['kind']} ({data['status']}) {who}, {when}" + (f", {place}" if place else "")


def print_stored(p: Prepared) -> None:
    source = "" if p.document[2] == p.doc_id else f" ({p.document[2]})"
    out.print(f"stored {escape(p.doc_id + source)}: {len(p.mentions)} contact(s)")
    for _key, _doc, _block, data, _crc in p.mentions:  # store.rows.mention_row
        out.print(escape(contact_line(jsonio.loads(data))))


@contextmanager
def stopping() -> Iterator[threading.Event]:
    """An event SIGINT and SIGTERM set (so the loop ends its batch and returns); a second SIGINT raises."""
    stop = threading.Event()

    def handler(signum: int, _frame: object) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        err.print(f"{signal.Signals(signum).name}: stopping after the current batch (Ctrl-C again to stop now)")
        stop.set()

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def watch(
    paths: Annotated[list[Path], typer.Argument(help="Folders (or files) to ingest and then watch.")],
    db: DbOpt = None,
    kb_extra: KbExtra = None,
    max_bytes: MaxBytes = 5_000_000,
    workers: Workers = 1,
) -> None:
    """Ingest the folders, then every new or changed file as it appears, until stopped (Ctrl-C, SIGTERM)."""
    from summitry.follow.watch import WatchHooks
    from summitry.follow.watch import watch as run_watch

    kb, store = knowledge(kb_extra), db_path(db)
    hooks = WatchHooks(ready=lambda: err.print(f"watching {', '.join(map(str, paths))} (Ctrl-C to stop)"),
                       stored=print_stored, error=lambda e: err.print(f"[yellow]skipped[/yellow] {escape(str(e))}"))
    started = time.monotonic()
    with stopping() as stop:
        try:
            r = run_watch(paths, store, kb=kb, stop=stop, hooks=hooks, workers=workers, max_bytes=max_bytes)
        except FileNotFoundError as e:
            err.print(f"[red]{escape(str(e))}[/red]")
            raise typer.Exit(2) from e
    err.print(f"watched {time.monotonic() - started:.0f} s: {r.read} documents read in {r.batches} batches: "
              f"{r.added} new, {r.updated} updated, {r.unchanged} unchanged, {len(r.errors)} skipped; "
              f"{r.mentions} contact mentions; {r.events} events in {escape(display(store))}")


def feeds(
    feed_list: Annotated[Path, typer.Argument(metavar="FEEDS.txt", help="Feed URLs, one a line (# comments).")],
    every: Annotated[str, typer.Option("--every", help="Time between passes (90s, 15m, 1h); also the first "
                                       "back-off after a failure.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit (for cron); exit 1 if anything "
                                       "failed.")] = False,
    db: DbOpt = None,
    kb_extra: KbExtra = None,
    delay: Annotated[float, typer.Option("--delay", help="Seconds between two requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to connect and between reads.")] = 20.0,
    max_bytes: MaxBytes = 5_000_000,
    user_agent: Annotated[str | None, typer.Option("--user-agent", help="Replace the User-Agent (add a way "
                                                   "to reach you).")] = None,
) -> None:
    """Poll RSS/Atom feeds; fetch and ingest each new article once; failures are retried with back-off."""
    from summitry.follow.feeds import FeedLoop, Hooks, Options, parse_every, read_feed_list
    from summitry.follow.http import USER_AGENT, FetchOptions

    try:
        seconds = parse_every(every)
        urls, bad = read_feed_list(feed_list)
    except (ValueError, OSError) as e:
        err.print(f"[red]{escape(str(e))}[/red]")
        raise typer.Exit(2) from e
    for line in bad:
        err.print(f"[yellow]skipped[/yellow] {escape(line)}")
    if not urls:
        err.print(f"[red]no feed URL in {escape(str(feed_list))}[/red]")
        raise typer.Exit(2)
    fetch = FetchOptions(timeout=timeout, deadline=max(60.0, 3 * timeout), max_bytes=max_bytes, delay=delay,
                         user_agent=user_agent or USER_AGENT)
    loop = FeedLoop(urls, db_path(db), knowledge(kb_extra), Options(every=seconds, fetch=fetch),
                    Hooks(say=lambda line: err.print(escape(line)), stored=print_stored))
    with stopping() as stop:
        reports = [loop.run_pass(stop)] if once else loop.run(stop)
    stored, failed = sum(r.stored for r in reports), sum(len(r.failures) for r in reports)
    err.print(f"{len(reports)} pass(es): {sum(r.feeds for r in reports)} feed fetches "
              f"({sum(r.unchanged for r in reports)} not modified), {sum(r.new_items for r in reports)} new items, "
              f"{stored} articles stored with {sum(r.contacts for r in reports)} contact mentions, {failed} failures")
    if once and failed:
        raise typer.Exit(1)

