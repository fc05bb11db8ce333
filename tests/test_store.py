import sqlite3

import pytest

from summitry.store import SCHEMA_VERSION, EventFilter, Store, select
from summitry.store.select import Selection, text_alternatives

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


def test_a_changed_copy_later_in_the_same_batch_replaces_the_first(tmp_path, run, kb):
    with Store(tmp_path / "s.db") as s:
        result = s.ingest([run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "a"), run(MEETING, "a")], kb.version)
        assert (result.added, result.updated, result.unchanged) == (2, 1, 1)
        assert sorted(e.kind for e in s.events()) == ["call", "meeting"]
        assert s.stats() == {"documents": 2, "mentions": 2, "events": 2}


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
    import summitry.store.remerge as remerge

    docs = [run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c"),
            run(" date 2022-03-16 Sadyr Japarov and Vladimir Putin spoke by phone yesterday.", "d")]
    with Store(tmp_path / "plain.db") as s:
        s.ingest(docs, kb.version)
    monkeypatch.setattr(remerge, "SKETCH_ABOVE", 0)  # every block takes the sketch path
    with Store(tmp_path / "sketch.db") as s:
        s.ingest(docs, kb.version)
    assert _snapshot(tmp_path / "sketch.db") == _snapshot(tmp_path / "plain.db")


# --- the text index (shared with test_store_postgres, which runs these checks on PostgreSQL) -------------

def searched(store: Store, query: str) -> tuple[list[dict], int]:
    """The first page of events a text query finds (as the web's list asks: no other spellings)."""
    sel = Selection(text=text_alternatives(query, lambda word: []) if query.strip() else [], query=query)
    return select.event_page(store, sel, None, False, 100)


def found(db, query: str) -> list[str]:
    """Kinds of the events a text query finds, sorted (and the page's total agrees)."""
    with Store(db, readonly=True) as s:
        rows, total = searched(s, query)
    assert total == len(rows), query
    return sorted(r["kind"] for r in rows)


def index_rows(db) -> list[tuple]:
    """The text index's rows (id, words) and the event ids, to compare stores and spot stale rows."""
    with Store(db, readonly=True) as s:
        rows = sorted(s.conn.execute("SELECT id, words FROM events_fts").fetchall())
        ids = sorted(i for (i,) in s.conn.execute("SELECT id FROM events").fetchall())
    assert [i for i, _ in rows] == ids  # one row per event, none left behind
    return rows


