"""Aggregate answers kept while the store is unchanged, and never after it changed (web/cache.py)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import warnings

import pytest

from summitry import api, stats
from summitry.web import create_app
from summitry.web.cache import Answers

with warnings.catch_warnings():  # starlette suggests httpx2; the plain httpx client is what we install
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "cache-test-token"
# Written for this test: a contact between two countries no example article has together.
NEW = "On 2024-10-02 Ilham Aliyev held a phone call with Shavkat Mirziyoyev about transit routes."


@pytest.fixture()
def db(example_db, tmp_path):
    shutil.copy(example_db, tmp_path / "s.db")
    return tmp_path / "s.db"


@pytest.fixture()
def computed(monkeypatch):
    """How many times the facet counts were computed (not taken from what was kept)."""
    calls = []
    real = stats.load_for_facets
    monkeypatch.setattr(stats, "load_for_facets", lambda *a: calls.append(1) or real(*a))
    return calls


def aze_uzb(client) -> int:
    """Contacts between Azerbaijan and Uzbekistan, as the facet counts total them."""
    return client.get("/api/facets", params={"country": ["AZE", "UZB"]}).json()["total"]


def test_an_answer_is_kept_per_filter(db, computed):
    client = TestClient(create_app(db, hosts=["testserver"]))
    first = client.get("/api/facets").json()
    assert client.get("/api/facets").json() == first and len(computed) == 1
    assert client.get("/api/facets", params={"country": "KZ"}).json() != first  # another filter, its own answer
    assert client.get("/api/facets", params={"country": "Kazakhstan"}).json()["total"] == 5
    assert len(computed) == 2  # "KZ" and "Kazakhstan" are one selection (KAZ): one answer


def test_an_ingest_through_the_api_is_seen_at_once(db, computed):
    client = TestClient(create_app(db, hosts=["testserver"], allow_ingest=True, token=TOKEN))
    before = aze_uzb(client)
    res = client.post("/api/documents", json={"id": "new", "text": NEW},
                      headers={"authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 201, res.text
    assert aze_uzb(client) == before + 1


def test_a_write_by_another_process_or_plain_sql_is_seen(db, kb, tmp_path, computed):
    client = TestClient(create_app(db, hosts=["testserver"]))
    before = aze_uzb(client)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "new.txt").write_text(NEW, encoding="utf-8")
    api.ingest([tmp_path / "in"], db, kb=kb)  # its own connection, as a CLI ingest in another process
    assert aze_uzb(client) == before + 1
    con = sqlite3.connect(db)
    with con:  # any commit at all: the answers were for the store before it
        con.execute("DELETE FROM events WHERE countries LIKE '%,AZE,%' AND countries LIKE '%,UZB,%'")
    con.close()
    assert aze_uzb(client) == 0 and len(computed) == 3


def test_a_store_replaced_by_another_file_is_read_afresh(db, example_db, kb, tmp_path, computed):
    client = TestClient(create_app(db, hosts=["testserver"]))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "new.txt").write_text(NEW, encoding="utf-8")
    other = tmp_path / "other.db"
    shutil.copy(example_db, other)
    api.ingest([tmp_path / "in"], other, kb=kb)
    before = aze_uzb(client)
    os.replace(other, db)  # e.g. a store rebuilt elsewhere and moved into place
    assert aze_uzb(client) == before + 1


def test_the_answers_kept_are_bounded(db):
    from summitry.store import Store

    answers = Answers(db, size=3)
    with Store(db, readonly=True) as store:
        for i in range(10):
            assert answers.get(store, ("n", i), lambda i=i: i * i) == i * i
        assert answers.get(store, ("n", 9), lambda: -1) == 81  # kept
        assert answers.get(store, ("n", 0), lambda: -1) == -1  # long gone
    assert len(answers._kept) == 3
    answers.close()
