"""Document identity (issue 13, item 1): distinct inputs never overwrite each other, the same input is
recognised on every run, readable doc ids stay readable, and stores made before identities migrate."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from summitry import api
from summitry.identity import FILE, MemoryView, Row, Want, allocate, extend, legacy_identity
from summitry.store import Store

MEET = "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\n"
CALL = "On 2022-03-15 Kassym-Jomart Tokayev held a phone call with Vladimir Putin.\n"
TALKS = "On 2023-10-12 Shavkat Mirziyoyev met Emomali Rahmon in Dushanbe.\n"


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def doc_ids(db: Path) -> list[str]:
    with Store(db, readonly=True) as s:
        return sorted(r[0] for r in s.conn.execute("SELECT doc_id FROM documents"))


def exported(db: Path) -> list[dict]:
    return [json.loads(line) for line in api.export_jsonl(db)]


def test_files_of_one_name_in_two_folders_are_two_documents(tmp_path, kb):
    root = tmp_path / "news"
    put(root / "outletA" / "article.txt", MEET)
    put(root / "outletB" / "article.txt", CALL)
    put(root / "2021-05-01" / "index.html", f"<html><body><p>{TALKS}</p></body></html>")
    db = tmp_path / "s.db"
    report = api.ingest([root], db, kb=kb)
    assert report.stored.added == 3 and not report.errors and report.events == 3
    # the first keeps its stem (what the scorer reads); the other is told apart by its path
    assert doc_ids(db) == ["article", "index", "news/outletB/article.txt"]
    first = exported(db)
    again = api.ingest([root], db, kb=kb)
    assert again.stored.unchanged == 3 and again.stored.added == again.stored.updated == 0
    assert exported(db) == first


def test_two_roots_holding_the_same_relative_path(tmp_path, kb):
    a = put(tmp_path / "a" / "feed" / "article.txt", MEET).parent
    b = put(tmp_path / "b" / "feed" / "article.txt", CALL).parent
    db = tmp_path / "s.db"
    report = api.ingest([a, b], db, kb=kb)
    assert report.stored.added == 2 and report.events == 2
    assert doc_ids(db) == ["article", "b//feed/article.txt"]  # '//' marks the parent folder added
    assert api.ingest([a, b], db, kb=kb).stored.unchanged == 2


def stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))


def test_two_stdin_ingests_keep_both(tmp_path, kb, monkeypatch):
    db = tmp_path / "s.db"
    for text in (MEET, CALL):
        stdin(monkeypatch, text)
        assert api.ingest(["-"], db, kb=kb).stored.added == 1
    ids = doc_ids(db)
    assert len(ids) == 2 and all(i.startswith("stdin-") for i in ids)
    stdin(monkeypatch, MEET)
    assert api.ingest(["-"], db, kb=kb).stored.unchanged == 1


def test_an_edited_file_updates_its_document_and_a_moved_one_keeps_its_id(tmp_path, kb):
    path = put(tmp_path / "in" / "kg" / "article.txt", MEET)
    db = tmp_path / "s.db"
    api.ingest([tmp_path / "in"], db, kb=kb)
    path.write_text(CALL, encoding="utf-8")
    assert api.ingest([tmp_path / "in"], db, kb=kb).stored.updated == 1
    (tmp_path / "in").rename(tmp_path / "archive")  # the ingested folder moved: no longer under the root
    (tmp_path / "new").mkdir()
    (tmp_path / "archive").rename(tmp_path / "new" / "in")
    report = api.ingest([tmp_path / "new" / "in"], db, kb=kb)
    assert report.stored.unchanged == 1 and doc_ids(db) == ["article"]


def test_a_record_id_held_by_a_file_is_refused(tmp_path, kb):
    db = tmp_path / "s.db"
    api.ingest([put(tmp_path / "in" / "article.txt", MEET)], db, kb=kb)
    feed = put(tmp_path / "feed.jsonl", json.dumps({"id": "article", "text": CALL}) + "\n")
    report = api.ingest([feed], db, kb=kb)
    assert len(report.errors) == 1 and "already the id of the file in/article.txt" in report.errors[0].reason
    assert [e["kind"] for e in exported(db)] == ["meeting"]


def downgrade_to_2(db: Path) -> None:
    """Make a store look as schema 2 left it: no identities, no checksums."""
    con = sqlite3.connect(db)
    with con:
        con.execute("DROP TABLE identities")
        for table in ("documents", "mentions", "events"):
            con.execute(f"ALTER TABLE {table} DROP COLUMN crc")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()


def test_a_store_made_before_identities_migrates(tmp_path, kb):
    old_corpus = tmp_path / "old"
    put(old_corpus / "article.txt", MEET)
    put(old_corpus / "feed.jsonl", json.dumps({"id": "r1", "text": TALKS}) + "\n")
    db = tmp_path / "s.db"
    api.ingest([old_corpus], db, kb=kb)
    before = exported(db)
    downgrade_to_2(db)
    with Store(db, readonly=True) as s:  # an old store is still read as it is
        assert not s.checksums and len(list(s.events())) == 2
    report = api.ingest([old_corpus], db, kb=kb)  # upgrades, then recognises every stored document
    assert report.stored.unchanged == 2 and report.stored.added == 0 and exported(db) == before
    # a second article.txt, which the old naming would have written over the first, is a new document
    report = api.ingest([put(tmp_path / "more" / "article.txt", CALL)], db, kb=kb)
    assert report.stored.added == 1 and doc_ids(db) == ["article", "more/article.txt", "r1"]
    with Store(db, readonly=True) as s:
        assert s.check() == [] and s.checksums


@pytest.mark.parametrize(("doc_id", "source", "identity"), [
    ("en-1", "/data/in/en-1.txt", "legacy:file:en-1.txt"),
    ("r1", "/data/feed.jsonl", "id:r1"),
    ("stdin", "<stdin>", "legacy:stdin:"),
    ("r2", "<stdin>", "id:r2"),
    ("web-0123456789abcdef", "request", "legacy:text:web-0123456789abcdef"),
    ("given", "request", "id:given"),
])
def test_legacy_identity_of_an_old_document(doc_id, source, identity):
    assert legacy_identity(doc_id, source) == identity


def test_allocation_falls_back_to_the_label_then_to_parent_folders():
    stored = MemoryView([Row(FILE + "in/a.txt", "a", "/x/in/a.txt", "d1")])
    wants = [Want(FILE + "in/a.txt", "a", "/y/in/a.txt", "d2"),  # same label, another file and text
             Want(FILE + "in/a.txt", "a", "/x/in/a.txt", "d3")]  # the stored file, edited
    results, alloc = allocate(wants, stored, exists=lambda _p: True)
    assert [r.doc_id if r else None for r, _ in results] == ["y//in/a.txt", "a"]
    assert extend(FILE + "in/a.txt", "/y/in/a.txt") == FILE + "y//in/a.txt"
    assert extend(FILE + "y//in/a.txt", "/y/in/a.txt") is None  # nothing above /y to add
