"""``summitry events``, ``timeline`` and ``show``: the stored events, filtered, as a table or a format."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from summitry import api
from summitry.cli.common import DbOpt, KbExtra, db_path, failing, knowledge, out, say, usage
from summitry.exits import USAGE, Failure
from summitry.export import event_dict, to_csv, to_jsonl
from summitry.filters import choice, country_code, date_range
from summitry.model import STATUSES, TOPICS, Event
from summitry.printable import printable
from summitry.store import display

if TYPE_CHECKING:
    from summitry.knowledge import Kinds, KnowledgeBase


class Fmt(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"



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
        people = "\n".join(say(f"{p.country} {p.person or '?'}") for p in e.participants)
        table.add_row(_when(e), e.kind, "planned" if e.status == "planned" else "", people,
                      say(e.location.city or e.location.country or ""), say(", ".join(e.topics)),
                      str(len({m.doc_id for m in e.mentions})), e.id)
    return table


def _when(e: Event) -> str:
    if e.date.date:
        return e.date.date
    if e.date.start or e.date.end:
        return f"{e.date.start or '?'} … {e.date.end or '?'}"
    return "undated"


def events(
    db: DbOpt = None,
    country: Annotated[list[str] | None, typer.Option("--country", "-c", help="ISO3, ISO2 or name; repeat for a "
                                                      "pair.")] = None,
    person: Annotated[str | None, typer.Option("--person", "-p", help="Name in any script.")] = None,
    kind: Annotated[str | None, typer.Option(help="a contact kind of the kinds table: call, meeting, …")] = None,
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
    kb = knowledge(kb_extra) if person or country else None
    with failing(db):
        with usage():
            codes = [country_code(c, kb) for c in country or []] if kb else None
            kind, status = (choice(kind, _kinds(kb, kb_extra).names, "kind") if kind else None,
                            choice(status, STATUSES, "status") if status else None)
            topic = choice(topic, TOPICS, "topic") if topic else None
            since, until = date_range(since, until)
        found = list(api.events(db_path(db), country=codes, person=person, kind=kind, status=status, since=since,
                                until=until, topic=topic, kb=kb, min_confidence=min_confidence))
    _print_events(found, fmt)


def _kinds(kb: KnowledgeBase | None, kb_extra: list[Path] | None) -> Kinds:
    """The contact kinds, without loading the knowledge base for them when it is the shipped one."""
    from summitry.knowledge import shipped_kinds

    return kb.kinds if kb else knowledge(kb_extra).kinds if kb_extra else shipped_kinds()


def timeline(
    country_a: Annotated[str, typer.Argument(help="ISO3, ISO2 or name, e.g. KGZ")],
    country_b: Annotated[str, typer.Argument(help="ISO3, ISO2 or name, e.g. RUS")],
    db: DbOpt = None,
    kb_extra: KbExtra = None,
) -> None:
    """Contacts between two countries, oldest first."""
    kb = knowledge(kb_extra)
    kinds = kb.kinds
    with failing(db):
        with usage():
            pair = [country_code(country_a, kb), country_code(country_b, kb)]
        found = list(api.events(db_path(db), country=pair))
    if not found:
        out.print(f"No contacts between {pair[0]} and {pair[1]} in {display(db_path(db))}.", markup=False)
    for e in found:
        people = say(" — ".join(p.person or p.country for p in e.participants))
        place = f" in {say(e.location.city)}" if e.location.city else ""
        mark = kinds[e.kind].mark
        planned = " (planned)" if e.status == "planned" else ""
        out.print(f"[bold]{_when(e)}[/bold] {mark} {e.kind}{planned}: {people}{place}  "
                  f"[dim]{', '.join(e.topics)} · {len(e.mentions)} mention(s) · {e.id}[/dim]")


def show(event_id: str, db: DbOpt = None) -> None:
    """One event with every mention, its evidence sentence and source."""
    with failing(db):
        e = api.event(event_id, db_path(db))
        if e is None:
            e = _event_by_prefix(event_id, db)
    out.print(f"[bold]{e.id}[/bold] {e.kind} ({e.status}) {_when(e)} [dim]date: {e.date.source}[/dim]  CAMEO {e.cameo}")
    for p in e.participants:
        out.print(f"  {p.country} {p.person or '?'} ({p.role}) [dim]as “{p.mentioned_as}” — {p.derivation}[/dim]")
    if e.location.city or e.location.country:
        out.print(f"  place: {e.location.city or '?'}, {e.location.country or '?'} [dim]{e.location.derivation}[/dim]")
    out.print(f"  topics: {', '.join(e.topics) or '—'}; confidence {e.confidence}")
    for m in e.mentions:
        out.print(f"\n  [cyan]{say(m.doc_id)}[/cyan] \\[{m.salience}] chars {m.start}–{m.end} "
                  f"{say(m.url or '')} [dim]published {m.published or '?'}; date from {m.date.source}[/dim]")
        out.print(f"    “{say(m.evidence)}”", highlight=False)


def _event_by_prefix(prefix: str, db: str | None) -> Event:
    """The one event whose id starts with ``prefix`` (``ev-`` may be left out); usage error otherwise."""
    ids = api.event_ids(prefix, db_path(db))
    if len(ids) == 1:
        found = api.event(ids[0], db_path(db))
        if found is not None:
            return found
    if not ids:
        raise Failure(f"no event {printable(repr(prefix))}: list ids with 'summitry events'", USAGE)
    raise Failure(f"{printable(repr(prefix))} starts several event ids ({', '.join(ids)}, …): give more of it",
                  USAGE)
