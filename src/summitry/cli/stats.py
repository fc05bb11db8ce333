"""``summitry pairs`` and ``summitry stats``: the aggregates of ``summitry.stats`` on the command line, the same
counts the API (``GET /api/pairs``, ``/api/countries/KAZ``, ``/api/leaders/ID``) and the web pages show."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from summitry import api
from summitry.cli.common import db_path

if TYPE_CHECKING:
    from summitry.knowledge import Kinds

out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql:// URL (default: user data dir "
                                           "or $SUMMITRY_DB).")]
Since = Annotated[str | None, typer.Option(help="YYYY-MM-DD: contacts on or after")]
Until = Annotated[str | None, typer.Option(help="YYYY-MM-DD: contacts on or before")]


class TableFmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _fail(e: Exception) -> typer.Exit:
    err.print(f"[red]{escape(str(e))}[/red]")
    return typer.Exit(2)


def _rows(rows: list[dict[str, Any]], columns: list[str], fmt: TableFmt, title: str | None = None) -> None:
    if fmt == TableFmt.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == TableFmt.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(title=title, title_justify="left")
        for col in columns:
            table.add_column(col, justify="right" if col in ("total", "planned", *_kinds().names) else "left")
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row[c]) for c in columns))
        out.print(table)


def _kinds() -> Kinds:
    from summitry.knowledge import shipped_kinds

    return shipped_kinds()


def pairs(
    country: Annotated[str | None, typer.Option("--country", "-c", help="ISO3: only the pairs it is in")] = None,
    since: Since = None, until: Until = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Most pairs to list (0: all).")] = 30,
    fmt: Annotated[TableFmt, typer.Option("--format", "-f")] = TableFmt.table,
    db: DbOpt = None,
) -> None:
    """Country pairs ranked by how many contacts they had (calls, meetings, planned; first and last date)."""
    try:
        rows = api.pair_ranking(db_path(db), country=country, since=since, until=until)
    except FileNotFoundError as e:
        raise _fail(e) from e
    _rows(rows[:limit] if limit else rows, ["a", "b", "total", *_kinds().names, "planned", "first", "last"], fmt,
          f"{len(rows)} pair(s)" + (f" with {country.upper()}" if country else ""))


def stats(
    who: Annotated[str, typer.Argument(help="ISO3 country code (KAZ) or a leader's name or id, in any script")],
    since: Since = None, until: Until = None,
    fmt: Annotated[TableFmt, typer.Option("--format", "-f", help="table, or json for everything")] = TableFmt.table,
    db: DbOpt = None,
    kb_extra: Annotated[list[Path] | None, typer.Option("--kb-extra", help="Folder of extra knowledge YAML.")] = None,
) -> None:
    """A country's or a leader's contacts: per year (a range-dated contact only in the year its whole range is
    in), calls vs meetings, counterparts ranked and the places they met."""
    from summitry.knowledge import load_kb

    kb = load_kb(list(kb_extra or []))
    country = who.upper() if who.upper() in kb.countries else None
    matches = [] if country else ([who] if who in kb.people else list(api.resolve_person(who, kb)))
    if country is None and not matches:
        err.print(f"[red]{escape(who)!r} is neither a country code nor a known leader[/red]; "
                  "'summitry kb search NAME' finds both")
        raise typer.Exit(1)
    candidates: list[str | None] = [*matches] or [None]  # None: the country's profile
    try:
        found, person = max(((api.profile(db_path(db), country=country, person=m, since=since, until=until), m)
                             for m in candidates), key=lambda fp: fp[0]["total"])
    except FileNotFoundError as e:
        raise _fail(e) from e
    ident = country or person
    assert ident is not None  # no country: one of the people matched (none matched has exited above)
    if len(matches) > 1:  # "Жапаров" is two people: say whom, never choose silently
        named = ", ".join(f"{kb.people[m]['name']} ({m})" for m in matches)
        err.print(f"{escape(who)} matches {escape(named)}; showing {escape(kb.people[ident]['name'])}, who has "
                  "the most contacts: pass an id for another", highlight=False)
    name = kb.countries[ident]["name"] if country else kb.people[ident]["name"]
    if fmt == TableFmt.json:
        sys.stdout.write(json.dumps({"id": ident, "name": name, **found}, ensure_ascii=False,
                                    indent=1) + "\n")
        return
    if fmt == TableFmt.csv:
        _rows(found["counterparts"], ["country", "total", *kb.kinds.names, "first", "last"], fmt)
        return
    kinds = ", ".join(f"{found['by_kind'].get(k.name, 0)} {k.label.lower()}(s)" for k in kb.kinds.rows)
    out.print(f"[bold]{escape(name)}[/bold]: {found['total']} contact(s), {kinds}, "
              f"{found['by_status'].get('planned', 0)} planned; {found['first'] or '?'} … {found['last'] or '?'}")
    names = kb.kinds.names
    _rows(found["years"], ["year", *names, "planned", "total"], fmt, "per year (blank: no single year)")
    _rows(found["counterparts"][:20], ["country", "total", *names, "first", "last"], fmt, "counterparts")
    _rows(found["counterpart_leaders"][:20], ["name", "country", "total", *names], fmt, "counterpart leaders")
    _rows(found["places"][:20], ["city", "country", "meetings"], fmt, "meeting places")
