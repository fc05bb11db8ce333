"""The web app factory: JSON API, the static front end, and the rules every request passes.

Pages are static HTML whose scripts fetch the API and build the DOM with ``textContent``, so no
article text ever reaches the browser as markup; the Content-Security-Policy forbids inline
scripts as a second line of defence.  Requests must name this server in ``Host`` (no DNS
rebinding), writes need a token, a JSON content type (which no other site's form or plain fetch
can send without a CORS preflight, which is never granted) and, when the browser names one, this
server's own ``Origin``.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from summitry.store import is_url
from summitry.web import errors, pages
from summitry.web.cache import Answers
from summitry.web.ingest import router as ingest_router
from summitry.web.routes import router
from summitry.web.settings import LOOPBACK_NAMES, MAX_BODY, MAX_EXTRACT, STATIC, Settings
from summitry.web.views import router as views_router
from summitry.web.worker import Worker

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
WRITE_TYPES = ("application/json", "application/x-ndjson")
WRITE_PATHS = ("/api/documents", "/api/extract")  # what takes a body; any other write is answered 405 by the router


def _problem(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


class Guard:
    """Host check for every request, Origin and content-type checks for every write; a 413 for a body
    over ``limit`` bytes, whether declared or streamed."""

    def __init__(self, app: ASGIApp, hosts: list[str], limit: int) -> None:
        self.app, self.limit = app, limit
        self.hosts = {h.lower().strip("[]") for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:  # an HTTPException passes FastAPI's body parsing untouched
                raise HTTPException(413, self.too_large)
            return message

        await self.app(scope, counted, send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> Response | None:
        host = _hostname(headers.get("host", ""))
        if host not in self.hosts:
            return _problem(400, f"this server does not answer to the name {host!r}; start it with "
                                 f"'--allowed-host {host}' if that name is meant to reach it")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            return _problem(413, self.too_large)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin is not None and _hostname(origin.split("://", 1)[-1]) not in self.hosts:
                return _problem(403, f"requests from the page at {origin} may not write here; use this "
                                     "server's own pages or a client that sends no Origin")
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if scope["method"] == "POST" and scope["path"] in WRITE_PATHS and kind not in WRITE_TYPES:
                return _problem(415, "send the body as application/json (or application/x-ndjson for "
                                     "several articles to /api/documents)")
        return None

    @property
    def too_large(self) -> str:
        return f"request body larger than {self.limit} bytes (start the server with a larger --max-body)"


def _hostname(value: str) -> str:
    """``host[:port]`` or ``[v6]:port`` → the host, lower-case, without brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class SecurityHeaders:
    """Adds CSP, nosniff and no-referrer to every response."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def create_app(db: str | Path, *, allow_ingest: bool = False, token: str | None = None,
               max_body: int = MAX_BODY, kb_extra: list[Path] | None = None, extract: bool = True,
               hosts: list[str] | None = None, max_extract: int = MAX_EXTRACT,
               extract_seconds: float = 10.0) -> FastAPI:
    """The ASGI app serving the store at ``db``: API under /api, pages at /, /event/…, /pair/…, /country/…,
    /leader/…, /map and /paste.

    ``hosts``: the names clients reach it by (default: loopback only).  With ``allow_ingest`` and no
    ``token`` a random one is made (``app.state.settings.token``): every write needs one.
    """
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.settings.worker.close()
        app.state.settings.answers.close()

    app = FastAPI(title="summitry", version="2", summary="Diplomatic contacts between national leaders, "
                  "with the evidence for each.", docs_url=None, openapi_url="/api/openapi.json",
                  redoc_url=None, lifespan=lifespan)
    extra = list(kb_extra or [])
    app.state.settings = Settings(
        db if is_url(db) else Path(db), allow_ingest=allow_ingest,
        token=(token or secrets.token_urlsafe(24)) if allow_ingest else token or None, max_body=max_body,
        kb_extra=extra, extract=extract, max_extract=max_extract, worker=Worker(extra, extract_seconds),
        answers=Answers(db if is_url(db) else Path(db)))
    app.include_router(router, prefix="/api")
    app.include_router(views_router, prefix="/api")
    app.include_router(ingest_router, prefix="/api")
    pages.add_pages(app)
    _with_components(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(StarletteHTTPException, pages.http_error)
    app.add_exception_handler(RequestValidationError, pages.validation_error)
    app.add_middleware(GZipMiddleware, minimum_size=800)
    app.add_middleware(Guard, hosts=list(hosts or LOOPBACK_NAMES), limit=max_body)
    errors.install(app)  # a failing store: 503/500 with the one-line explanation (issue 13)
    app.add_middleware(SecurityHeaders)
    return app


def _with_components(app: FastAPI) -> None:
    """The OpenAPI document with the schemas the filters refer to by ``$ref`` (``deps.openapi_components``),
    made from the knowledge base when the document is first asked for."""
    from summitry.web.deps import openapi_components

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = FastAPI.openapi(app)
            doc.setdefault("components", {}).setdefault("schemas", {}).update(
                openapi_components(app.state.settings.kb))
        return app.openapi_schema  # type: ignore[return-value]  # set by FastAPI.openapi

    app.openapi = openapi  # type: ignore[method-assign]
