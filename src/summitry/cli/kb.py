"""``summitry kb``: inspect, search and rebuild the knowledge base."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from summitry.cli.common import KbExtra, err, knowledge, out
from summitry.knowledge.records import Country, Person, Place

app = typer.Typer(no_args_is_help=True, help="Inspect, search and rebuild the knowledge base.")


@app.command("show")
def kb_show(kb_extra: KbExtra = None) -> None:
    """Counts of what the knowledge base holds."""
    kb = knowledge(kb_extra)
    offices = sum(len(p.offices) for p in kb.persons.values())
    out.print(f"knowledge base {kb.version}: {len(kb.countries)} countries, {len(kb.people)} people "
              f"({offices} terms of office), {len(kb.places)} places, {len(kb.orgs)} organisations, "
              f"{kb.surface_forms} surface forms, languages: {', '.join(sorted(kb.lexicons))}")


@app.command("search")
def kb_search(query: str, kb_extra: KbExtra = None) -> None:
    """Find people, countries, places and organisations by any name form, in any script."""
    hits = knowledge(kb_extra).find(query)
    if not hits:
        out.print(f"nothing known as {query!r}", markup=False)
        raise typer.Exit(1)
    for hit in hits:
        r = hit.record
        if isinstance(r, Person):
            terms = "; ".join(f"{o.role} {o.country} {o.start}–{o.end or 'now'}" for o in r.offices)
            out.print(f"person  {r.id}: {r.name} ({r.country}) {terms}")
        elif isinstance(r, Country):
            out.print(f"country {r.id}: {r.name}")
        elif isinstance(r, Place):
            out.print(f"place   {r.id}: {r.name} ({r.country}, {r.kind})")
        else:
            out.print(f"org     {r.id}: {r.name}")


class KbKind(StrEnum):
    people = "people"
    countries = "countries"
    places = "places"
    orgs = "orgs"


@app.command("list")
def kb_list(
    kind: Annotated[KbKind, typer.Argument(help="people, countries, places or orgs")],
    country: Annotated[str | None, typer.Option("--country", "-c", help="ISO3 filter")] = None,
    kb_extra: KbExtra = None,
) -> None:
    """List what the knowledge base holds, e.g. every leader of a country with their terms."""
    kb = knowledge(kb_extra)
    code = country.upper() if country else None
    if kind == KbKind.people:
        for p in sorted(kb.persons.values(), key=lambda p: (p.country, p.name)):
            if code in (None, p.country):
                terms = "; ".join(f"{o.role} {o.start}–{o.end or 'now'}" for o in p.offices)
                out.print(f"{p.country} {p.name} ({p.id}): {terms}", highlight=False)
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


@app.command("build")
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
