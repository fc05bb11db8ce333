"""What the API's endpoints share: the settings, a read-only store per request, and the event filters
(one set of query parameters for the list, the downloads, the facets, the timeline, the map and the
aggregates, so a page's filter means the same everywhere)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import WithJsonSchema

from summitry import api
from summitry.filters import DATE_PATTERN, country_code, country_codes, date_bound
from summitry.knowledge import KnowledgeBase
from summitry.store import Store
from summitry.store.select import Selection
from summitry.web import schemas as s
from summitry.web.settings import Settings

MAX_COUNTRIES = 20  # every listed country must take part: no event has more participants than this
READ_TIMEOUT = 30.0  # seconds a PostgreSQL statement of a page may run (issue 13)
MAX_ANY = 250  # any of them: more than the world's countries is a mistake
COUNTRY_REF = "#/components/schemas/CountryName"  # the codes, listed once in the document
# Checked by ``filters`` with the CLI's functions, which say what is wrong and what would do: the schema
# only describes the values (a pattern or enum checked by FastAPI would answer without those words).
CountryName = Annotated[str, WithJsonSchema({"$ref": COUNTRY_REF})]
DateBound = Annotated[str, WithJsonSchema({"type": "string", "pattern": DATE_PATTERN})]
COUNTRY_HELP = ("ISO3 or ISO2 code or a country name in any script the knowledge base knows (KGZ, KG, Kyrgyzstan, "
                "Киргизия)")
DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD; an event known as a range matches when its range overlaps"


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
    country: Annotated[list[CountryName] | None, Query(max_length=MAX_COUNTRIES, description=COUNTRY_HELP
                                                       + "; repeat for a pair: every one takes part")] = None,
    any_country: Annotated[list[CountryName] | None, Query(max_length=MAX_ANY, description=COUNTRY_HELP
                                                           + "; repeatable: at least one takes part")] = None,
    group: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9-]+$",
                                       description="organisation or region id (GET /api/meta): one member "
                                                   "takes part")] = None,
    person: Annotated[str | None, Query(max_length=200, description="a leader's name in any script or case "
                                        "form, or an id")] = None,
    kind: Annotated[s.Kind | None, Query()] = None,
    status: Annotated[s.Status | None, Query()] = None,
    since: Annotated[DateBound | None, Query(description=f"from the first day of: {DATE_HELP}")] = None,
    until: Annotated[DateBound | None, Query(description=f"to the last day of: {DATE_HELP}")] = None,
    topic: Annotated[s.Topic | None, Query()] = None,
    role: Annotated[s.Role | None, Query(description="some participant holds this office")] = None,
    lang: Annotated[s.Lang | None, Query(description="some source is in this language")] = None,
    source: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]+$",
                                        description="outlet (a source URL's host; '-' for no URL)")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    q: Annotated[str | None, Query(max_length=200, description="words in names, places or evidence, in any "
                                   "script: a known place or leader also matches by its other names")] = None,
) -> Filters:
    """The filters of a request, countries and dates read as the CLI reads them (``summitry.filters``): a
    value neither takes is a 422 naming it and saying what would do."""
    kb = cfg.kb
    errors: list[dict[str, Any]] = []
    codes = [_checked(errors, ("query", "country", i), lambda v: country_code(v, kb), c)
             for i, c in enumerate(country or [])]
    anyc = [_checked(errors, ("query", "any_country", i), lambda v: country_code(v, kb), c)
            for i, c in enumerate(any_country or [])]
    if lang is not None:
        _checked(errors, ("query", "lang"), lambda v: language_code(v, kb), lang)
    lo = None if since is None else _checked(errors, ("query", "since"), date_bound, since)
    hi = None if until is None else _checked(errors, ("query", "until"), lambda v: date_bound(v, end=True), until)
    if errors:
        raise RequestValidationError(errors)
    sel, matched, notes = api.select(kb, country=codes, any_country=anyc, group=group, person=person, q=q,
                                     kind=kind, status=status, since=lo, until=hi, topic=topic, role=role,
                                     lang=lang, source=source, min_confidence=min_confidence)
    if lo and hi and lo > hi:  # not a bad value but two that exclude each other: the answer is empty
        notes.append(f"since {since} is after until {until}: no event can match")
    return Filters(sel, matched, notes)


def _checked(errors: list[dict[str, Any]], loc: tuple[str | int, ...], read: Callable[[str], str],
             value: str) -> str:
    """``read(value)``, or "" with the ValueError's message added to ``errors`` as FastAPI words them."""
    try:
        return read(value)
    except ValueError as e:
        errors.append({"type": "value_error", "loc": loc, "msg": str(e)})
        return ""


def language_code(value: str, kb: KnowledgeBase) -> str:
    """``value`` if the knowledge base registers that language, else a ValueError listing those it does."""
    if value not in kb.languages:
        raise ValueError(f"unknown language {value!r}: use one of {', '.join(kb.languages.codes)}")
    return value


def openapi_components(kb: KnowledgeBase) -> dict[str, Any]:
    """The schemas the parameters refer to: the country codes, listed once however many endpoints take
    ``country``/``any_country``, and the languages the knowledge base registers."""
    return {"CountryName": {"type": "string", "enum": country_codes(kb), "description": COUNTRY_HELP
                            + ". Listed: the codes; also taken: any letter case, and the names (not listed: "
                            "thousands of forms). Anything else is a 422 that suggests a country."},
            "LanguageCode": {"type": "string", "enum": kb.languages.codes,
                             "description": "a language the knowledge base registers (GET /api/meta: langs)"}}


Filtered = Annotated[Filters, Depends(filters)]


def people_matched(cfg: Settings, ids: list[str]) -> list[dict[str, Any]]:
    kb = cfg.kb
    return [{"id": i, "name": kb.people[i]["name"], "country": kb.people[i]["country"]} for i in ids]


def country_name(cfg: Settings) -> Any:
    countries = cfg.kb.countries
    return lambda code: countries.get(code, {}).get("name", code)
