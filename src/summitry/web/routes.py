"""JSON API: events, one event, pair timelines, entity search, documents, extraction and ingest.

Reads open the store read-only for each request (SQLite connections are per thread, and a reader
must never hold a write lock the CLI's ingest would wait on); the ingest endpoint opens its own
write Store.  Endpoints are plain ``def`` so FastAPI runs them in its thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from summitry import jsonio, stats
from summitry.export import event_dict, stored_mention_dict
from summitry.knowledge import Country, Hit, Person, Place
from summitry.model import ROLES, STATUSES, TOPICS
from summitry.stats import outlet
from summitry.store import select
from summitry.store.select import Selection
from summitry.web import schemas as s
from summitry.web.deps import Config, Filtered, Reader, people_matched
from summitry.web.settings import is_loopback as is_loopback  # re-exported: summitry serve uses it
from summitry.when import describe

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": s.Problem}, 422: {"description": "invalid parameter"}}


def with_when(d: dict[str, Any]) -> dict[str, Any]:
    d["when"] = describe(d.get("date"), d.get("date_start"), d.get("date_end"))
    return d


def _uncursor(cursor: str) -> tuple[str, str]:
    key, _, event_id = cursor.partition("~")
    return key, event_id


@router.get("/events", response_model=s.EventPage, responses=ERRORS, tags=["events"])
def list_events(
    store: Reader, cfg: Config, f: Filtered,
    order: Annotated[Literal["asc", "desc"], Query(description="asc: oldest first; undated last")] = "asc",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query(pattern=s.CURSOR, description="next_cursor of the previous page")] = None,
) -> dict[str, Any]:
    """Events matching every filter, one page at a time (summaries; fetch one event for its mentions)."""
    rows, total = select.event_page(store, f.selection, _uncursor(cursor) if cursor else None, order == "desc",
                                    limit + 1)
    more = len(rows) > limit
    rows = [with_when(r) for r in rows[:limit]]
    nxt = f"{rows[-1]['sort_key']}~{rows[-1]['id']}" if more else None
    return {"items": rows, "total": total, "next_cursor": nxt, "people": people_matched(cfg, f.matched),
            "notes": f.notes}


@router.get("/events/{event_id}", response_model=s.Event, responses=ERRORS, tags=["events"])
def get_event(event_id: str, store: Reader,
              mentions: Annotated[bool, Query(description="false: the event without its mentions (page them with "
                                                          "GET /api/events/{id}/mentions)")] = True) -> dict[str, Any]:
    """One event with every mention: evidence sentence, offsets into its document, source URL."""
    found = store.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    d = with_when(event_dict(found))
    if not mentions:
        d["mentions"] = []
    return d


def _title(text: str) -> str | None:
    """A document's first line when it reads like a title (short, not the ' date …' header)."""
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("date "):
            return line if len(line) <= 200 else None
    return None


def _document(row: tuple[Any, ...], context: int) -> dict[str, Any]:
    doc_id, url, published, lang, _source, text, mentions = row
    ms = [stored_mention_dict(jsonio.loads(m)) for m in mentions]
    lo = max(0, min(m["start"] for m in ms) - context)
    hi = min(len(text), max(m["end"] for m in ms) + context)
    return {"doc_id": doc_id, "outlet": outlet(url), "title": _title(text), "url": url, "published": published,
            "lang": lang, "excerpt": text[lo:hi], "excerpt_start": lo, "text_length": len(text), "mentions": ms}


@router.get("/events/{event_id}/mentions", response_model=s.MentionPage, responses=ERRORS, tags=["events"])
def event_mentions(event_id: str, store: Reader,
                   offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                   limit: Annotated[int, Query(ge=1, le=200)] = 20,
                   context: Annotated[int, Query(ge=0, le=5000, description="characters of text around the "
                                                 "evidence")] = 400) -> dict[str, Any]:
    """An event's mentions grouped by document, one page of documents per request, newest first, each with
    its outlet, title and an excerpt around its evidence (not the whole text)."""
    rows, total = select.mention_rows(store, event_id, offset, limit)
    if total == 0 and store.event(event_id) is None:
        raise HTTPException(404, f"no event {event_id!r}")
    nxt = offset + limit if offset + limit < total else None
    return {"documents": [_document(r, context) for r in rows], "total_documents": total, "offset": offset,
            "next_offset": nxt}


