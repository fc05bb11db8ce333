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
