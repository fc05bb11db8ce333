"""The store on PostgreSQL: the SQLite store's behaviours, identical exports, and concurrent writers.

The server comes from ``$SUMMITRY_TEST_PG`` (a URL whose role may CREATE DATABASE; every test gets
a database of its own, dropped afterwards).  Unset or unreachable: the tests skip and say why —
unless ``$SUMMITRY_TEST_PG_REQUIRED`` is set (CI), where that is a failure.  Scratch databases use
an ICU English collation when the server has one, so any ORDER BY that relied on the database's
locale instead of the store's byte order would show up as an export that differs from SQLite's.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from summitry.store import SCHEMA_VERSION, EventFilter, Store, StoreVersionError

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from summitry.web import create_app

# the text index's checks, run here on PostgreSQL (tests/ is on the import path: no package)
from test_store import check_index_follows_a_changed_document, check_text_search, check_upgrade_of_an_old_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
SUMMITRY = str(Path(sys.executable).parent / "summitry")
TABLES = ("documents", "mentions", "events", "event_mentions", "dirty", "meta")
CALL_A = " date 2022-03-15 Садыр Жапаров провел телефонный разговор с Владимиром Путиным."  # as in test_store
CALL_B = " date 2022-03-15 Sadyr Japarov and Vladimir Putin held a telephone conversation today."
MEETING = " date 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi today."


def _unavailable(reason: str) -> None:
    if os.environ.get("SUMMITRY_TEST_PG_REQUIRED"):
        pytest.fail(f"PostgreSQL tests required here, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The server URL, checked once: reachable, and able to create databases."""
    url = os.environ.get("SUMMITRY_TEST_PG")
    if not url:
        _unavailable("SUMMITRY_TEST_PG is not set (e.g. postgresql://postgres@127.0.0.1:54329/postgres); "
                     "'.ci/run' starts a throwaway server and sets it")
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed: pip install -e '.[postgres]'")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as e:
        _unavailable(f"PostgreSQL at $SUMMITRY_TEST_PG is unreachable: {str(e).strip().splitlines()[0]}")
    return url


def _with_db(url: str, name: str) -> str:
    return urlsplit(url)._replace(path="/" + name).geturl()


