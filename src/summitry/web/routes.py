"""JSON API: events, one event, pair timelines, entity search, documents, extraction and ingest.

Reads open the store read-only for each request (SQLite connections are per thread, and a reader
must never hold a write lock the CLI's ingest would wait on); the ingest endpoint opens its own
write Store.  Endpoints are plain ``def`` so FastAPI runs them in its thread pool.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from summitry import api
from summitry.export import event_dict
from summitry.knowledge.variants import fold
from summitry.merge import merge
from summitry.model import KINDS, STATUSES, TOPICS, RawDocument, ReadError
from summitry.pipeline import Processed
from summitry.store import EventFilter, Store, content_hash
from summitry.web import schemas as s
from summitry.web.app import Settings

router = APIRouter()
ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": s.Problem}, 422: {"description": "invalid parameter"}}
INGEST_HELP = "ingest is disabled on this server; start it with 'summitry serve --allow-ingest' to enable it"


def settings(request: Request) -> Settings:
    return request.app.state.settings


def reader(cfg: Annotated[Settings, Depends(settings)]) -> Iterator[Store]:
    """A read-only store for one request; 503 when nothing has been ingested yet."""
    try:
        store = Store(cfg.db, readonly=True)
    except FileNotFoundError as e:
        raise HTTPException(503, str(e)) from e
    try:
        yield store
    finally:
        store.close()


Reader = Annotated[Store, Depends(reader)]
Config = Annotated[Settings, Depends(settings)]


def _cursor(key: str, event_id: str, order: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([key, event_id, order]).encode()).decode().rstrip("=")


def _uncursor(cursor: str, order: str) -> tuple[str, str]:
    try:
        key, event_id, was = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if was != order or not isinstance(key, str) or not isinstance(event_id, str):
            raise ValueError(cursor)
    except (ValueError, TypeError, binascii.Error) as e:
        raise HTTPException(422, "invalid cursor (pass next_cursor from the previous page, same order)") from e
    return key, event_id


@router.get("/events", response_model=s.EventPage, responses=ERRORS, tags=["events"])
def list_events(
    store: Reader, cfg: Config,
    country: Annotated[list[s.Iso3] | None, Query(description="ISO3; repeat for a pair")] = None,
    person: Annotated[str | None, Query(description="a leader's name in any script or case form")] = None,
    kind: Annotated[s.Kind | None, Query()] = None,
    status: Annotated[s.Status | None, Query()] = None,
    since: Annotated[str | None, Query(pattern=s.ISO_DATE)] = None,
    until: Annotated[str | None, Query(pattern=s.ISO_DATE)] = None,
    topic: Annotated[s.Topic | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description="text in names, places or evidence")] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0, description="only events at least this "
                                                  "likely to be right (calibrated confidence)")] = None,
    order: Annotated[Literal["asc", "desc"], Query(description="asc: oldest first; undated last")] = "asc",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> dict[str, Any]:
    """Events matching every filter, one page at a time (summaries; fetch one event for its mentions)."""
    people = (api.resolve_person(person, cfg.kb) or [person]) if person else None
    flt = EventFilter(country=country, kind=kind, status=status, since=since, until=until, topic=topic)
    after = _uncursor(cursor, order) if cursor else None
    rows, total = store.event_page(flt, people=people, query=q, after=after, newest_first=order == "desc",
                                   limit=limit + 1, min_confidence=min_confidence)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = _cursor(rows[-1]["sort_key"], rows[-1]["id"], order) if more else None
    return {"items": rows, "total": total, "next_cursor": nxt}


@router.get("/events/{event_id}", response_model=s.Event, responses=ERRORS, tags=["events"])
def get_event(event_id: str, store: Reader) -> dict[str, Any]:
    """One event with every mention: evidence sentence, offsets into its document, source URL."""
    found = store.event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return event_dict(found)


@router.get("/pairs/{a}/{b}", response_model=s.Pair, responses=ERRORS, tags=["events"])
def pair(a: Annotated[str, Path(pattern=s.ISO3)], b: Annotated[str, Path(pattern=s.ISO3)], store: Reader,
         cfg: Config) -> dict[str, Any]:
    """Contacts between two countries counted per year (calls, meetings, planned) and per kind."""
    a, b = a.upper(), b.upper()
    names = {c: cfg.kb.countries.get(c, {}).get("name") for c in (a, b)}
    if a == b or not all(names.values()):
        unknown = [c for c, n in names.items() if not n]
        raise HTTPException(404, f"unknown country code {unknown[0]}" if unknown else "a pair needs two countries")
    years: dict[str | None, dict[str, int]] = {}
    by_kind: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for year, kind, status, n in store.pair_counts(a, b):
        row = years.setdefault(year, {"call": 0, "meeting": 0, "planned": 0, "total": 0})
        row[kind] += n
        row["total"] += n
        row["planned"] += n if status == "planned" else 0
        by_kind[kind] += n
        by_status[status] += n
    dated = sorted(y for y in years if y)
    if dated:  # empty years are drawn as gaps, not skipped
        for y in range(int(dated[0]), int(dated[-1]) + 1):
            years.setdefault(str(y), {"call": 0, "meeting": 0, "planned": 0, "total": 0})
    ordered = sorted(years, key=lambda y: (y is None, y or ""))
    return {"a": a, "b": b, "a_name": names[a], "b_name": names[b], "total": sum(by_kind.values()),
            "by_kind": {k: by_kind[k] for k in KINDS}, "by_status": {k: by_status[k] for k in STATUSES},
            "years": [{"year": y, **years[y]} for y in ordered]}


@router.get("/entities", response_model=list[s.Entity], responses=ERRORS, tags=["knowledge base"])
def entities(q: Annotated[str, Query(min_length=1, max_length=200, description="any name form, any script")],
             cfg: Config) -> list[dict[str, Any]]:
    """People, countries, places and organisations known by this name ('Жапаров' finds Sadyr Japarov)."""
    kb = cfg.kb
    key = fold(q).strip()
    hits = {tuple(r) for r in kb.data["patterns"].get(key, [])}
    hits |= {("person", pid) for pid in api.resolve_person(q, kb)}
    hits |= {("country", c) for c, d in kb.countries.items() if key and (key == c.lower() or key in fold(d["name"]))}
    out = []
    for kind, ident in sorted(hits):
        if kind in ("person", "surname") and ident in kb.people:
            p = kb.people[ident]
            out.append({"kind": "person", "id": ident, "name": p["name"], "country": p["country"],
                        "offices": [{k: o.get(k) for k in ("role", "country", "start", "end")}
                                    for o in p["offices"]]})
        elif kind in ("country", "adjective") and ident in kb.countries:
            out.append({"kind": "country", "id": ident, "name": kb.countries[ident]["name"], "country": ident})
        elif kind == "place" and ident in kb.places:
            pl = kb.places[ident]
            out.append({"kind": "place", "id": ident, "name": pl["name"], "country": pl["country"]})
        elif kind == "org" and ident in kb.orgs:
            out.append({"kind": "org", "id": ident, "name": kb.orgs[ident]["name"],
                        "members": list(kb.orgs[ident]["members"])})
    unique = {(e["kind"], e["id"]): e for e in out}
    return list(unique.values())[:100]


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
    return {**store.stats(), "countries": sorted(countries, key=lambda c: c["name"]), "kinds": list(KINDS),
            "statuses": list(STATUSES), "topics": list(TOPICS), "first_date": facets["first_date"],
            "last_date": facets["last_date"], "ingest_enabled": cfg.allow_ingest,
            "token_required": cfg.token is not None, "max_body": cfg.max_body}


def _raw(article: s.Article, source: str) -> RawDocument:
    doc_id = article.id or "web-" + hashlib.sha256(article.text.encode()).hexdigest()[:16]
    return RawDocument(doc_id, article.text, source, url=article.url, published=article.published,
                       published_source="api" if article.published else None, lang=article.lang)


def _spans(p: Processed) -> list[dict[str, Any]]:
    return [{"start": m.start, "end": m.end, "kind": m.kind, "entity_id": m.entity_id} for m in p.mentions]


@router.post("/extract", response_model=s.Extraction, responses={413: {"model": s.Problem}, 422: {}},
             tags=["documents"])
def extract(article: s.Article, cfg: Config) -> dict[str, Any]:
    """Run the pipeline on one article and return what it finds, merged; nothing is stored."""
    p = api.process_text(article.text, cfg.kb, doc_id=article.id or "pasted", url=article.url,
                         published=article.published, published_source="api" if article.published else None,
                         lang=article.lang)
    d = p.document
    return {"lang": d.lang, "published": d.published, "published_source": d.published_source, "text": d.text,
            "spans": _spans(p), "events": [event_dict(e) for e in merge(p.contacts)]}


INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Article"}},
    "application/x-ndjson": {"schema": {"type": "string", "description": "JSONL: one object per line with "
                                        "id, text and optional url, published, lang"}},
    "text/plain": {"schema": {"type": "string", "description": "the article text; ?id= names the document"}}}}}


def _authorise(request: Request, cfg: Settings) -> None:
    if not cfg.allow_ingest:
        raise HTTPException(403, INGEST_HELP)
    if cfg.token is None:
        return
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), cfg.token.encode()):
        raise HTTPException(401, "this server needs 'Authorization: Bearer <token>' (its --token / "
                            "$SUMMITRY_TOKEN) to store articles", headers={"WWW-Authenticate": "Bearer"})


def _parse_body(body: bytes, content_type: str, doc_id: str | None, cfg: Settings) -> tuple[list[RawDocument],
                                                                                             list[str]]:
    """Articles from a JSON, JSONL or plain-text body; unusable JSONL lines become messages."""
    from pydantic import ValidationError

    from summitry.read import _jsonl

    if content_type in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        items = list(_jsonl(body.splitlines(), "request", cfg.max_body))
        return ([i for i in items if isinstance(i, RawDocument)],
                [str(i) for i in items if isinstance(i, ReadError)])
    try:
        if content_type == "application/json":
            article = s.Article.model_validate_json(body)
        elif content_type == "text/plain":
            article = s.Article(text=body.decode("utf-8"), id=doc_id)
        else:
            raise HTTPException(415, "send application/json, application/x-ndjson or text/plain")
    except ValidationError as e:
        raise HTTPException(422, json.loads(e.json(include_url=False))) from e
    except UnicodeDecodeError as e:
        raise HTTPException(422, "text/plain body must be UTF-8") from e
    if not article.text.strip():
        raise HTTPException(422, "empty text")
    return [_raw(article, "request")], []


@router.post("/documents", response_model=s.IngestResult, status_code=201, openapi_extra=INGEST_BODY,
             responses={401: {"model": s.Problem}, 403: {"model": s.Problem}, 413: {"model": s.Problem},
                        415: {"model": s.Problem}, 422: {}}, tags=["documents"])
async def ingest(request: Request, cfg: Config,
                 id: Annotated[str | None, Query(max_length=200, description="document id for text/plain")] = None
                 ) -> dict[str, Any]:
    """Store articles (JSON, JSONL or plain text) and return the events they now belong to.

    Off unless the server runs with --allow-ingest; needs the bearer token when one is set.
    """
    from starlette.concurrency import run_in_threadpool

    _authorise(request, cfg)
    body = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    docs, errors = _parse_body(body, content_type, id, cfg)
    if not docs:
        raise HTTPException(422, "no usable article: " + "; ".join(errors or ["empty body"]))
    return await run_in_threadpool(_store, docs, errors, cfg)


def _store(docs: list[RawDocument], errors: list[str], cfg: Settings) -> dict[str, Any]:
    kb = cfg.kb
    batch = []
    for raw in docs:
        p = api.process_text(raw.text, kb, doc_id=raw.doc_id, url=raw.url, published=raw.published,
                             published_source=raw.published_source, lang=raw.lang)
        p.document.source = raw.source
        p.digest = content_hash(raw, kb.version)
        batch.append(p)
    with Store(cfg.db) as store:  # a write store of its own, closed before the answer is sent
        result = store.ingest(batch, kb.version)
        found = store.events_of_documents([d.doc_id for d in docs])
    return {"added": result.added, "updated": result.updated, "unchanged": result.unchanged,
            "mentions": result.mentions, "documents": [d.doc_id for d in docs],
            "events": [event_dict(e) for e in found], "errors": errors}


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (the only ones allowed to ingest without a token)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
