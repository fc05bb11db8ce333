"""Aggregates over the current filter: facet counts, the timeline's view, pair rankings, a country's or a
leader's profile, the map's places and links, and downloads (CSV, JSONL) of the filtered events.

Every endpoint takes the same filters as ``GET /api/events`` and answers from ``summitry.stats``,
which the CLI's ``summitry pairs`` and ``summitry stats`` use too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import StreamingResponse

from summitry import chrono, jsonio, stats
from summitry.export import CSV_FIELDS, csv_row, event_dict
from summitry.knowledge import shipped_kinds
from summitry.store import Store, select
from summitry.store.select import Selection
from summitry.web import schemas as s
from summitry.web.deps import Config, Filtered, Reader, country_name
from summitry.web.routes import ERRORS
from summitry.web.settings import Settings

router = APIRouter()
T = TypeVar("T")


def _kept(cfg: Settings, store: Store, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its answer kept from an earlier request on the same store version (cache.py)."""
    return cfg.answers.get(store, key, compute) if cfg.answers else compute()


@router.get("/facets", response_model=s.Facets, responses=ERRORS, tags=["aggregates"])
def facets(store: Reader, cfg: Config, f: Filtered) -> dict[str, Any]:
    """For each filter, how many events each of its values would leave, the other filters kept as they are."""
    def compute() -> dict[str, Any]:
        facts = stats.load_for_facets(store, f.selection.base())
        return stats.facets(facts, f.selection, {g: o["members"] for g, o in cfg.kb.orgs.items()})

    return _kept(cfg, store, ("facets", repr(f.selection)), compute)


@router.get("/timeline", response_model=s.Timeline, responses=ERRORS, tags=["aggregates"])
def timeline(store: Reader, cfg: Config, f: Filtered,
             start: Annotated[str | None, Query(pattern=s.ISO_DATE, description="window start (default: where the "
                                                "dates are dense)")] = None,
             end: Annotated[str | None, Query(pattern=s.ISO_DATE)] = None,
             max_items: Annotated[int, Query(ge=1, le=2000, description="more events than this in the window "
                                             "are counted per week, month or year")] = chrono.MAX_ITEMS
             ) -> dict[str, Any]:
    """What the timeline draws for a window: its events, or their counts per period when there are many."""
    return _kept(cfg, store, ("timeline", repr(f.selection), start, end, max_items),
                 lambda: _timeline(store, cfg, f.selection, start, end, max_items))


def _timeline(store: Store, cfg: Settings, sel: Selection, start: str | None, end: str | None,
              max_items: int) -> dict[str, Any]:
    dates = stats.load_dates(store, sel)
    dense = chrono.dense_range(dates)
    lo, hi = start or dense["start"], end or dense["end"]
    if lo and hi and lo > hi:
        lo, hi = hi, lo
    shown = [x for x in dates if chrono.anchor(x) and (not hi or (x.first or x.last or "") <= hi)
             and (not lo or (x.last or x.first or "") >= lo)]
    if len(shown) <= max_items:  # drawn one by one: the names and places are needed, for these only
        wanted = {x.id for x in shown}
        shown = [x for x in stats.load(store, sel.window(lo, hi)) if x.id in wanted]
    return {**chrono.view(shown, lo, hi, country_name(cfg), max_items), "dense": dense}


def _named(cfg: Settings, row: dict[str, Any], *keys: str) -> dict[str, Any]:
    name = country_name(cfg)
    return {**row, **{f"{k}_name" if k in ("a", "b") else "name": name(row[k]) for k in keys}}


@router.get("/pairs", response_model=list[s.PairRank], responses=ERRORS, tags=["aggregates"])
def pair_ranking(store: Reader, cfg: Config, f: Filtered,
                 limit: Annotated[int, Query(ge=1, le=5000)] = 100) -> list[dict[str, Any]]:
    """Country pairs ranked by contacts under the filters (one ``country``: the pairs it is in)."""
    sel = f.selection
    focus = sel.country[0] if len(sel.country) == 1 else None
    return _kept(cfg, store, ("pairs", repr(sel), limit), lambda: [
        _named(cfg, r, "a", "b") for r in stats.pairs(stats.load(store, sel), focus)[:limit]])


def _profile(cfg: Settings, store: Store, f: Any, *, country: str | None = None,
             person: str | None = None) -> dict[str, Any]:
    sel = replace(f.selection, country=[*f.selection.country, country] if country else f.selection.country,
                  people=[person] if person else f.selection.people)
    out = stats.profile(stats.load(store, sel), country=country, person=person)
    out["counterparts"] = [_named(cfg, r, "country") for r in out["counterparts"]]
    out["places"] = [_point(cfg, p) for p in out["places"]]
    return out


