"""The pages (HTML the scripts fill from the API) and the HTML answers for pages that do not exist.

Every page shares one head and site header, written here (``head``, ``header``); a page's file under
static/ holds only its body, so the icon, the stylesheet or the navigation change in one place.
A page URL with a mistake in it (``/pair/KZ/RUS``) answers an HTML page that says what is wrong and
where to go, never the API's JSON; the API keeps answering JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from summitry.web.settings import STATIC

NAV = (("/", "Timeline"), ("/pair", "Country pair"), ("/map", "Map"), ("/paste", "Try an article"))
VIS = "vendor/vis-timeline/vis-timeline-graph2d.min"


@dataclass(frozen=True)
class Page:
    """A page: the file under static/ with its body, its title, the scripts it loads after common.js (in
    order) and the stylesheets before app.css, and the navigation link it marks as where the reader is."""

    body: str
    title: str
    scripts: tuple[str, ...]
    active: str = ""
    styles: tuple[str, ...] = ()


# The timeline's own script comes before the library: it asks for the first answers while that is still read.
TIMELINE = Page("timeline.html", "timeline of leaders' contacts", ("timeline.js", f"{VIS}.js"), "/", (f"{VIS}.css",))
EVENT = Page("event.html", "event", ("event.js",))
PAIR = Page("pair.html", "contacts between two countries", ("chart.js", "pair.js"), "/pair")
MAP = Page("map.html", "map of meetings", ("chart.js", "map.js"), "/map")
PASTE = Page("paste.html", "try an article", ("paste.js",), "/paste")
PROFILE = Page("profile.html", "contacts at a glance", ("chart.js", "profile.js"))
PAGES = {"/": TIMELINE, "/event/{event_id}": EVENT, "/pair": PAIR, "/map": MAP, "/paste": PASTE}


def head(title: str, scripts: Sequence[str] = (), styles: Sequence[str] = ()) -> str:
    """The document's start up to ``</head>``, the same for every page and error page; scripts are
    external files only (the CSP forbids inline ones) and deferred, styles come before app.css."""
    return "\n".join([
        "<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', '<link rel="icon" href="data:,">',
        f"<title>{escape(title, quote=False)}</title>",
        *(f'<link rel="stylesheet" href="/static/{s}">' for s in (*styles, "app.css")),
        *(f'<script src="/static/{s}" defer></script>' for s in scripts), "</head>"])


def header(active: str = "") -> str:
    """The site header with the navigation, ``active`` (a NAV path) marked; written by the server so it
    shows before any script runs and on the error pages, which have none."""
    mark = {active: ' class="active"'}
    links = "".join(f'<a href="{href}"{mark.get(href, "")}>{label}</a>' for href, label in NAV)
    return f'<header class="site"><a href="/" class="brand">summitry</a><nav>{links}</nav></header>'


def document(title: str, main: str, *, scripts: Sequence[str] = (), styles: Sequence[str] = (),
             active: str = "") -> str:
    """A whole page: the shared head and header around ``main``."""
    return f"{head(title, scripts, styles)}\n<body>\n{header(active)}\n{main}</body>\n</html>\n"


def render(page: Page) -> str:
    """``page`` as served: its body file, read at each request as the scripts and styles are, in the shared frame."""
    main = (STATIC / page.body).read_text(encoding="utf-8")
    return document(f"summitry — {page.title}", main, scripts=("common.js", *page.scripts), styles=page.styles,
                    active=page.active)


class PageNotFound(HTTPException):
    """A page URL naming something that does not exist; ``hint`` is a link that probably was meant."""

    def __init__(self, message: str, hint: tuple[str, str] | None = None) -> None:
        super().__init__(404, message)
        self.hint = hint


def _serve(page: Page) -> HTMLResponse:
    return HTMLResponse(render(page), headers={"cache-control": "no-cache"})


def _page(page: Page) -> Any:
    def serve_page() -> HTMLResponse:
        return _serve(page)

    serve_page.__name__ = f"page_{page.body.removesuffix('.html')}"
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
    for path, page in PAGES.items():
        app.add_api_route(path, _page(page), include_in_schema=False, methods=["GET"])

    @app.get("/pair/{a}/{b}", include_in_schema=False)
    def pair_page(request: Request, a: str, b: str) -> HTMLResponse:
        if _country(request, a) == _country(request, b):
            raise PageNotFound("A pair needs two different countries.")
        return _serve(PAIR)

    @app.get("/country/{code}", include_in_schema=False)
    def country_page(request: Request, code: str) -> HTMLResponse:
        _country(request, code)
        return _serve(PROFILE)

    @app.get("/leader/{person_id}", include_in_schema=False)
    def leader_page(request: Request, person_id: str) -> HTMLResponse:
        from summitry.api import resolve_person

        kb = request.app.state.settings.kb
        if person_id not in kb.people:
            found = resolve_person(person_id, kb)[:1] if person_id.strip() else []
            hint = (f"/leader/{found[0]}", kb.people[found[0]]["name"]) if found else None
            raise PageNotFound(f"No leader has the id “{person_id}”.", hint)
        return _serve(PROFILE)


def _html(status: int, message: str, hint: tuple[str, str] | None = None) -> HTMLResponse:
    title = {404: "Not found", 400: "Bad request", 422: "Bad request"}.get(status, "Error")
    meant = f'<p>Did you mean <a href="{escape(hint[0])}">{escape(hint[1])}</a>?</p>' if hint else ""
    main = (f'<main><h1>{title}</h1><p class="error" role="alert">{escape(message)}</p>{meant}'
            f'<p><a href="/">Back to the timeline</a></p></main>')
    body = document(f"{title} — summitry", main)
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
