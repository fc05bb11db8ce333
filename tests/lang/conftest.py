"""What every tests/lang/test_<code>.py checks, given its language's code (LANG) and invented sentences: that
detection tells each of DETECTED as the language, and that each of CONTACTS comes out as the one contact its
text reports, with its kind, its people, its date and its city."""

from __future__ import annotations

from typing import Any

import pytest

from summitry.knowledge import KnowledgeBase
from summitry.model import RawDocument
from summitry.pipeline import process

PUBLISHED = "2023-03-15"  # the day a contact's text is published unless it says ("published")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per text: ``text`` from the module's DETECTED, ``contact`` from its CONTACTS."""
    if "text" in metafunc.fixturenames:
        metafunc.parametrize("text", metafunc.module.DETECTED)
    if "contact" in metafunc.fixturenames:
        metafunc.parametrize("contact", metafunc.module.CONTACTS, ids=lambda c: f"{c['kind']}: {c['text'][:30]}")


@pytest.fixture()
def check_language(kb: KnowledgeBase, request: pytest.FixtureRequest):
    def check(text: str) -> None:
        assert kb.languages.detect(text) == request.module.LANG, text

    return check


@pytest.fixture()
def check_contact(kb: KnowledgeBase, request: pytest.FixtureRequest):
    def check(contact: dict[str, Any]) -> None:
        """The text is told as the module's language and reports this one contact."""
        c = {"city": None, "published": PUBLISHED, **contact}
        out = process(RawDocument("lang-test", c["text"], "lang-test.txt", published=c["published"]), kb)
        assert out.document.lang == request.module.LANG
        found = [(x.kind, {p.person_id for p in x.participants}, x.date.date, x.location.city) for x in out.contacts]
        assert found == [(c["kind"], c["people"], c["date"], c["city"])], c["text"]

    return check