@pytest.fixture()
def pg(pg_server) -> Iterator[str]:
    """A fresh, empty database for one test (ICU 'en' collation when available), dropped afterwards."""
    import psycopg

    name = f"summitry_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        try:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                          "LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C'")
        except psycopg.errors.InsufficientPrivilege:
            _unavailable("the $SUMMITRY_TEST_PG role may not CREATE DATABASE")
        except psycopg.Error:  # PostgreSQL < 15 or no ICU: the server's default collation
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield _with_db(pg_server, name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def snapshot(db: str | Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, from either back end."""
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as conn:
            return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
    with sqlite3.connect(db) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}


def export(db: str | Path) -> str:
    """``summitry export --format jsonl``, through the real command."""
    res = subprocess.run([SUMMITRY, "export", "--db", str(db), "--format", "jsonl"], capture_output=True, text=True,
                         timeout=600, check=False)
    assert res.returncode == 0, res.stderr
    return res.stdout


# --- the store test-suite's behaviours --------------------------------------------------------------

def test_ingest_is_idempotent(pg, run, kb):
    docs = [run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c")]
    with Store(pg) as s:
        first = s.ingest(docs, kb.version)
    before = snapshot(pg)
    with Store(pg) as s:
        again = s.ingest(docs, kb.version)
    assert (first.added, again.added, again.unchanged) == (3, 0, 3)
    assert snapshot(pg) == before
    assert before["meta"] == [("schema_version", str(SCHEMA_VERSION))]


def test_two_outlets_one_event_and_new_article_joins(pg, run, kb):
    with Store(pg) as s:
        s.ingest([run(CALL_A, "a")], kb.version)
        s.ingest([run(CALL_B, "b")], kb.version)
        events = list(s.events())
    assert len(events) == 1
    assert sorted(m.doc_id for m in events[0].mentions) == ["a", "b"]


def test_changed_document_replaces_its_mentions(pg, run, kb):
    with Store(pg) as s:
        s.ingest([run(CALL_A, "a")], kb.version)
        result = s.ingest([run(MEETING, "a")], kb.version)
        assert result.updated == 1
        assert [e.kind for e in s.events()] == ["meeting"]
        assert s.stats() == {"documents": 1, "mentions": 1, "events": 1}


def test_filters_and_readonly(pg, run, kb):
    import psycopg

    with Store(pg) as s:
        s.ingest([run(CALL_A, "a"), run(MEETING, "c")], kb.version)
    with Store(pg, readonly=True) as s:
        assert [e.kind for e in s.events(EventFilter(kind="call"))] == ["call"]
        assert [e.date.date for e in s.events(EventFilter(since="2022-01-01"))] == ["2022-03-15"]
        assert len(list(s.events(EventFilter(country=["kgz", "RUS"])))) == 2  # codes in any case, as SQLite
        assert list(s.events(EventFilter(country=["USA"]))) == []
        assert list(s.events(EventFilter(country=["%"]))) == []  # LIKE metacharacters are literal
        assert list(s.events(EventFilter(person="\x00"))) == []  # NUL: nothing, not a server error
        assert s.integrity() == "ok"
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            s.conn.execute("DELETE FROM events")


def test_readonly_empty_database_says_what_to_do(pg):
    with pytest.raises(FileNotFoundError, match="summitry ingest"):
        Store(pg, readonly=True)


def test_newer_schema_is_refused(pg):
    import psycopg

    Store(pg).close()
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    for readonly in (False, True):
        with pytest.raises(StoreVersionError, match="schema version 99"):
            Store(pg, readonly=readonly)


def test_text_search(pg, run, kb):
    """Prefix search in any case and script, FTS syntax as text (the checks of test_store): the words are
    folded before PostgreSQL sees them, so Cyrillic case folds even in this 'C'-ctype database."""
    check_text_search(pg, run, kb)


def test_text_index_follows_a_changed_document(pg, run, kb):
    check_index_follows_a_changed_document(pg, run, kb)


def test_upgrade_of_an_old_store(pg, run, kb):
    import psycopg

    check_upgrade_of_an_old_store(pg, run, kb)
    with psycopg.connect(pg) as conn:
        indexes = {n for (n,) in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'events%'")}
    assert {"events_sort_asc", "events_sort_desc", "events_dates", "events_fts_words"} <= indexes
    assert "events_date" not in indexes


def test_deferred_merge_gives_the_same_store(pg, pg_server, run, kb):
    docs = [run(CALL_A, "a"), run(CALL_B, "b"), run(MEETING, "c")]
    with Store(pg) as s:
        s.ingest(docs[:2], kb.version, merge=False)
        s.ingest(docs[2:], kb.version, merge=False)
        assert s.stats()["events"] == 0  # stored, marked, not merged yet
    with Store(pg) as s:  # e.g. the next run after the first was killed
        assert s.merge_pending() == 2  # call/KGZ-RUS and meeting/KGZ-RUS
        assert s.merge_pending() == 0
    later = snapshot(pg)
    with Store(pg) as s:  # the same documents merged at once, from scratch
        s.conn.execute("TRUNCATE documents, mentions, events, event_mentions, dirty")
        s.ingest(docs[:2], kb.version)
        s.ingest(docs[2:], kb.version)
    assert snapshot(pg) == later


def test_hashes_of_many_documents(pg, run, kb):
    with Store(pg) as s:
        s.ingest([run(CALL_A, "a")], kb.version)
        found = s.hashes(["a"] + [f"missing-{i}" for i in range(1200)])
    assert list(found) == ["a"] and len(found["a"]) == 64


def test_writer_waiting_for_a_locked_block_says_why(pg, run, kb):
    """A merge waits for another writer's lock on its block, hears why once, then goes on."""
    import threading

    import psycopg

    from summitry.store.dialect import lock_key

    with Store(pg) as s:
        s.ingest([run(CALL_A, "a")], kb.version, merge=False)
    holder = psycopg.connect(pg)
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key("merge block", "call/KGZ-RUS"),))
    release = threading.Timer(0.5, holder.commit)
    release.start()
    heard: list[str] = []
    t0 = time.monotonic()
    with Store(pg, on_wait=heard.append, timeout=10) as s:
        assert s.merge_pending() == 1
    release.join()
    holder.close()
    assert time.monotonic() - t0 >= 0.4
    assert len(heard) == 1 and "another process is writing the same merge blocks" in heard[0]
    assert "summitry_t_" in heard[0]


