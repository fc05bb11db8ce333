"""Errors of the web app (issue 13, items 5, 6, 8): JSON for the API, an HTML page for the pages, and a
store that fails answered as 503/500 with what to do, while the server keeps serving."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pytest

from summitry import api
from summitry.store import StoreUnavailable
from summitry.web import create_app, deps

with warnings.catch_warnings():  # starlette suggests httpx2; the plain httpx client is what we install
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MEET = "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\n"
HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture()
def db(tmp_path, kb) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "meet.txt").write_text(MEET, encoding="utf-8")
    api.ingest([tmp_path / "in"], tmp_path / "s.db", kb=kb)
    return tmp_path / "s.db"


def test_unknown_paths_are_a_page_for_browsers_and_json_for_the_api(db):
    client = TestClient(create_app(db, hosts=["testserver"]))
    page = client.get("/no/such/page", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    res = client.get("/api/no-such-thing", headers=HTML)
    assert res.status_code == 404 and res.json() == {"detail": "Not Found"}


def test_a_damaged_value_is_a_json_500_not_a_crash(db):
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE events SET data = replace(data, 'Sochi', 'Sochx')")
    con.close()
    con = sqlite3.connect(db)
    event_id = con.execute("SELECT id FROM events").fetchone()[0]
    con.close()
    client = TestClient(create_app(db, hosts=["testserver"]))
    res = client.get(f"/api/events/{event_id}")
    assert res.status_code == 500 and "does not match its checksum" in res.json()["detail"]
    assert client.get("/api/meta").status_code == 200  # what is sound is still served


def test_a_store_that_does_not_answer_is_a_503_and_the_next_request_tries_again(db, monkeypatch):
    real = deps.Store
    calls = []

    def flaky(*args, **kwargs):
        calls.append(kwargs.get("statement_timeout"))
        if len(calls) == 1:
            raise StoreUnavailable("cannot reach the PostgreSQL store x within 10 s: check that the server is up")
        return real(*args, **kwargs)

    monkeypatch.setattr(deps, "Store", flaky)
    client = TestClient(create_app(db, hosts=["testserver"]))
    res = client.get("/api/events")
    assert res.status_code == 503 and res.headers["retry-after"] == "5"
    assert "check that the server is up" in res.json()["detail"]
    assert client.get("/api/events").status_code == 200
    assert calls == [deps.READ_TIMEOUT] * 2  # every reader bounds its statements


def test_a_store_in_a_read_only_folder_is_served(db):
    db.chmod(0o444)
    db.parent.chmod(0o555)
    try:
        assert TestClient(create_app(db, hosts=["testserver"])).get("/api/events").status_code == 200
    finally:
        db.parent.chmod(0o755)


def flip_byte(db: Path, table: str, key: str, where: str = "") -> None:
    """One byte of one stored row's JSON changed in place, its checksum left as it was (a bit flip on disk)."""
    con = sqlite3.connect(db)
    with con:
        row_key, data = con.execute(f"SELECT {key}, data FROM {table} {where} ORDER BY {key} LIMIT 1").fetchone()
        raw = bytearray(data.encode("utf-8"))
        at = raw.index(b'"kind":"') + len(b'"kind":"')  # inside a value, so the JSON still parses
        raw[at] ^= 0x20  # "meeting" → "Meeting": a different fact, the same length
        con.execute(f"UPDATE {table} SET data = ? WHERE {key} = ?", (raw.decode("utf-8"), row_key))
    con.close()


@pytest.mark.parametrize("table, key", [("events", "id"), ("mentions", "key")])
def test_the_event_list_reports_a_damaged_row_instead_of_listing_it(db, tmp_path, table, key):
    """The list checks every row it serves (the event's and the first mention's, whose evidence it shows)."""
    (tmp_path / "in" / "call.txt").write_text("On 2022-03-15 Sadyr Japarov spoke with Vladimir Putin by phone.\n")
    api.ingest([tmp_path / "in"], db)
    client = TestClient(create_app(db, hosts=["testserver"]))
    assert client.get("/api/events").json()["total"] == 2
    flip_byte(db, table, key, "WHERE data LIKE '%\"kind\":\"meeting\"%'")
    res = client.get("/api/events")
    assert res.status_code == 500 and "does not match its checksum" in res.json()["detail"]
    assert "summitry check" in res.json()["detail"]
    assert client.get("/api/events?kind=call").json()["total"] == 1  # the sound event is still listed
    assert client.get("/api/events?kind=meeting").status_code == 500
