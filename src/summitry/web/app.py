"""The web app factory: JSON API, the static front end, body-size limit and security headers.

Pages are static HTML whose scripts fetch the API and build the DOM with ``textContent``, so no
article text ever reaches the browser as markup; the Content-Security-Policy forbids inline
scripts as a second line of defence.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from summitry.knowledge import KnowledgeBase, load_kb
from summitry.store import is_url

STATIC = Path(__file__).parent / "static"
MAX_BODY = 2_000_000
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@dataclass
class Settings:
    """What every request needs to know about how the server was started."""

    db: str | Path  # a SQLite file or a PostgreSQL URL
    allow_ingest: bool = False
    token: str | None = None
    max_body: int = MAX_BODY
    kb_extra: list[Path] = field(default_factory=list)
    _kb: KnowledgeBase | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def kb(self) -> KnowledgeBase:
        """Loaded on first use, once: the read pages never need it, so a server starts at once."""
        with self._lock:
            if self._kb is None:
                self._kb = load_kb(self.kb_extra)
            return self._kb


class BodyLimit:
    """Answers 413 to a request body over ``limit`` bytes, whether declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:  # an HTTPException passes FastAPI's body parsing untouched
                raise HTTPException(413, self.message)
            return message

        await self.app(scope, counted, send)

    @property
    def message(self) -> str:
        return f"request body larger than {self.limit} bytes (start the server with a larger --max-body)"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await JSONResponse({"detail": self.message}, status_code=413)(scope, receive, send)


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


def _page(name: str) -> Any:
    async def serve_page() -> FileResponse:
        return FileResponse(STATIC / name, media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    serve_page.__name__ = f"page_{name.removesuffix('.html')}"
    return serve_page


def create_app(db: str | Path, *, allow_ingest: bool = False, token: str | None = None,
               max_body: int = MAX_BODY, kb_extra: list[Path] | None = None) -> FastAPI:
    """The ASGI app serving the store at ``db``: API under /api, pages at /, /event/…, /pair/…, /paste."""
    from summitry.web.routes import router

    app = FastAPI(title="summitry", version="1", summary="Diplomatic contacts between national leaders, "
                  "with the evidence for each.", docs_url=None, openapi_url="/api/openapi.json",
                  redoc_url=None)
    app.state.settings = Settings(db if is_url(db) else Path(db), allow_ingest=allow_ingest, token=token or None,
                                  max_body=max_body, kb_extra=list(kb_extra or []))
    app.include_router(router, prefix="/api")
    for path, name in (("/", "timeline.html"), ("/event/{event_id}", "event.html"),
                       ("/pair", "pair.html"),
                       ("/pair/{a}/{b}", "pair.html"), ("/paste", "paste.html")):
        app.add_api_route(path, _page(name), include_in_schema=False, methods=["GET"])
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    return app