# --- the same answers as SQLite ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The example corpus plus 300 generated documents (fixture texts cycled under new ids)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import build
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("corpus")
    build(300, folder / "generated.jsonl")
    for f in EXAMPLES.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    return folder


@pytest.fixture(scope="module")
def sqlite_store(corpus, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sqlite") / "one.db"
    res = subprocess.run([SUMMITRY, "ingest", "-q", "--workers", "1", "--db", str(db), str(corpus)],
                         capture_output=True, text=True, timeout=900, check=False)
    assert res.returncode == 0, res.stderr
    return db


def test_export_identical_to_sqlite(pg, corpus, sqlite_store):
    res = subprocess.run([SUMMITRY, "ingest", "--workers", "1", "--db", pg, str(corpus)], capture_output=True,
                         text=True, timeout=900, check=False)
    assert res.returncode == 0, res.stderr
    assert "summitry_t_" in res.stderr and "new" in res.stderr
    expected = export(sqlite_store)
    assert len(expected.splitlines()) > 20
    assert export(pg) == expected
    pg_rows, sqlite_rows = snapshot(pg), snapshot(sqlite_store)
    assert {t: len(r) for t, r in pg_rows.items()} == {t: len(r) for t, r in sqlite_rows.items()}
    assert pg_rows["events"] == sqlite_rows["events"] and pg_rows["mentions"] == sqlite_rows["mentions"]

    # the web API's reading SQL (text search, keyset pages, pair counts, facets) answers alike
    web_pg, web_sqlite = (TestClient(create_app(db, hosts=["testserver"])) for db in (pg, sqlite_store))
    for params in ({}, {"order": "desc"}, {"q": "putin"}, {"q": "Путин"}, {"q": "moscow"}, {"country": "RUS"},
                   {"topic": "energy", "order": "desc"}, {"kind": "call", "since": "2022-01-01"}):
        assert _pages(web_pg, params) == _pages(web_sqlite, params), params
    for path in ("/api/meta", "/api/pairs/KGZ/RUS", "/api/pairs/KAZ/UZB", "/api/facets", "/api/timeline",
                 "/api/facets?country=RUS&role=head_of_state&min_confidence=0.5", "/api/map", "/api/pairs"):
        for _kept in range(2):  # computed, then as kept for the store's version (web/cache.py)
            assert _rows_sorted(web_pg.get(path).json()) == _rows_sorted(web_sqlite.get(path).json()), path
    some = web_sqlite.get("/api/events", params={"limit": 3}).json()["items"]
    for item in some:
        assert web_pg.get(f"/api/events/{item['id']}").json() == web_sqlite.get(f"/api/events/{item['id']}").json()
        doc = web_sqlite.get(f"/api/events/{item['id']}").json()["mentions"][0]["doc_id"]
        assert web_pg.get(f"/api/documents/{doc}").json() == web_sqlite.get(f"/api/documents/{doc}").json()


def _rows_sorted(body: object) -> object:
    """An answer with its lists of rows sorted: the engines return rows of equal rank (a window's events, places
    with as many meetings) in either order."""
    if isinstance(body, dict):
        return {k: sorted(v, key=json.dumps) if isinstance(v, list) else v for k, v in body.items()}
    return body


def _pages(client: TestClient, params: dict) -> tuple[list[dict], int]:
    """Every event through cursor pagination, 7 at a time; checks each id comes once."""
    items, cursor, total = [], None, None
    while True:
        page = client.get("/api/events", params={**params, "limit": 7, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        total = body["total"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len({i["id"] for i in items}) == len(items) == total
    return items, total


# --- several writers at once ------------------------------------------------------------------------

def test_concurrent_ingest_processes_equal_one_sqlite_ingest(pg, corpus, sqlite_store, tmp_path):
    """Four 'summitry ingest' processes on overlapping shards, started together, in small batches."""
    lines = [ln for f in sorted(corpus.iterdir()) if f.suffix == ".jsonl" for ln in f.read_text().splitlines()]
    texts = [f for f in sorted(corpus.iterdir()) if f.suffix != ".jsonl"]
    shards = []
    for i in range(4):  # each shard: its quarter plus half of the next one, and every plain-text file
        shard = tmp_path / f"shard{i}" / "corpus"  # one folder name: a file is the same document in each
        shard.mkdir(parents=True)
        q = len(lines) // 4
        part = lines[i * q:(i + 1) * q + q // 2] if i < 3 else lines[3 * q:] + lines[:q // 2]
        (shard / "part.jsonl").write_text("\n".join(part) + "\n")
        for f in texts:
            (shard / f.name).write_bytes(f.read_bytes())
        shards.append(shard)
    # BATCH=10 and merge_every=0: many small transactions and merges, so the writers truly interleave
    launcher = ("import functools, sys; import summitry.api as a; a.BATCH = 10; "
                "a.ingest = functools.partial(a.ingest, merge_every=0.0); "
                "from summitry.cli import main; sys.argv[0] = 'summitry'; main()")
    t0 = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-c", launcher, "ingest", "-q", "--workers", "1", "--db", pg,
                               str(shard)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for shard in shards]
    outcomes = [p.communicate(timeout=900) for p in procs]
    elapsed = time.monotonic() - t0
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in outcomes]

    assert export(pg) == export(sqlite_store), f"after {elapsed:.1f} s"
    rows = snapshot(pg)
    assert rows["dirty"] == []
    assert {t: len(rows[t]) for t in ("documents", "mentions", "events", "event_mentions")} == \
        {t: len(r) for t, r in snapshot(sqlite_store).items() if t in ("documents", "mentions", "events",
                                                                      "event_mentions")}
    with Store(pg, readonly=True) as s:
        assert s.integrity() == "ok"  # includes: no mention in two events


def test_concurrent_writers_with_conflicting_versions(pg, pg_server, run, kb, tmp_path):
    """Processes storing different texts under the same ids, merging after every batch: one version of
    each document survives, with exactly its own mentions, merged as a single writer would merge it."""
    versions = [CALL_A, CALL_B, MEETING, " date 2022-03-15 Japarov and Putin spoke by phone today."]
    script = tmp_path / "writer.py"
    script.write_text(
        "import json, random, sys, time\n"
        "from summitry.knowledge import load_kb\nfrom summitry.model import RawDocument\n"
        "from summitry.pipeline import process\nfrom summitry.store import Store\n"
        "url, seed = sys.argv[1], int(sys.argv[2]); rng = random.Random(seed); kb = load_kb()\n"
        f"versions = {versions!r}\n"
        "docs = [(f'd{i}', versions[(i + seed) % len(versions)]) for i in range(40)]\n"
        "rng.shuffle(docs)\n"
        "with Store(url) as s:\n"
        "    for i in range(0, len(docs), 3):\n"
        "        batch = [process(RawDocument(doc_id=d, text=t, source=d + '.txt'), kb) for d, t in docs[i:i + 3]]\n"
        "        s.ingest(batch, kb.version, merge=rng.random() < 0.3)\n"
        "        s.merge_pending()\n"
        "        time.sleep(rng.random() / 100)\n"
        "    s.merge_pending()\n")
    procs = [subprocess.Popen([sys.executable, str(script), pg, str(seed)], stderr=subprocess.PIPE, text=True)
             for seed in range(4)]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors

    with Store(pg, readonly=True) as s:
        stored = {row["doc_id"]: row["text"] for row in map(s.document, [f"d{i}" for i in range(40)]) if row}
        assert s.integrity() == "ok"
    assert len(stored) == 40
    single = tmp_path / "single.db"
    with Store(single) as s:  # the surviving versions, stored by one writer
        s.ingest([run(text, doc_id) for doc_id, text in sorted(stored.items())], kb.version)
    for table in ("mentions", "events", "event_mentions"):
        assert snapshot(pg)[table] == snapshot(single)[table], table
    assert export(pg) == export(single)
    assert {json.loads(line)["kind"] for line in export(pg).splitlines()} == {"call", "meeting"}


def _paused_ingest(url: str, docs: list, kb_version: str, after: str) -> tuple:
    """Start ``Store.ingest(docs, merge=False)`` in a thread that stops, transaction open, right after
    its first statement mentioning ``after``; returns (thread, paused event, resume event)."""
    import threading

    paused, resume = threading.Event(), threading.Event()
    store = Store(url)
    original = store.db.many

    def many(sql: str, rows: list) -> None:
        original(sql, rows)
        if after in sql and not paused.is_set():
            paused.set()
            resume.wait(20)

    store.db.many = many  # type: ignore[method-assign]

    def work() -> None:
        with store:
            store.ingest(docs, kb_version, merge=False)

    thread = threading.Thread(target=work)
    thread.start()
    assert paused.wait(20), "the writer never reached its pause"
    return thread, paused, resume


def test_merge_waits_for_a_writer_holding_its_blocks_mark(pg, run, kb):
    """The lost-mention race, forced: a mark is already pending when a writer re-marks the block and
    a merge runs before that writer commits.  The merge must wait and then see the new mention."""
    import threading

    with Store(pg) as s:
        s.ingest([run(CALL_A, "a")], kb.version, merge=False)  # call/KGZ-RUS marked, not merged
    writer, _, resume = _paused_ingest(pg, [run(CALL_B, "b")], kb.version, after="dirty")
    merger = Store(pg)  # opening a store does not wait for the paused writer
    merged = threading.Thread(target=merger.merge_pending)
    merged.start()
    merged.join(0.5)
    waited = merged.is_alive()
    resume.set()
    writer.join(20)
    merged.join(20)
    merger.close()
    with Store(pg, readonly=True) as s:
        (event,) = list(s.events())
        assert sorted(m.doc_id for m in event.mentions) == ["a", "b"]
    assert waited and snapshot(pg)["dirty"] == []


def test_second_writer_of_a_document_waits_and_replaces_its_mentions(pg, run, kb):
    """Two writers store different texts under one id at once: the second waits for the first's
    document lock, then replaces its mentions, as if they had run one after the other."""
    Store(pg).close()  # the tables
    writer, _, resume = _paused_ingest(pg, [run(CALL_A, "x")], kb.version, after="mentions")
    heard: list[str] = []
    with Store(pg, on_wait=lambda why: (heard.append(why), resume.set())) as s:  # opening does not wait
        result = s.ingest([run(MEETING, "x")], kb.version)
    writer.join(20)
    assert result.updated == 1 and heard and "same documents" in heard[0]
    with Store(pg, readonly=True) as s:
        assert [m.kind for m in s.document_contacts("x") for m in [m[0]]] == ["meeting"]
        assert [e.kind for e in s.events()] == ["meeting"]
