"""The store's errors as the asker can read them: JSON for the API, a page for pages (issue 13).

A failure of the store (damaged, unreachable, timed out) is the server's condition, not a bug:
it answers 503 with the one-line explanation ``store.explain`` gives the CLI, and the next
request tries again, so a store that recovers is served again without a restart.
"""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.exceptions import ResponseValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from summitry.store import StoreDamaged, StoreError, display, explain
from summitry.web import pages

log = logging.getLogger("summitry.web")


def install(app: FastAPI) -> None:
    """Register the store's errors on ``app``, handled where they are raised (the server logs one line, not
    a traceback) and answered as ``pages.http_error`` answers: JSON for the API, a page for pages."""

    async def store_error(request: Request, exc: Exception) -> Response:
        settings = getattr(request.app.state, "settings", None)
        message = explain(exc, display(settings.db) if settings is not None else "the store")
        log.warning("%s %s: %s", request.method, request.url.path, message)
        status = 500 if isinstance(exc, StoreDamaged) else 503
        headers = {"retry-after": "5"} if status == 503 else None
        return await pages.http_error(request, StarletteHTTPException(status, message, headers))

    for cls in store_error_types():
        app.add_exception_handler(cls, store_error)
    app.add_exception_handler(ResponseValidationError, unknown_kind)


async def unknown_kind(request: Request, exc: Exception) -> Response:
    """A store built with a kinds table this server lacks (``--kb-extra`` at ingest) holds kinds its answers
    cannot name: say so, and how to start the server, instead of a bare 500."""
    errors = exc.errors() if isinstance(exc, ResponseValidationError) else []
    kinds = sorted({str(e.get("input")) for e in errors if e.get("loc", ())[-1:] == ("kind",)})
    if not kinds:
        raise exc
    message = (f"the store holds contacts of kind {', '.join(map(repr, kinds))}, which this server's kinds table "
               "lacks; start it with the knowledge the store was built with (SUMMITRY_KB_EXTRA=DIR)")
    log.warning("%s %s: %s", request.method, request.url.path, message)
    return await pages.http_error(request, StarletteHTTPException(500, message))


def store_error_types() -> list[type[Exception]]:
    """What the store and its engines raise (psycopg's only when it is installed)."""
    types: list[type[Exception]] = [StoreError, sqlite3.Error]
    try:
        import psycopg
    except ImportError:
        return types
    return [*types, psycopg.Error]
