"""Command line: a thin typer + rich shell over ``summitry.api``."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from summitry import api, cli_stats
from summitry.exits import INTERRUPTED, SKIPPED, STORE, USAGE, Failure, SkipCounter, store_failures
from summitry.export import event_dict, to_csv, to_jsonl
from summitry.exports import FORMATS, ExportError
from summitry.filters import choice, country_code, date_range
from summitry.follow.cli import add_commands
from summitry.model import KINDS, STATUSES, TOPICS, Event, ReadError
from summitry.parallel import batch_gc
from summitry.printable import printable
from summitry.store import display, is_url

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Verified timeline of diplomatic contacts between national leaders, from news articles.")
kb_app = typer.Typer(no_args_is_help=True, help="Inspect, search and rebuild the knowledge base.")
app.add_typer(kb_app, name="kb")
# Long evidence lines stay whole (and greppable) when piped; tables get room when not on a terminal.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)  # one line per message, greppable in logs

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql://user@host/dbname URL "
                                           "(default: user data dir or $SUMMITRY_DB).")]
KbExtra = Annotated[list[Path] | None, typer.Option("--kb-extra", help="Folder of extra knowledge YAML files.")]


class Fmt(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


ExportFmt = StrEnum("ExportFmt", {name: name for name in FORMATS})  # type: ignore[misc]  # the registry's


class Per(StrEnum):
    event = "event"
    mention = "mention"


EXTENSION_LINES = 10  # entries a user's knowledge folder added or replaced, listed before a count


def _kb(extra: list[Path] | None):  # noqa: ANN202 - KnowledgeBase, imported lazily for a fast --help
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


def _db(db: str | None) -> str | Path:
    """A PostgreSQL URL stays a string (a Path would fold its '//'); anything else is a file."""
    return (db if is_url(db) else Path(db)) if db else api.default_db()


def _say(text: object) -> str:
    """Text from inputs and the store (names, ids, evidence), safe for the console: control
    characters escaped (``printable``), rich markup inert."""
    return escape(printable(text))


@contextmanager
def _interruptible(done: Callable[[], int]) -> Iterator[None]:
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
def _failing(db: str | None) -> Iterator[None]:
    """Failures of the store (or of the call) as one line on stderr and their exit status."""
    try:
        with store_failures(display(_db(db))):
            yield
    except Failure as f:
        err.print(f"[red]error:[/red] {_say(f)}", highlight=False)
        raise typer.Exit(f.status) from None


@app.command()
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
    kb = _kb(kb_extra)

    skips = SkipCounter()

    def report_error(e: ReadError) -> None:
        if skips.show(e.reason):
            err.print(f"[yellow]skipped[/yellow] {_say(e)}", highlight=False)  # names and ids may hold "[/]" or "\n"

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, disable=quiet or not err.is_terminal, transient=True)
    seen = [0]

    def advance(_doc_id: str) -> None:
        seen[0] += 1
        progress.advance(task)

    with _interruptible(lambda: seen[0]), _failing(db), progress, batch_gc():
        task = progress.add_task("ingesting", total=None)
        report = api.ingest(paths, _db(db), kb=kb, workers=workers, max_bytes=max_bytes, max_entities=max_entities,
                            on_error=report_error,
                            on_wait=lambda why: err.print(f"[yellow]waiting:[/yellow] {_say(why)}"),
                            on_document=advance)
    s = report.stored
    if not quiet:
        err.print(f"{report.read} documents read: {s.added} new, {s.updated} updated, {s.unchanged} unchanged; "
                  f"{s.mentions} contact mentions; {report.events} events in {_say(display(_db(db)))}",
                  highlight=False)
    if report.errors:
        for n, kind in skips.hidden():
            err.print(f"[yellow]skipped[/yellow] {n} more not shown: {_say(kind)}", highlight=False)
        err.print(f"[yellow]{report.skipped} input(s) skipped[/yellow] (see messages above)")
        raise typer.Exit(SKIPPED)


def _print_events(events: list[Event], fmt: Fmt) -> None:
    if fmt == Fmt.jsonl:
        for line in to_jsonl(events):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
    elif fmt == Fmt.json:
        sys.stdout.write(json.dumps([event_dict(e) for e in events], ensure_ascii=False, indent=1) + "\n")
    elif fmt == Fmt.csv:
        sys.stdout.write(to_csv(events))
    else:
        out.print(_table(events))


def _table(events: list[Event]) -> Table:
    """Events as a table that stays readable at 80 columns: the id (to copy into 'summitry show') is
    never wrapped, and the columns that may wrap are the long free-text ones."""
    table = Table(show_lines=False, box=None, pad_edge=False)
    for col in ("date", "kind", "status", "participants", "place", "topics", "src"):
        table.add_column(col, overflow="fold", no_wrap=col in ("kind", "src"))
    table.add_column("id", no_wrap=True, min_width=max((len(e.id) for e in events), default=2))
    for e in events:
        people = "\n".join(_say(f"{p.country} {p.person or '?'}") for p in e.participants)
        table.add_row(_when(e), e.kind, "planned" if e.status == "planned" else "", people,
                      _say(e.location.city or e.location.country or ""), _say(", ".join(e.topics)),
                      str(len({m.doc_id for m in e.mentions})), e.id)
    return table


def _when(e: Event) -> str:
    if e.date.date:
        return e.date.date
    if e.date.start or e.date.end:
        return f"{e.date.start or '?'} … {e.date.end or '?'}"
    return "undated"


@app.command()
def events(
    db: DbOpt = None,
    country: Annotated[list[str] | None, typer.Option("--country", "-c", help="ISO3, ISO2 or name; repeat for a "
                                                      "pair.")] = None,
    person: Annotated[str | None, typer.Option("--person", "-p", help="Name in any script.")] = None,
    kind: Annotated[str | None, typer.Option(help="call or meeting")] = None,
    status: Annotated[str | None, typer.Option(help="occurred or planned")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    topic: Annotated[str | None, typer.Option(help="topic label, e.g. energy")] = None,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Only events at least this likely to be right (0-1).")] = None,
    fmt: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
    kb_extra: KbExtra = None,
) -> None:
    """List stored events with filters (a range event matches when its range overlaps --since/--until)."""
    kb = _kb(kb_extra) if person or country else None
    with _failing(db):
        with _usage():
            codes = [country_code(c, kb) for c in country or []] if kb else None
            kind, status = (choice(kind, KINDS, "kind") if kind else None,
                            choice(status, STATUSES, "status") if status else None)
            topic = choice(topic, TOPICS, "topic") if topic else None
            since, until = date_range(since, until)
        found = list(api.events(_db(db), country=codes, person=person, kind=kind, status=status, since=since,
                                until=until, topic=topic, kb=kb, min_confidence=min_confidence))
    _print_events(found, fmt)


@contextmanager
def _usage() -> Iterator[None]:
    """A value the command cannot take (``filters``) as a usage error."""
    try:
        yield
    except ValueError as e:
        raise Failure(str(e), USAGE) from e


@app.command()
def timeline(
    country_a: Annotated[str, typer.Argument(help="ISO3, ISO2 or name, e.g. KGZ")],
    country_b: Annotated[str, typer.Argument(help="ISO3, ISO2 or name, e.g. RUS")],
    db: DbOpt = None,
    kb_extra: KbExtra = None,
) -> None:
    """Contacts between two countries, oldest first."""
    kb = _kb(kb_extra)
    with _failing(db):
        with _usage():
            pair = [country_code(country_a, kb), country_code(country_b, kb)]
        found = list(api.events(_db(db), country=pair))
    if not found:
        out.print(f"No contacts between {pair[0]} and {pair[1]} in {display(_db(db))}.", markup=False)
    for e in found:
        people = _say(" — ".join(p.person or p.country for p in e.participants))
        place = f" in {_say(e.location.city)}" if e.location.city else ""
        mark = "📞" if e.kind == "call" else "🤝"
        planned = " (planned)" if e.status == "planned" else ""
        out.print(f"[bold]{_when(e)}[/bold] {mark} {e.kind}{planned}: {people}{place}  "
                  f"[dim]{', '.join(e.topics)} · {len(e.mentions)} mention(s) · {e.id}[/dim]")


@app.command()
def show(event_id: str, db: DbOpt = None) -> None:
    """One event with every mention, its evidence sentence and source."""
    with _failing(db):
        e = api.event(event_id, _db(db))
        if e is None:
            e = _event_by_prefix(event_id, db)
    out.print(f"[bold]{e.id}[/bold] {e.kind} ({e.status}) {_when(e)} [dim]date: {e.date.source}[/dim]  CAMEO {e.cameo}")
    for p in e.participants:
        out.print(f"  {p.country} {p.person or '?'} ({p.role}) [dim]as “{p.mentioned_as}” — {p.derivation}[/dim]")
    if e.location.city or e.location.country:
        out.print(f"  place: {e.location.city or '?'}, {e.location.country or '?'} [dim]{e.location.derivation}[/dim]")
    out.print(f"  topics: {', '.join(e.topics) or '—'}; confidence {e.confidence}")
    for m in e.mentions:
        out.print(f"\n  [cyan]{_say(m.doc_id)}[/cyan] \\[{m.salience}] chars {m.start}–{m.end} "
                  f"{_say(m.url or '')} [dim]published {m.published or '?'}; date from {m.date.source}[/dim]")
        out.print(f"    “{_say(m.evidence)}”", highlight=False)


def _event_by_prefix(prefix: str, db: str | None) -> Event:
    """The one event whose id starts with ``prefix`` (``ev-`` may be left out); usage error otherwise."""
    ids = api.event_ids(prefix, _db(db))
    if len(ids) == 1:
        found = api.event(ids[0], _db(db))
        if found is not None:
            return found
    if not ids:
        raise Failure(f"no event {printable(repr(prefix))}: list ids with 'summitry events'", USAGE)
    raise Failure(f"{printable(repr(prefix))} starts several event ids ({', '.join(ids)}, …): give more of it",
                  USAGE)


@app.command()
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
    with _failing(db):
        try:
            api.export(fmt, output or (sys.stdout.buffer if spec.binary else sys.stdout), _db(db), per=per)
        except ExportError as e:
            raise Failure(str(e), USAGE) from e


@app.command()
def check(db: DbOpt = None) -> None:
    """Verify the store: the engine's own integrity check and the checksum of every stored row."""
    with _failing(db):
        problems = api.check(_db(db))
    if problems:
        for line in problems:
            err.print(f"[red]damaged:[/red] {_say(line)}", highlight=False)
        err.print(f"{_say(display(_db(db)))} is damaged: restore a backup, or ingest the inputs again into a new store",
                  highlight=False)
        raise typer.Exit(STORE)
    out.print(f"{display(_db(db))}: ok", markup=False, highlight=False)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback is reachable by others.")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="A name clients reach the server by (repeatable; loopback names and --host are "
        "always allowed). Requests naming any other Host are refused (DNS rebinding).")] = None,
    allow_ingest: Annotated[bool, typer.Option("--allow-ingest", help="Accept POST /api/documents (stores).")
                            ] = False,
    token: Annotated[str | None, typer.Option(envvar="SUMMITRY_TOKEN", help="Bearer token every write needs "
                                              "(prefer $SUMMITRY_TOKEN or --token-file: options show in ps). "
                                              "Made up and printed when ingest is on without one.")] = None,
    token_file: Annotated[Path | None, typer.Option("--token-file", help="File holding the token.")] = None,
    extract: Annotated[bool | None, typer.Option("--extract/--no-extract", help="Offer POST /api/extract "
                                                 "(default: only when bound to loopback).")] = None,
    max_extract: Annotated[int, typer.Option("--max-extract", help="Longest article /api/extract takes, in "
                                             "characters.")] = 200_000,
    extract_seconds: Annotated[float, typer.Option("--extract-seconds", help="CPU budget of one extraction or "
                                                   "ingest request (the worker is stopped beyond).")] = 10.0,
    max_body: Annotated[int, typer.Option("--max-body", help="Largest request body in bytes (413 beyond).")
                        ] = 2_000_000,
    kb_extra: KbExtra = None,
    client_timeout: Annotated[float, typer.Option("--client-timeout", min=0.1, help="Seconds a client has to send "
                                                  "a request's headers; idle and slow ones are closed.")] = 10.0,
    max_connections: Annotated[int, typer.Option("--max-connections", min=1, help="Concurrent connections; more "
                                                 "are answered 503.")] = 200,
) -> None:
    """Serve the web app and JSON API (/api, OpenAPI at /api/openapi.json) over the store."""
    import uvicorn  # imported here so 'summitry --help' stays fast

    from summitry.serving import uvicorn_options
    from summitry.web import create_app
    from summitry.web.settings import LOOPBACK_NAMES, is_loopback

    if token_file is not None:
        token = token_file.read_text(encoding="utf-8").strip() or None
    if allow_ingest and not token and not is_loopback(host):
        err.print(f"[red]refusing to accept articles on {host} without a token[/red]: set $SUMMITRY_TOKEN or "
                  "pass --token-file, or bind to 127.0.0.1")
        raise typer.Exit(2)
    if not is_url(_db(db)) and not Path(_db(db)).exists():
        err.print(f"[yellow]no store at {_db(db)} yet[/yellow]; pages stay empty until 'summitry ingest'"
                  + (" or a POST to /api/documents" if allow_ingest else ""))
    hosts = [*LOOPBACK_NAMES, *([host] if host not in ("0.0.0.0", "::") else []), *(allowed_host or [])]
    web = create_app(_db(db), allow_ingest=allow_ingest, token=token, max_body=max_body, kb_extra=list(kb_extra or []),
                     extract=is_loopback(host) if extract is None else extract, hosts=hosts, max_extract=max_extract,
                     extract_seconds=extract_seconds)
    cfg = web.state.settings
    err.print(f"summitry on http://{host}:{port}/ over {display(_db(db))}; answers to {', '.join(hosts)}; "
              f"extraction {'on' if cfg.extract else 'off'}; ingest {'on' if allow_ingest else 'off'}",
              highlight=False)
    if allow_ingest and not token:
        err.print(f"write token for this run (paste page, 'Authorization: Bearer …'): {cfg.token}", highlight=False)
    uvicorn.run(web, host=host, port=port, **uvicorn_options(client_timeout, max_connections))


