"""Shared fixtures: the shipped knowledge base (loaded once) and a one-call pipeline runner.

Property tests explore new random inputs on every run here; CI (``HYPOTHESIS_PROFILE=ci``, set by
``.ci/run``) replays a fixed set, so a build is judged on the same inputs each time.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

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
