"""Shared fixtures: the shipped knowledge base (loaded once) and a one-call pipeline runner.

Property tests explore new random inputs on every run here; CI (``HYPOTHESIS_PROFILE=ci``, set by
``.ci/run``) replays a fixed set, so a build is judged on the same inputs each time.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

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