@app.command(add_help_option=False, context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def spark(ctx: typer.Context) -> None:
    """Ingest on Spark into Parquet + JSONL and/or a new store (needs the 'spark' extra; see docs/spark.md)."""
    from summitry.spark import main as spark_main  # its own argparse, shared with spark-submit

    raise typer.Exit(spark_main(list(ctx.args)))


@kb_app.command("show")
def kb_show(kb_extra: KbExtra = None) -> None:
    """Counts of what the knowledge base holds."""
    kb = _kb(kb_extra)
    offices = sum(len(p["offices"]) for p in kb.people.values())
    out.print(f"knowledge base {kb.version}: {len(kb.countries)} countries, {len(kb.people)} people "
              f"({offices} terms of office), {len(kb.places)} places, {len(kb.orgs)} organisations, "
              f"{len(kb.data['patterns'])} surface forms, languages: {', '.join(sorted(kb.lexicons))}")


@kb_app.command("search")
def kb_search(query: str, kb_extra: KbExtra = None) -> None:
    """Find people, countries, places and organisations by any name form, in any script."""
    from summitry.knowledge.variants import fold

    kb = _kb(kb_extra)
    key = fold(query).strip()
    hits = {tuple(r) for r in kb.data["patterns"].get(key, [])}
    hits |= {("person", pid) for pid in api.resolve_person(query, kb)}
    if not hits:
        out.print(f"nothing known as {query!r}", markup=False)
        raise typer.Exit(1)
    for kind, ident in sorted(hits):
        if kind in ("person", "surname"):
            p = kb.people[ident]
            terms = "; ".join(f"{o['role']} {o['country']} {o['start']}–{o['end'] or 'now'}" for o in p["offices"])
            out.print(f"person  {ident}: {p['name']} ({p['country']}) {terms}")
        elif kind in ("country", "adjective"):
            out.print(f"country {ident}: {kb.countries[ident]['name']}")
        elif kind == "place":
            pl = kb.places[ident]
            out.print(f"place   {ident}: {pl['name']} ({pl['country']}, {pl['kind']})")
        else:
            out.print(f"org     {ident}: {kb.orgs[ident]['name']}")


class KbKind(StrEnum):
    people = "people"
    countries = "countries"
    places = "places"
    orgs = "orgs"


@kb_app.command("list")
def kb_list(
    kind: Annotated[KbKind, typer.Argument(help="people, countries, places or orgs")],
    country: Annotated[str | None, typer.Option("--country", "-c", help="ISO3 filter")] = None,
    kb_extra: KbExtra = None,
) -> None:
    """List what the knowledge base holds, e.g. every leader of a country with their terms."""
    kb = _kb(kb_extra)
    code = country.upper() if country else None
    if kind == KbKind.people:
        for pid, p in sorted(kb.people.items(), key=lambda kv: (kv[1]["country"], kv[1]["name"])):
            if code in (None, p["country"]):
                terms = "; ".join(f"{o['role']} {o['start']}–{o['end'] or 'now'}" for o in p["offices"])
                out.print(f"{p['country']} {p['name']} ({pid}): {terms}", highlight=False)
    elif kind == KbKind.countries:
        for iso3, c in sorted(kb.countries.items()):
            if code in (None, iso3):
                out.print(f"{iso3} {c['name']} (leader: {c['leader']}, UN member: {c['un_member']})", highlight=False)
    elif kind == KbKind.places:
        for pid, pl in sorted(kb.places.items(), key=lambda kv: (kv[1]["country"], kv[1]["name"])):
            if code in (None, pl["country"]):
                out.print(f"{pl['country']} {pl['name']} ({pid}, {pl['kind']})", highlight=False)
    else:
        for oid, o in sorted(kb.orgs.items()):
            if code is None or code in o["members"]:
                out.print(f"{oid}: {o['name']} — {', '.join(o['members'])}", highlight=False)


@kb_app.command("build")
def kb_build(check: Annotated[bool, typer.Option("--check", help="Only verify the shipped file is current.")] = False
             ) -> None:
    """Recompile the shipped knowledge base from its YAML sources."""
    from summitry.knowledge.build import COMPILED_PATH, compile_kb, write_compiled

    kb = compile_kb()
    if check:
        current = json.loads(COMPILED_PATH.read_text(encoding="utf-8")) if COMPILED_PATH.exists() else {}
        if current.get("version") != kb["version"]:
            err.print("[red]compiled knowledge base is out of date[/red]; run 'summitry kb build'")
            raise typer.Exit(1)
        out.print(f"compiled knowledge base is current ({kb['version']})")
        return
    out.print(f"wrote {write_compiled(kb)} ({kb['version']})")


@app.command()
def calibrate(
    eval_dir: Annotated[Path, typer.Option("--eval", help="Folder with score.py and annotated collections.")
                        ] = Path("../shared/eval"),
    collection: Annotated[list[str] | None, typer.Option("--collection", "-c", help="Repeat; default dev2, dev3.")
                          ] = None,
    write: Annotated[bool, typer.Option("--write", help="Ship the fitted weights (summitry/confidence.json).")
                     ] = False,
    kb_extra: KbExtra = None,
) -> None:
    """Fit the confidence model on annotated collections; report its cross-validated calibration."""
    from summitry import calibrate as cal

    names = collection or ["dev2", "dev3"]
    if not (eval_dir / "score.py").exists():
        err.print(f"[red]no score.py in {escape(str(eval_dir))}[/red]")
        raise typer.Exit(2)
    data = cal.samples(eval_dir, names, _kb(kb_extra))
    figures = cal.calibration(data)
    weights = cal.fit(data)
    out.print(json.dumps({"cross_validation": figures, "weights": weights}, indent=1))
    if write:
        out.print(f"wrote {cal.write_weights(weights, figures, names)}")


add_commands(app)  # watch, feeds (summitry/follow/), listed after the commands above
cli_stats.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
