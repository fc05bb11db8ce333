"""The endpoints that run the pipeline: extraction without storing, and ingest.

Both run it in the one worker process (``worker.py``) within a time budget.  Extraction takes at
most ``max_extract`` characters and is off by default on a server reachable beyond loopback;
ingest is off unless ``--allow-ingest`` and always wants the bearer token.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from summitry.export import event_dict
from summitry.merge import merge
from summitry.model import RawDocument, ReadError
from summitry.pipeline import Processed
from summitry.store import Store, content_hash
from summitry.web import schemas as s
from summitry.web.deps import Config, language_code
from summitry.web.pages import jsonable
from summitry.web.routes import with_when
from summitry.web.settings import Settings
from summitry.web.worker import Busy, Overrun

router = APIRouter()
INGEST_HELP = "ingest is disabled on this server; start it with 'summitry serve --allow-ingest' to enable it"
EXTRACT_HELP = ("extraction is off on this server (it listens beyond loopback); start it with --extract to "
                "offer it, or run 'summitry serve' on 127.0.0.1")
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **{code: {"model": s.Problem} for code in (400, 401, 403, 413, 415, 503)}, 422: {"description": "invalid body"}}


def _raw(article: s.Article, source: str, cfg: Settings) -> RawDocument:
    if article.lang is not None:
        try:
            language_code(article.lang, cfg.kb)
        except ValueError as e:
            raise HTTPException(422, str(e)) from e
    doc_id = article.id or "web-" + hashlib.sha256(article.text.encode()).hexdigest()[:16]
    return RawDocument(doc_id, article.text, source, url=article.url, published=article.published,
                       published_source="api" if article.published else None, lang=article.lang)


def _run(docs: list[RawDocument], cfg: Settings) -> list[Processed]:
    """The pipeline on each document in the worker process; 503 when it is busy, 422 when it overruns."""
    assert cfg.worker is not None
    try:
        outs = cfg.worker.run(docs)
    except Busy as e:
        raise HTTPException(503, str(e), headers={"Retry-After": "5"}) from e
    except Overrun as e:
        raise HTTPException(422, str(e)) from e
    for raw, out in zip(docs, outs, strict=True):
        if isinstance(out, Exception):
            raise HTTPException(422, f"{raw.doc_id}: {out}")
    return outs


@router.post("/extract", response_model=s.Extraction, responses=WRITE_ERRORS, tags=["documents"])
def extract(article: s.Article, cfg: Config) -> dict[str, Any]:
    """Run the pipeline on one article and return what it finds, merged; nothing is stored."""
    if not cfg.extract:
        raise HTTPException(403, EXTRACT_HELP)
    if len(article.text) > cfg.max_extract:
        raise HTTPException(413, f"article of {len(article.text)} characters; this server extracts from at most "
                                 f"{cfg.max_extract} (start it with a larger --max-extract)")
    [p] = _run([_raw(article, "pasted", cfg)], cfg)
    d = p.document
    return {"lang": d.lang, "published": d.published, "published_source": d.published_source, "text": d.text,
            "spans": [{"start": m.start, "end": m.end, "kind": m.kind, "entity_id": m.entity_id} for m in p.spans],
            "events": [with_when(event_dict(e)) for e in merge(p.contacts, cfg.kb.kinds)]}


INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Article"}},
    "application/x-ndjson": {"schema": {"type": "string", "minLength": 1, "description": "JSONL: one object per "
                                        "line with id, text and optional url, published, lang"}}}}}


def _authorise(request: Request, cfg: Settings) -> None:
    if not cfg.allow_ingest:
        raise HTTPException(403, INGEST_HELP)
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if cfg.token is None or not hmac.compare_digest(given.encode(), cfg.token.encode()):
        raise HTTPException(401, "this server needs 'Authorization: Bearer <token>' to store articles (the token "
                            "'summitry serve' printed, or its --token-file / $SUMMITRY_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


def _parse_body(body: bytes, content_type: str, cfg: Settings) -> tuple[list[RawDocument], list[str]]:
    """Articles from a JSON or JSONL body; unusable JSONL lines become messages."""
    from summitry.read import _jsonl

    if content_type == "application/x-ndjson":
        items = list(_jsonl(body.splitlines(), "request", cfg.max_body))
        return ([i for i in items if isinstance(i, RawDocument)],
                [str(i) for i in items if isinstance(i, ReadError)])
    try:
        article = s.Article.model_validate_json(body)
    except ValidationError as e:
        raise HTTPException(422, jsonable(e.errors(include_url=False, include_input=False))) from e
    except UnicodeDecodeError as e:
        raise HTTPException(422, "the body is not UTF-8") from e
    return [_raw(article, "request", cfg)], []


@router.post("/documents", response_model=s.IngestResult, status_code=201, openapi_extra=INGEST_BODY,
             responses=WRITE_ERRORS, tags=["documents"])
async def ingest(request: Request, cfg: Config,
                 id: Annotated[str | None, Query(max_length=200, deprecated=True,
                                                 description="unused (plain-text bodies are no longer taken)")] = None
                 ) -> dict[str, Any]:
    """Store articles (JSON, or JSONL as application/x-ndjson) and return the events they now belong to.

    Off unless the server runs with --allow-ingest; always needs the bearer token.
    """
    _authorise(request, cfg)
    body = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    docs, errors = _parse_body(body, content_type, cfg)
    if not docs:
        raise HTTPException(422, "no usable article: " + "; ".join(errors or ["empty body"]))
    return await run_in_threadpool(_store, docs, errors, cfg)


def _store(docs: list[RawDocument], errors: list[str], cfg: Settings) -> dict[str, Any]:
    kb = cfg.kb
    batch = _run(docs, cfg)
    for raw, p in zip(docs, batch, strict=True):
        p.document.source = raw.source
        p.digest = content_hash(raw, kb.version)
    with Store(cfg.db) as store:  # a write store of its own, closed before the answer is sent
        result = store.ingest(batch, kb.version)
        found = store.events_of_documents([d.doc_id for d in docs])
    return {"added": result.added, "updated": result.updated, "unchanged": result.unchanged,
            "mentions": result.mentions, "documents": [d.doc_id for d in docs],
            "events": [with_when(event_dict(e)) for e in found], "errors": errors}