def check_text_search(db, run, kb) -> None:
    """Prefix search on whole words, any case, Latin and Cyrillic; FTS syntax in a query is only text."""
    with Store(db) as s:
        s.ingest([run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c")], kb.version)
    assert found(db, "Japar") == found(db, "JAPAROV") == found(db, "japarov") == ["call", "meeting"]
    assert found(db, "Путин") == found(db, "путиным") == found(db, "ПУТИН") == ["call"]  # "Путиным" in CALL_A
    assert found(db, "Жапаров Владимир") == found(db, "жапаров") == ["call"]
    assert found(db, "Sochi") == found(db, "soch") == found(db, "Sóchi") == ["meeting"]  # the city; diacritics
    assert found(db, "Japarov sochi") == ["meeting"]  # every word must match
    assert found(db, "apar") == [] and found(db, "Japarovx") == []  # a word's beginning, not any part of it
    # as operators these would find both events (OR), or fail to parse; as text no word begins with "or"/"near"
    assert found(db, "Japarov OR Sochi") == [] and found(db, "NEAR(Japarov Putin)") == []
    assert found(db, '"Japarov" -Sochi* ^soch:') == ["meeting"]
    assert found(db, "AND") == found(db, "and Putin") == ["call"]  # CALL_B's "Japarov and Putin": a plain word
    assert found(db, " ") == ["call", "meeting"]  # blank: no query at all, as when none is given
    for hostile in ('"', "*", "-", ":", "^", "(", ")", "'", "%", "_", "\\", '"*"', "NOT", "NEAR",
                    "' OR 1=1 --", "Japarov\x00", "\x00"):
        assert found(db, hostile) == [], repr(hostile)


def check_index_follows_a_changed_document(db, run, kb) -> None:
    """A document rewritten and re-ingested: its old evidence no longer matches, its new one does."""
    with Store(db) as s:
        s.ingest([run(MEETING, "a")], kb.version)
    assert found(db, "Sochi") == ["meeting"]
    with Store(db) as s:
        s.ingest([run(CALL_B, "a")], kb.version)
    assert found(db, "Sochi") == [] and found(db, "telephone") == ["call"]
    assert len(index_rows(db)) == 1


def downgrade(db) -> None:
    """Make a store look as schema 1 left it: no text index, no sort indexes, version 1."""
    with Store(db) as s, s.db.write():
        for statement in ("DROP TABLE events_fts", "DROP INDEX events_sort_asc", "DROP INDEX events_sort_desc",
                          "DROP INDEX events_dates", "CREATE INDEX events_date ON events(date_start)",
                          "UPDATE meta SET value = '1' WHERE key = 'schema_version'"):
            s.conn.execute(statement)


def version(db) -> str:
    with Store(db, readonly=True) as s:
        return s.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]


def check_upgrade_of_an_old_store(db, run, kb) -> None:
    """Read-only, a schema-1 store still answers text queries (the old substring search) and is left as it
    is; the first open for writing builds the index, the same as a new store's."""
    with Store(db) as s:
        s.ingest([run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c")], kb.version)
    fresh = index_rows(db)
    downgrade(db)
    with Store(db, readonly=True) as s:
        assert not s.text_index
        rows, total = searched(s, "Sochi")
        assert [r["kind"] for r in rows] == ["meeting"] and total == 1
    assert version(db) == "1"
    Store(db).close()  # e.g. the next 'summitry ingest'
    assert version(db) == str(SCHEMA_VERSION) == "3"
    with Store(db, readonly=True) as s:
        assert s.text_index
    assert index_rows(db) == fresh
    assert found(db, "Japar") == ["call", "meeting"] and found(db, "Путин") == ["call"]


def test_text_search(tmp_path, run, kb):
    check_text_search(tmp_path / "t.db", run, kb)


def test_text_index_follows_a_changed_document(tmp_path, run, kb):
    check_index_follows_a_changed_document(tmp_path / "c.db", run, kb)


def test_upgrade_of_an_old_store(tmp_path, run, kb):
    db = tmp_path / "old.db"
    check_upgrade_of_an_old_store(db, run, kb)
    con = sqlite3.connect(db)
    indexes = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    plan = " ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN SELECT id FROM events "
                                               "ORDER BY COALESCE(date_start, '0000') DESC, id DESC LIMIT 5"))
    con.close()
    assert {"events_sort_asc", "events_sort_desc", "events_dates"} <= indexes and "events_date" not in indexes
    assert "events_sort_desc" in plan and "TEMP B-TREE" not in plan  # pages read in order, no sort


def test_a_document_without_contacts_keeps_its_hash_not_its_text(tmp_path, run, kb):
    quiet = run("The city council approved a new budget for road repairs.", "quiet")
    with Store(tmp_path / "q.db") as s:
        s.ingest([run(MEETING, "c"), quiet], kb.version)
        assert s.document("quiet")["text"] == "" and s.document("c")["text"] == MEETING
        assert s.ingest([quiet], kb.version).unchanged == 1  # still known, so skipped next time


def test_event_dicts_are_the_export_of_the_events(tmp_path, run, kb):
    from summitry import jsonio
    from summitry.export import to_jsonl

    undated = " Sadyr Japarov and Vladimir Putin held talks in Moscow last week."
    with Store(tmp_path / "s.db") as s:
        s.ingest([run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c"), run(undated, "d")], kb.version)
        lines = list(to_jsonl(s.events()))
        assert len(lines) >= 3 and [jsonio.dumps(d) for d in s.event_dicts()] == lines
