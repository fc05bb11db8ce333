"""``summitry serve``: the web app and JSON API over the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summitry.cli.common import DbOpt, KbExtra, db_path, err
from summitry.store import display, is_url


def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback is reachable by others.")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="A name clients reach the server by (repeatable; loopback names and --host are "
        "always allowed). Requests naming any other Host are refused (DNS rebinding).")] = None,
    allow_ingest: Annotated[bool, typer.Option("--allow-ingest", help="Accept POST /api/documents (stores).")
                            ] = False,
    token: Annotated[str | None, typer.Option(envvar="SUMMITRY_TOKEN", help="Bearer token every write needs "
                                              "(prefer $SUMMITRY_TOKEN or --token-file: options show in ps). "
                                              "Made up and printed when ingest is on without one.")] = None,
    token_file: Annotated[Path | None, typer.Option("--token-file", help="File holding the token.")] = None,
    extract: Annotated[bool | None, typer.Option("--extract/--no-extract", help="Offer POST /api/extract "
                                                 "(default: only when bound to loopback).")] = None,
    max_extract: Annotated[int, typer.Option("--max-extract", help="Longest article /api/extract takes, in "
                                             "characters.")] = 200_000,
    extract_seconds: Annotated[float, typer.Option("--extract-seconds", help="CPU budget of one extraction or "
                                                   "ingest request (the worker is stopped beyond).")] = 10.0,
    max_body: Annotated[int, typer.Option("--max-body", help="Largest request body in bytes (413 beyond).")
                        ] = 2_000_000,
    kb_extra: KbExtra = None,
    client_timeout: Annotated[float, typer.Option("--client-timeout", min=0.1, help="Seconds a client has to send "
                                                  "a request's headers; idle and slow ones are closed.")] = 10.0,
    max_connections: Annotated[int, typer.Option("--max-connections", min=1, help="Concurrent connections; more "
                                                 "are answered 503.")] = 200,
) -> None:
    """Serve the web app and JSON API (/api, OpenAPI at /api/openapi.json) over the store."""
    import uvicorn  # imported here so 'summitry --help' stays fast

    from summitry.serving import uvicorn_options
    from summitry.web import create_app
    from summitry.web.settings import LOOPBACK_NAMES, is_loopback

    if token_file is not None:
        token = token_file.read_text(encoding="utf-8").strip() or None
    if allow_ingest and not token and not is_loopback(host):
        err.print(f"[red]refusing to accept articles on {host} without a token[/red]: set $SUMMITRY_TOKEN or "
                  "pass --token-file, or bind to 127.0.0.1")
        raise typer.Exit(2)
    if not is_url(db_path(db)) and not Path(db_path(db)).exists():
        err.print(f"[yellow]no store at {db_path(db)} yet[/yellow]; pages stay empty until 'summitry ingest'"
                  + (" or a POST to /api/documents" if allow_ingest else ""))
    hosts = [*LOOPBACK_NAMES, *([host] if host not in ("0.0.0.0", "::") else []), *(allowed_host or [])]
    web = create_app(db_path(db), allow_ingest=allow_ingest, token=token, max_body=max_body,
                     kb_extra=list(kb_extra or []), extract=is_loopback(host) if extract is None else extract,
                     hosts=hosts, max_extract=max_extract, extract_seconds=extract_seconds)
    cfg = web.state.settings
    err.print(f"summitry on http://{host}:{port}/ over {display(db_path(db))}; answers to {', '.join(hosts)}; "
              f"extraction {'on' if cfg.extract else 'off'}; ingest {'on' if allow_ingest else 'off'}",
              highlight=False)
    if allow_ingest and not token:
        err.print(f"write token for this run (paste page, 'Authorization: Bearer …'): {cfg.token}", highlight=False)
    uvicorn.run(web, host=host, port=port, **uvicorn_options(client_timeout, max_connections))
