"""Shared fixtures: the shipped knowledge base (loaded once) and a one-call pipeline runner.

Property tests explore new random inputs on every run here; CI (``HYPOTHESIS_PROFILE=ci``, set by
``.ci/run``) replays a fixed set, so a build is judged on the same inputs each time.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from summitry import api
from summitry.knowledge import KnowledgeBase, load_kb
from summitry.model import RawDocument
from summitry.pipeline import Processed, process

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def run(kb):
    def _run(text: str, doc_id: str = "doc", **meta) -> Processed:
        return process(RawDocument(doc_id=doc_id, text=text, source=f"{doc_id}.txt", **meta), kb)

    return _run


@pytest.fixture(scope="session")
def first_date(kb):
    """The first date expression of a text, resolved against a reference day."""
    from summitry.dates import find_dates, resolve_expr

    def _first(text: str, lang: str, ref, planned: bool = False):
        exprs = find_dates(text, kb.lexicons_for(lang))
        assert exprs, f"no date found in {text!r}"
        return resolve_expr(exprs[0], ref, planned)

    return _first


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="session")
def example_db(tmp_path_factory, kb) -> Path:
    """The bundled example corpus ingested once (11 events); a test that writes works on a copy."""
    db = tmp_path_factory.mktemp("examples") / "example.db"
    api.ingest([EXAMPLES], db, kb=kb)
    return db


@pytest.fixture(scope="session")
def redated() -> Callable[[Path, Path, str, str], Path]:
    """``redated(src, dst, day, new_day)``: a copy of store ``src`` at ``dst`` with the event dated ``day``
    moved to ``new_day`` (a scraped impossible date such as 9617-11-14, which the pipeline now refuses)."""
    def copy(src: Path, dst: Path, day: str, new_day: str) -> Path:
        shutil.copy(src, dst)
        con = sqlite3.connect(dst)
        event_id, data = con.execute("SELECT id, data FROM events WHERE date_start = ?", (day,)).fetchone()
        d = json.loads(data)
        d.update(date=new_day, date_start=new_day, date_end=new_day)
        con.execute("UPDATE events SET date_start = ?, date_end = ?, data = ? WHERE id = ?",
                    (new_day, new_day, json.dumps(d), event_id))
        con.commit()
        con.close()
        return dst

    return copy


def _scale(db: Path, events: int, mentions: int) -> None:
    """Adds ``events`` events cloned from the stored ones (new ids, dates spread over three years) and one
    event with ``mentions`` mentions, each in a document of its own (own one-line fixture text)."""
    import datetime as dt

    con = sqlite3.connect(db)
    rows = con.execute("SELECT e.id, block, kind, status, countries, people, topics, data, "
                       "(SELECT mention_key FROM event_mentions WHERE event_id = e.id LIMIT 1) "
                       "FROM events e WHERE date_start IS NOT NULL").fetchall()
    first = dt.date(2021, 1, 1)
    for i in range(events):
        _id, block, kind, status, countries, people, topics, data, key = rows[i % len(rows)]
        day = (first + dt.timedelta(days=(i * 7919) % 1095)).isoformat()
        d = json.loads(data)
        d.update(id=f"ev-scale{i:06d}", date=day, date_start=day, date_end=day)
        con.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",  # no checksum: not verified
                    (d["id"], block, kind, status, day, day, countries, people, topics, json.dumps(d)))
        con.execute("INSERT INTO event_mentions VALUES (?, ?)", (d["id"], key))
    event_id, key = con.execute("SELECT event_id, mention_key FROM event_mentions WHERE event_id = "
                                "(SELECT id FROM events WHERE date_start = '2024-02-10')").fetchone()
    (data,) = con.execute("SELECT data FROM mentions WHERE key = ?", (key,)).fetchone()
    text = "Putin and Lukashenko hold phone call. Report number {i} of a busy day."
    for i in range(mentions):
        doc = f"wire-{i:04d}"
        m = json.loads(data)
        m.update(doc_id=doc, start=0, end=36, evidence="Putin and Lukashenko hold phone call",
                 url=f"https://wire{i % 7}.example/{i}", published=f"2024-02-{10 + i % 5:02d}")
        con.execute("INSERT INTO documents (doc_id, content_hash, source, url, published, lang, text) "
                    "VALUES (?, ?, ?, ?, ?, 'en', ?)", (doc, f"h{i}", doc, m["url"], m["published"], text.format(i=i)))
        con.execute("INSERT INTO mentions VALUES (?, ?, ?, ?, NULL)", (f"{doc}:0", doc, "call/BLR-RUS", json.dumps(m)))
        con.execute("INSERT INTO event_mentions VALUES (?, ?)", (event_id, f"{doc}:0"))
    con.commit()
    con.close()


@pytest.fixture(scope="session")
def scale_db(example_db, tmp_path_factory) -> Path:
    """The example store grown to 10,011 events, one of them (the 10 Feb 2024 call) with 1,002 mentions."""
    db = tmp_path_factory.mktemp("scale") / "scale.db"
    shutil.copy(example_db, db)
    _scale(db, 10_000, 1_000)
    return db


@contextmanager
def _live(app: object) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def live() -> Callable[[object], Any]:
    """``with live(app) as url:``: the ASGI ``app`` served by uvicorn on a free loopback port."""
    return _live
