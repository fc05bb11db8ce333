"""Shared fixtures: the shipped knowledge base (loaded once) and a one-call pipeline runner."""

from __future__ import annotations

import pytest

from summitry.knowledge import KnowledgeBase, load_kb
from summitry.model import RawDocument
from summitry.pipeline import Processed, process


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def run(kb):
    def _run(text: str, doc_id: str = "doc", **meta) -> Processed:
        return process(RawDocument(doc_id=doc_id, text=text, source=f"{doc_id}.txt", **meta), kb)

    return _run
