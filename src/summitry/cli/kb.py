"""``summitry kb``: inspect, search and rebuild the knowledge base."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from summitry import api
from summitry.cli.common import KbExtra, err, knowledge, out

app = typer.Typer(no_args_is_help=True, help="Inspect, search and rebuild the knowledge base.")


@app.command("show")
def kb_show(kb_extra: KbExtra = None) -> None:
    """Counts of what the knowledge base holds."""
    kb = knowledge(kb_extra)
    offices = sum(len(p["offices"]) for p in kb.people.values())
    out.print(f"knowledge base {kb.version}: {len(kb.countries)} countries, {len(kb.people)} people "
              f"({offices} terms of office), {len(kb.places)} places, {len(kb.orgs)} organisations, "
              f"{len(kb.data['patterns'])} surface forms, languages: {', '.join(sorted(kb.lexicons))}")


@app.command("search")
def kb_search(query: str, kb_extra: KbExtra = None) -> None:
    """Find people, countries, places and organisations by any name form, in any script."""
    from summitry.knowledge.variants import fold

    kb = knowledge(kb_extra)
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
