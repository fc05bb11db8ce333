"""The pages (static HTML the scripts fill from the API) and the HTML answers for pages that do not exist.

A page URL with a mistake in it (``/pair/KZ/RUS``) answers an HTML page that says what is wrong and
where to go, never the API's JSON; the API keeps answering JSON.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from summitry.web.settings import STATIC

PAGES = {"/": "timeline.html", "/event/{event_id}": "event.html", "/pair": "pair.html", "/map": "map.html",
         "/paste": "paste.html"}


class PageNotFound(HTTPException):
    """A page URL naming something that does not exist; ``hint`` is a link that probably was meant."""

    def __init__(self, message: str, hint: tuple[str, str] | None = None) -> None:
        super().__init__(404, message)
        self.hint = hint


def _file(name: str) -> FileResponse:
    return FileResponse(STATIC / name, media_type="text/html; charset=utf-8", headers={"cache-control": "no-cache"})


def _page(name: str) -> Any:
    async def serve_page() -> FileResponse:
        return _file(name)

    serve_page.__name__ = f"page_{name.removesuffix('.html')}"
    return serve_page


def _country(request: Request, code: str) -> str:
    """``code`` as a known ISO3 code, or a 404 page suggesting the country an ISO2 code or a name means."""
    kb = request.app.state.settings.kb
    upper = code.upper()
    if upper in kb.countries:
        return upper
    guess = next((c for c, d in kb.countries.items() if d.get("iso2", "").upper() == upper
                  or d["name"].lower() == code.lower()), None)
    hint = (request.url.path.replace(code, guess), f"{kb.countries[guess]['name']} ({guess})") if guess else None
    raise PageNotFound(f"There is no country with the code “{code}”: pages take ISO 3166 alpha-3 codes "
                       "such as KAZ or RUS.", hint)


def add_pages(app: FastAPI) -> None:
    for path, name in PAGES.items():
        app.add_api_route(path, _page(name), include_in_schema=False, methods=["GET"])

    @app.get("/pair/{a}/{b}", include_in_schema=False)
    def pair_page(request: Request, a: str, b: str) -> FileResponse:
        if _country(request, a) == _country(request, b):
            raise PageNotFound("A pair needs two different countries.")
        return _file("pair.html")

    @app.get("/country/{code}", include_in_schema=False)
    def country_page(request: Request, code: str) -> FileResponse:
        _country(request, code)
        return _file("profile.html")

    @app.get("/leader/{person_id}", include_in_schema=False)
    def leader_page(request: Request, person_id: str) -> FileResponse:
        from summitry.api import resolve_person

        kb = request.app.state.settings.kb
        if person_id not in kb.people:
            found = resolve_person(person_id, kb)[:1] if person_id.strip() else []
            hint = (f"/leader/{found[0]}", kb.people[found[0]]["name"]) if found else None
            raise PageNotFound(f"No leader has the id “{person_id}”.", hint)
        return _file("profile.html")


def _html(status: int, message: str, hint: tuple[str, str] | None = None) -> HTMLResponse:
    title = {404: "Not found", 400: "Bad request", 422: "Bad request"}.get(status, "Error")
    meant = f'<p>Did you mean <a href="{escape(hint[0])}">{escape(hint[1])}</a>?</p>' if hint else ""
    body = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f'<title>{title} — summitry</title><link rel="stylesheet" href="/static/app.css"></head><body>'
            f'<header class="site"><a href="/" class="brand">summitry</a><nav><a href="/">Timeline</a>'
            f'<a href="/pair">Country pair</a><a href="/map">Map</a><a href="/paste">Try an article</a></nav></header>'
            f'<main><h1>{title}</h1><p class="error" role="alert">{escape(message)}</p>{meant}'
            f'<p><a href="/">Back to the timeline</a></p></main></body></html>')
    return HTMLResponse(body, status_code=status)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.startswith("/static/")


async def http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 404)
    detail = getattr(exc, "detail", None) or "Not Found"
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=getattr(exc, "headers", None))
    if status == 404 and not isinstance(exc, PageNotFound):
        detail = f"There is no page at {request.url.path}."
    return _html(status, str(detail), getattr(exc, "hint", None))


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _is_api(request):
        return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)
    return _html(404, f"There is no page at {request.url.path}.")


def jsonable(errors: Any) -> Any:
    """Validation errors as JSON (their ``ctx`` may hold exceptions), without the input they echo: it may
    be what could not be encoded in the first place (a lone surrogate), and the client has it."""
    from fastapi.encoders import jsonable_encoder

    if isinstance(errors, list):
        errors = [{k: v for k, v in e.items() if k != "input"} if isinstance(e, dict) else e for e in errors]
    return jsonable_encoder(errors, custom_encoder={Exception: str})
