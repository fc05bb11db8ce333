"""The bundled example corpus produces exactly the events its EXPECTED.md table lists."""

from pathlib import Path

import pytest

from summitry import api

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _expected() -> list[dict[str, str]]:
    rows = []
    for line in (EXAMPLES / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] not in ("documents", "---"):
            rows.append(dict(zip(["docs", "kind", "status", "date", "countries", "city"], cells, strict=True)))
    return rows


@pytest.fixture(scope="module")
def events(tmp_path_factory, kb):
    db = tmp_path_factory.mktemp("ex") / "ex.db"
    report = api.ingest([EXAMPLES / "corpus"], db, kb=kb)
    assert report.errors == [] and report.read == 14
    return list(api.events(db))


def _when(e) -> str:
    if e.date.date:
        return e.date.date
    return f"{e.date.start or ''}..{e.date.end or ''}"


def test_every_expected_event_and_nothing_else(events):
    expected = _expected()
    assert len(expected) == 11
    got = sorted((" ".join(sorted({m.doc_id for m in e.mentions})), e.kind, e.status, _when(e),
                  " ".join(e.countries), e.location.city or "") for e in events)
    want = sorted((r["docs"], r["kind"], r["status"], r["date"], r["countries"], r["city"]) for r in expected)
    assert got == want


def test_provenance_points_into_the_stored_text(events, tmp_path, kb):
    for e in events:
        for m in e.mentions:
            assert m.evidence and m.end > m.start
    call = next(e for e in events if e.kind == "call" and "BLR" in e.countries)
    ru = next(m for m in call.mentions if m.doc_id == "two-outlets-ru")
    text = (EXAMPLES / "corpus" / "two-outlets-ru.txt").read_text(encoding="utf-8")
    assert text[ru.start:ru.end] == ru.evidence
    assert ru.date.source == "relative to published"


def test_role_title_resolved_to_holder(events):
    planned = next(e for e in events if e.status == "planned" and "UZB" in e.countries)
    uzb = next(p for p in planned.participants if p.country == "UZB")
    assert uzb.person == "Shavkat Mirziyoyev"