@router.get("/pairs/{a}/{b}", response_model=s.Pair, responses=ERRORS, tags=["aggregates"])
def pair(a: Annotated[str, Path(pattern=s.ISO3)], b: Annotated[str, Path(pattern=s.ISO3)], store: Reader,
         cfg: Config) -> dict[str, Any]:
    """Contacts between two countries counted per year (calls, meetings, planned) and per kind; an event known
    only as a range counts in a year only when its whole range is in it, and with the undated otherwise."""
    a, b = a.upper(), b.upper()
    names = {c: cfg.kb.countries.get(c, {}).get("name") for c in (a, b)}
    if a == b or not all(names.values()):
        unknown = [c for c, n in names.items() if not n]
        raise HTTPException(404, f"unknown country code {unknown[0]}" if unknown else "a pair needs two countries")
    facts = stats.load(store, Selection(country=[a, b]))
    return {"a": a, "b": b, "a_name": names[a], "b_name": names[b], "total": len(facts),
            "by_kind": {k: sum(f.kind == k for f in facts) for k in cfg.kb.kinds.names},
            "by_status": {k: sum(f.status == k for f in facts) for k in STATUSES}, "years": stats.years(facts)}


@router.get("/entities", response_model=list[s.Entity], responses=ERRORS, tags=["knowledge base"])
def entities(q: Annotated[str, Query(min_length=1, max_length=200, description="any name form, any script")],
             cfg: Config) -> list[dict[str, Any]]:
    """People, countries, places and organisations known by this name ('Жапаров' finds Sadyr Japarov)."""
    return [_entity(hit) for hit in cfg.kb.find(q, countries_by_name=True)[:100]]  # find names each record once


def _entity(hit: Hit) -> dict[str, Any]:
    """A knowledge-base record as ``schemas.Entity``."""
    r = hit.record
    if isinstance(r, Person):
        return {"kind": "person", "id": r.id, "name": r.name, "country": r.country,
                "offices": [{"role": o.role, "country": o.country, "start": o.start, "end": o.end} for o in r.offices]}
    if isinstance(r, Country):
        return {"kind": "country", "id": r.id, "name": r.name, "country": r.id}
    if isinstance(r, Place):
        return {"kind": "place", "id": r.id, "name": r.name, "country": r.country}
    return {"kind": "org", "id": r.id, "name": r.name, "members": list(r.members)}


@router.get("/documents/{doc_id:path}", response_model=s.Document, responses=ERRORS, tags=["documents"])
def document(doc_id: str, store: Reader) -> dict[str, Any]:
    """A stored document's text, the entity spans found in it and the contacts extracted from it."""
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    doc["spans"] = [{"start": a, "end": b, "kind": k, "entity_id": i} for a, b, k, i in doc["spans"]]
    doc["contacts"] = [{"event_id": ev, "kind": c.kind, "status": c.status, "salience": c.salience, "start": c.start,
                        "end": c.end, "evidence": c.evidence, "date": c.date.date, "date_source": c.date.source}
                       for c, ev in store.document_contacts(doc_id)]
    return doc


@router.get("/meta", response_model=s.Meta, tags=["meta"])
def meta(store: Reader, cfg: Config) -> dict[str, Any]:
    """Store counts, what the filters can take, and whether this server accepts articles."""
    facets = store.facets()
    countries = [{"code": c, "name": cfg.kb.countries.get(c, {}).get("name", c)} for c in facets["countries"]]
    groups = [{"id": g, "name": o["name"], "members": list(o["members"])} for g, o in cfg.kb.orgs.items()]
    return {**store.stats(), "countries": sorted(countries, key=lambda c: c["name"]), "kinds": list(cfg.kb.kinds.names),
            "kind_labels": [{"name": k.name, "label": k.label, "plural": k.plural} for k in cfg.kb.kinds.rows],
            "statuses": list(STATUSES), "topics": list(TOPICS), "first_date": facets["first_date"],
            "groups": sorted(groups, key=lambda g: g["name"]), "roles": list(ROLES), "langs": cfg.kb.languages.codes,
            "last_date": facets["last_date"], "ingest_enabled": cfg.allow_ingest,
            "token_required": cfg.token is not None, "extract_enabled": cfg.extract, "max_body": cfg.max_body,
            "max_extract": cfg.max_extract}
