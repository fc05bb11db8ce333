import sqlite3

import pytest

from summitry.store import EventFilter, Store

CALL_A = " date 2022-03-15 Садыр Жапаров провел телефонный разговор с Владимиром Путиным."
CALL_B = " date 2022-03-15 Sadyr Japarov and Vladimir Putin held a telephone conversation today."
MEETING = " date 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi today."


def _snapshot(db):
    con = sqlite3.connect(db)
    rows = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall())
            for t in ("documents", "mentions", "events", "event_mentions")}
    con.close()
    return rows


def test_ingest_is_idempotent(tmp_path, run, kb):
    db = tmp_path / "s.db"
    docs = [run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c")]
    with Store(db) as s:
        first = s.ingest(docs, kb.version)
    before = _snapshot(db)
    with Store(db) as s:
        again = s.ingest(docs, kb.version)
    assert (first.added, again.added, again.unchanged) == (3, 0, 3)
    assert _snapshot(db) == before


def test_two_outlets_one_event_and_new_article_joins(tmp_path, run, kb):
    db = tmp_path / "s.db"
    with Store(db) as s:
        s.ingest([run(CALL_A, "a")], kb.version)
        s.ingest([run(CALL_B, "b")], kb.version)
        events = list(s.events())
    assert len(events) == 1
    assert sorted(m.doc_id for m in events[0].mentions) == ["a", "b"]


def test_changed_document_replaces_its_mentions(tmp_path, run, kb):
    db = tmp_path / "s.db"
    with Store(db) as s:
        s.ingest([run(CALL_A, "a")], kb.version)
        result = s.ingest([run(MEETING, "a")], kb.version)
        assert result.updated == 1
        assert [e.kind for e in s.events()] == ["meeting"]
        assert s.stats() == {"documents": 1, "mentions": 1, "events": 1}


def test_filters_and_readonly(tmp_path, run, kb):
    db = tmp_path / "s.db"
    with Store(db) as s:
        s.ingest([run(CALL_A, "a"), run(MEETING, "c")], kb.version)
    with Store(db, readonly=True) as s:
        assert [e.kind for e in s.events(EventFilter(kind="call"))] == ["call"]
        assert [e.date.date for e in s.events(EventFilter(since="2022-01-01"))] == ["2022-03-15"]
        assert len(list(s.events(EventFilter(country=["KGZ", "RUS"])))) == 2
        assert list(s.events(EventFilter(country=["USA"]))) == []
        assert s.integrity() == "ok"
        with pytest.raises(sqlite3.OperationalError):
            s.conn.execute("DELETE FROM events")


def test_readonly_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="summitry ingest"):
        Store(tmp_path / "none.db", readonly=True)


def test_deferred_merge_gives_the_same_store(tmp_path, run, kb):
    """Batches stored without merging, merged later (or by the next run after a kill), equal merging at once."""
    docs = [run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c")]
    with Store(tmp_path / "now.db") as s:
        s.ingest(docs[:2], kb.version)
        s.ingest(docs[2:], kb.version)
    with Store(tmp_path / "later.db") as s:
        s.ingest(docs[:2], kb.version, merge=False)
        s.ingest(docs[2:], kb.version, merge=False)
        assert s.stats()["events"] == 0  # stored, marked, not merged yet
    with Store(tmp_path / "later.db") as s:  # e.g. the next run after the first was killed
        assert s.merge_pending() == 2  # call/KGZ-RUS and meeting/KGZ-RUS
        assert s.merge_pending() == 0
    assert _snapshot(tmp_path / "later.db") == _snapshot(tmp_path / "now.db")


def test_hashes_of_many_documents(tmp_path, run, kb):
    with Store(tmp_path / "h.db") as s:
        s.ingest([run(CALL_A, "a")], kb.version)
        found = s.hashes(["a"] + [f"missing-{i}" for i in range(1200)])  # more ids than one query holds
    assert list(found) == ["a"] and len(found["a"]) == 64


def test_second_writer_says_why_it_waits_then_goes_on(tmp_path, run, kb):
    import threading
    import time

    db = tmp_path / "w.db"
    with Store(db) as s:
        s.ingest([run(CALL_A, "a")], kb.version)
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another ingest in the middle of a batch
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    heard: list[str] = []
    t0 = time.monotonic()
    with Store(db, on_wait=heard.append, timeout=10) as s:
        result = s.ingest([run(MEETING, "c")], kb.version)
    release.join()
    holder.close()
    assert result.added == 1 and time.monotonic() - t0 >= 0.4
    assert len(heard) == 1 and "another process is writing" in heard[0] and str(db) in heard[0]


def test_writer_gives_up_after_its_timeout(tmp_path):
    db = tmp_path / "t.db"
    Store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        Store(db, timeout=0.2)
    holder.execute("ROLLBACK")
    holder.close()


def test_large_block_is_merged_from_sketches_with_the_same_result(tmp_path, run, kb, monkeypatch):
    import summitry.store.core as core

    docs = [run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c"),
            run(" date 2022-03-16 Sadyr Japarov and Vladimir Putin spoke by phone yesterday.", "d")]
    with Store(tmp_path / "plain.db") as s:
        s.ingest(docs, kb.version)
    monkeypatch.setattr(core, "SKETCH_ABOVE", 0)  # every block takes the sketch path
    with Store(tmp_path / "sketch.db") as s:
        s.ingest(docs, kb.version)
    assert _snapshot(tmp_path / "sketch.db") == _snapshot(tmp_path / "plain.db")