@router.get("/countries/{code}", response_model=s.Profile, responses=ERRORS, tags=["aggregates"])
def country_profile(code: Annotated[str, Path(pattern=s.ISO3)], store: Reader, cfg: Config,
                    f: Filtered) -> dict[str, Any]:
    """A country's contacts: per year, by kind and by the office of its side, counterparts ranked, places."""
    code = code.upper()
    if code not in cfg.kb.countries:
        raise HTTPException(404, f"unknown country code {code}; GET /api/meta lists the countries")
    return {"kind": "country", "id": code, "name": cfg.kb.countries[code]["name"], "country": code,
            **_profile(cfg, store, f, country=code)}


@router.get("/leaders/{person_id}", response_model=s.Profile, responses=ERRORS, tags=["aggregates"])
def leader_profile(person_id: Annotated[str, Path(max_length=200)], store: Reader, cfg: Config,
                   f: Filtered) -> dict[str, Any]:
    """A leader's contacts: per year, by kind and by office held, counterpart countries and leaders, places."""
    person = cfg.kb.people.get(person_id)
    if person is None:
        raise HTTPException(404, f"no leader with the id {person_id!r}; GET /api/entities?q=NAME finds ids")
    return {"kind": "leader", "id": person_id, "name": person["name"], "country": person["country"],
            **_profile(cfg, store, f, person=person_id)}


def _point(cfg: Settings, place: dict[str, Any]) -> dict[str, Any]:
    at = cfg.geo["places"].get(f"{place['city']}|{place['country']}") if place["city"] else None
    at = at or (cfg.geo["capitals"].get(place["country"]) if not place["city"] else None)
    return {**place, "lat": at[0] if at else None, "lon": at[1] if at else None}


@router.get("/map", response_model=s.MapData, responses=ERRORS, tags=["aggregates"])
def map_data(store: Reader, cfg: Config, f: Filtered,
             links: Annotated[int, Query(ge=0, le=2000, description="most country pairs to draw")] = 300
             ) -> dict[str, Any]:
    """Meeting places (with coordinates when the knowledge base's place is known) and country-to-country links
    between capitals, for the current filter.  A meeting whose country but not city is known is not placed."""
    return _kept(cfg, store, ("map", repr(f.selection), links), lambda: _map(store, cfg, f.selection, links))


def _map(store: Store, cfg: Settings, sel: Selection, links: int) -> dict[str, Any]:
    facts = stats.load(store, sel)
    places = [_point(cfg, p) for p in stats.places(facts) if p["city"]]
    caps = cfg.geo["capitals"]
    pairs = [{"a": r["a"], "b": r["b"], "total": r["total"],
              "a_lat": caps.get(r["a"], [None])[0], "a_lon": caps.get(r["a"], [None, None])[1],
              "b_lat": caps.get(r["b"], [None])[0], "b_lon": caps.get(r["b"], [None, None])[1]}
             for r in stats.pairs(facts)[:links]]
    kinds = shipped_kinds()
    placed = sum(p["meetings"] for p in places if p["lat"] is not None)
    unplaced = sum(1 for x in facts if kinds[x.kind].has_place) - placed
    return {"places": [p for p in places if p["lat"] is not None], "links": pairs, "unplaced": unplaced}


@router.get("/export", responses={**ERRORS, 200: {"content": {"text/csv": {}, "application/x-ndjson": {}},
                                                    "description": "the filtered events, oldest first"}},
            tags=["events"], response_class=StreamingResponse)
def export(store: Reader, f: Filtered,
           format: Annotated[Literal["csv", "jsonl"], Query(description="csv: a row per event; jsonl: the "
                                                             "export format, a line per event")] = "jsonl"
           ) -> StreamingResponse:
    """Download the events of the current filter (what ``summitry export`` writes, filtered)."""
    ids = list(select.event_ids(store, f.selection))
    db = store.path

    def lines() -> Iterator[str]:
        with Store(db, readonly=True) as own:  # the request's store closes when the response starts
            if format == "csv":
                buf = io.StringIO()
                writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
                writer.writeheader()
                for event in filter(None, map(own.event, ids)):
                    writer.writerow(csv_row(event_dict(event)))
                    yield buf.getvalue()
                    buf.seek(0)
                    buf.truncate()
                yield buf.getvalue()
            else:
                for event in filter(None, map(own.event, ids)):
                    yield jsonio.dumps(event_dict(event)) + "\n"

    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    return StreamingResponse(lines(), media_type=media,
                             headers={"content-disposition": f'attachment; filename="summitry-events.{format}"'})
