"""What the API's endpoints share: the settings, a read-only store per request, and the event filters
(one set of query parameters for the list, the downloads, the facets, the timeline, the map and the
aggregates, so a page's filter means the same everywhere)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from summitry import api
from summitry.store import Store
from summitry.store.select import Selection
from summitry.web import schemas as s
from summitry.web.settings import Settings

MAX_COUNTRIES = 20  # every listed country must take part: no event has more participants than this
READ_TIMEOUT = 30.0  # seconds a PostgreSQL statement of a page may run (issue 13)
MAX_ANY = 250  # any of them: more than the world's countries is a mistake


def settings(request: Request) -> Settings:
    return request.app.state.settings


def reader(cfg: Annotated[Settings, Depends(settings)]) -> Iterator[Store]:
    """A read-only store for one request; 503 when nothing has been ingested yet."""
    try:
        store = Store(cfg.db, readonly=True, statement_timeout=READ_TIMEOUT)  # a hung server frees the thread
    except FileNotFoundError as e:
        raise HTTPException(503, str(e)) from e
    try:
        yield store
    finally:
        store.close()


Reader = Annotated[Store, Depends(reader)]
Config = Annotated[Settings, Depends(settings)]


@dataclass
class Filters:
    """A request's selection, the people its ``person`` parameter matched, and notes on what matched nothing."""

    selection: Selection
    matched: list[str]
    notes: list[str]


def filters(
    cfg: Config,
    country: Annotated[list[s.Iso3] | None, Query(max_length=MAX_COUNTRIES,
                                                  description="ISO3; repeat for a pair: every one takes part")] = None,
    any_country: Annotated[list[s.Iso3] | None, Query(max_length=MAX_ANY,
                                                      description="ISO3, repeatable: at least one takes part")] = None,
    group: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9-]+$",
                                       description="organisation or region id (GET /api/meta): one member "
                                                   "takes part")] = None,
    person: Annotated[str | None, Query(max_length=200, description="a leader's name in any script or case "
                                        "form, or an id")] = None,
    kind: Annotated[s.Kind | None, Query()] = None,
    status: Annotated[s.Status | None, Query()] = None,
    since: Annotated[str | None, Query(pattern=s.ISO_DATE)] = None,
    until: Annotated[str | None, Query(pattern=s.ISO_DATE)] = None,
    topic: Annotated[s.Topic | None, Query()] = None,
    role: Annotated[s.Role | None, Query(description="some participant holds this office")] = None,
    lang: Annotated[s.Lang | None, Query(description="some source is in this language")] = None,
    source: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]+$",
                                        description="outlet (a source URL's host; '-' for no URL)")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    q: Annotated[str | None, Query(max_length=200, description="words in names, places or evidence, in any "
                                   "script: a known place or leader also matches by its other names")] = None,
) -> Filters:
    return Filters(*api.select(cfg.kb, country=country, any_country=any_country, group=group, person=person, q=q,
                               kind=kind, status=status, since=since, until=until, topic=topic, role=role,
                               lang=lang, source=source, min_confidence=min_confidence))


Filtered = Annotated[Filters, Depends(filters)]


def people_matched(cfg: Settings, ids: list[str]) -> list[dict[str, Any]]:
    kb = cfg.kb
    return [{"id": i, "name": kb.people[i]["name"], "country": kb.people[i]["country"]} for i in ids]


def country_name(cfg: Settings) -> Any:
    countries = cfg.kb.countries
    return lambda code: countries.get(code, {}).get("name", code)
