"""What differs between the SQLite and PostgreSQL stores: connecting, SQL spelling, transactions, locks.

The Store's SQL is written once, in SQLite's spelling with ``?`` placeholders, and a dialect adapts
it, so the two back ends cannot drift apart query by query.  The PostgreSQL driver (psycopg 3) is
imported only when a ``postgresql://`` URL is opened: SQLite users need nothing extra.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from summitry.store.errors import NotAStore, StoreError, StoreUnavailable

URL_SCHEMES = ("postgresql://", "postgres://")
SCHEMA_LOCK = 0x53554D4D  # advisory lock key serialising CREATE TABLE IF NOT EXISTS ("SUMM")
STORE_TABLES = {"meta", "documents", "mentions", "events", "event_mentions", "dirty"}
# PostgreSQL: seconds to wait for a server to accept a session, and (readers) for one statement.
CONNECT_TIMEOUT = float(os.environ.get("SUMMITRY_PG_CONNECT_TIMEOUT", "10"))
Waiter = Callable[[str], None] | None


def is_url(db: object) -> bool:
    """True for a PostgreSQL URL (anything else is a SQLite file path)."""
    return isinstance(db, str) and db.startswith(URL_SCHEMES)


def display(db: str | Path) -> str:
    """``db`` for messages and logs: a URL without its password."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", str(db)) if is_url(db) else str(db)


def text_key(event_id: str) -> int:
    """The text index's rowid for an event: 64 bits of a hash of its id (a clash is ~1e-8 at a million events)."""
    return lock_key("event", event_id)


def lock_key(kind: str, name: str) -> int:
    """A signed 64-bit advisory lock key for one document or merge block (collisions only serialise)."""
    return int.from_bytes(hashlib.blake2b(f"{kind}:{name}".encode(), digest_size=8).digest(), "big", signed=True)


class SQLite:
    """An embedded file: one writer at a time (``BEGIN IMMEDIATE``), readers in WAL mode alongside."""

    name = "sqlite"
    merge_each_block = False  # writers take turns per transaction already: one merge transaction is enough

    def __init__(self, path: str | Path, readonly: bool, timeout: float, on_wait: Waiter,
                 statement_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.where = str(self.path)
        self.timeout, self.on_wait = timeout, on_wait
        if self.path.is_dir():
            raise NotAStore(f"{self.path} is a folder, not a store file: pass a file, "
                            f"e.g. --db {self.path / 'summitry.db'}")
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no store at {self.path}; run 'summitry ingest PATH --db {self.path}' first")
            self.conn = self._open_readonly()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False, isolation_level=None)
            try:
                self._check_ours()
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            except BaseException:
                self.conn.close()
                raise

    def _uri(self, *options: str) -> str:
        """A ``file:`` URI of the store: the path percent-encoded, so '?', '#' and '%' stay part of it."""
        return f"file:{quote(os.path.abspath(self.path))}?{'&'.join(('mode=ro', *options))}"

    def _open_readonly(self) -> sqlite3.Connection:
        """A read-only connection.  A WAL store in a read-only folder or on a read-only mount cannot
        create its shared-memory file: there nobody can write either, so it is opened immutable."""
        conn = sqlite3.connect(self._uri(), uri=True, timeout=self.timeout, check_same_thread=False)
        try:
            self._probe(conn)
            return conn
        except sqlite3.OperationalError as e:
            conn.close()
            if not any(k in str(e) for k in ("readonly", "read-only", "unable to open")):
                raise
        conn = sqlite3.connect(self._uri("immutable=1"), uri=True, timeout=self.timeout, check_same_thread=False)
        try:
            self._probe(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _probe(self, conn: sqlite3.Connection) -> list[str]:
        """The tables of the file (reading its first page), or NotAStore when it is no SQLite database."""
        try:
            return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        except sqlite3.DatabaseError as e:
            if "not a database" in str(e) or "encrypted" in str(e):
                raise NotAStore(f"{self.path} is not a summitry store (not an SQLite database): pass --db a store "
                                "file, or a new file name to create one") from e
            raise

    def _check_ours(self) -> None:
        """Refuse, before changing anything, a database that holds tables but not a summitry store."""
        tables = set(self._probe(self.conn))
        ours = "meta" in tables and self.conn.execute(
            "SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone() is not None
        if tables and not ours:
            listed = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise NotAStore(f"{self.path} is an SQLite database of another application (tables: {listed}); summitry "
                            "leaves it as it is: pass --db a summitry store, or a new file name to create one")

    def start(self, readonly: bool) -> None:
        """After the schema is in place: back to Python's transaction handling, foreign keys enforced."""
        if not readonly:
            self.conn.isolation_level = "DEFERRED"  # Python's default (also spelt ""): ``with self.conn`` commits
        self.conn.execute("PRAGMA foreign_keys=ON")

    def sql(self, text: str) -> str:
        return text

    def schema(self, text: str) -> str:
        return text

    def upsert(self, table: str, columns: Sequence[str]) -> str:
        return f"INSERT OR REPLACE INTO {table} VALUES ({','.join('?' * len(columns))})"

    def insert_ignore(self, table: str, n: int) -> str:
        return f"INSERT OR IGNORE INTO {table} VALUES ({','.join('?' * n)})"

    def json_text(self, column: str, *path: str) -> str:
        return f"json_extract({column}, '$.{'.'.join(path)}')"

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    # The text index: an FTS5 table whose rowid is a hash of the event id (``text_key``), so an event's
    # row is found (and deleted) without a scan; the events table's own rowid could change on VACUUM.
    text_schema = ("CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(id UNINDEXED, words, "
                   "tokenize = 'unicode61 remove_diacritics 2')",)

    def unindex(self, ids: Sequence[str]) -> None:
        """Remove events from the text index (before the events themselves are deleted or replaced)."""
        self.conn.executemany("DELETE FROM events_fts WHERE rowid = ?", [(text_key(i),) for i in ids])

    def index(self, rows: Sequence[tuple[str, str]]) -> None:
        """Add or replace ``(event id, its words joined by spaces)`` rows of the text index."""
        self.conn.executemany("INSERT OR REPLACE INTO events_fts (rowid, id, words) VALUES (?, ?, ?)",
                              [(text_key(i), i, words) for i, words in rows])

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, taken with ``BEGIN IMMEDIATE`` (waiting for another writer)."""
        with self.conn:
            self.begin()
            yield

    @contextmanager
    def schema_write(self) -> Iterator[None]:
        self.begin()
        yield
        self.conn.execute("COMMIT")

    def begin(self) -> None:
        """BEGIN IMMEDIATE; when another process is writing, say so (``on_wait``) and wait for it."""
        self.conn.execute("PRAGMA busy_timeout = 100")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            if self.on_wait:
                self.on_wait(f"another process is writing to {self.path}; waiting up to {self.timeout:.0f} s for it")
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    def lock(self, kind: str, names: Sequence[str]) -> None:
        """Nothing to do: the whole file is locked by ``BEGIN IMMEDIATE``."""

    def integrity(self) -> str:
        return "\n".join(str(r[0]) for r in self.conn.execute("PRAGMA integrity_check(20)"))

    def quick_check(self) -> str:
        return "\n".join(str(r[0]) for r in self.conn.execute("PRAGMA quick_check(5)"))

    def columns(self, table: str) -> set[str]:
        return {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}

    def has_store(self) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is not None

    def needs_schema(self) -> bool:
        """Always run the IF NOT EXISTS statements: cheap, and the file is locked for us anyway."""
        return True


class Postgres:
    """A PostgreSQL database: writers run side by side, serialised per document and per merge block.

    Autocommit connection with explicit transactions, so a reader never sits idle in a transaction.
    Text columns are ``COLLATE "C"`` (byte order, as SQLite's BINARY) whatever the database's locale,
    and LIKE is spelled ILIKE: under "C" that folds ASCII case only, exactly like SQLite's LIKE.
    """

    name = "postgresql"
    merge_each_block = True  # short per-block transactions: other writers' marks never wait on a long merge

    def __init__(self, url: str, readonly: bool, timeout: float, on_wait: Waiter,
                 statement_timeout: float | None = None) -> None:
        """``statement_timeout``: seconds a statement may run (the web app's readers set one, so a
        server that stops answering cannot hold its threads); libpq's keepalives notice a dead peer."""
        try:
            import psycopg
        except ImportError as e:
            raise ImportError("PostgreSQL stores need psycopg 3: pip install 'summitry[postgres]'") from e
        self.where = display(url)
        self.path = url
        self.timeout, self.on_wait = timeout, on_wait
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(CONNECT_TIMEOUT)),
                                        keepalives=1, keepalives_idle=30, keepalives_interval=10, keepalives_count=3)
        except psycopg.OperationalError as e:
            reason = " ".join(str(e).split())
            raise StoreUnavailable(f"cannot reach the PostgreSQL store {self.where} within {CONNECT_TIMEOUT:.0f} s "
                                   f"({reason[:200]}): check that the server is up and the URL right, then run the "
                                   "same command again ($SUMMITRY_PG_CONNECT_TIMEOUT sets the wait)") from e
        try:
            self._configure(readonly, timeout, statement_timeout)
        except BaseException:
            self.conn.close()
            raise

    def _configure(self, readonly: bool, timeout: float, statement_timeout: float | None) -> None:
        encoding = self.conn.execute("SHOW server_encoding").fetchone()
        if encoding and encoding[0] != "UTF8":
            raise StoreError(f"{self.where} uses encoding {encoding[0]}; summitry needs a UTF8 database "
                             "(CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)")
        if statement_timeout:
            self.conn.execute(f"SET statement_timeout = {int(statement_timeout * 1000)}")
        if readonly:
            self.conn.execute("SET default_transaction_read_only = on")
        else:
            self.conn.execute(f"SET lock_timeout = {int(timeout * 1000)}")

    def start(self, readonly: bool) -> None:
        """Nothing left to set: foreign keys are always enforced."""

    def sql(self, text: str) -> str:
        return _pg_sql(text)

    def schema(self, text: str) -> str:
        return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', text)

    def upsert(self, table: str, columns: Sequence[str]) -> str:
        """Insert or overwrite by the first column (the primary key), as SQLite's INSERT OR REPLACE."""
        sets = ", ".join(f"{c}=EXCLUDED.{c}" for c in columns[1:] or columns)  # a key alone: rewrite it (locks)
        return (f"INSERT INTO {table} VALUES ({','.join('?' * len(columns))}) "
                f"ON CONFLICT ({columns[0]}) DO UPDATE SET {sets}")

    def insert_ignore(self, table: str, n: int) -> str:
        return f"INSERT INTO {table} VALUES ({','.join('?' * n)}) ON CONFLICT DO NOTHING"

    def json_text(self, column: str, *path: str) -> str:
        keys = ",".join(path)
        return f"(({column})::json #>> '{{{keys}}}') COLLATE \"C\""

    def many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(sql, rows)

    # The text index: a tsvector per event with a GIN index.  No foreign key to events: the store's own
    # code keeps it in step, and a TRUNCATE of events (tests, repairs) must not need to name it too.
    text_schema = ("CREATE TABLE IF NOT EXISTS events_fts (id TEXT PRIMARY KEY, words TSVECTOR NOT NULL)",
                   "CREATE INDEX IF NOT EXISTS events_fts_words ON events_fts USING GIN (words)")

    def unindex(self, ids: Sequence[str]) -> None:
        """Remove events from the text index (before the events themselves are deleted or replaced)."""
        if ids:
            self.conn.execute("DELETE FROM events_fts WHERE id = ANY(%s)", (list(ids),))

    def index(self, rows: Sequence[tuple[str, str]]) -> None:
        """Add or replace ``(event id, its words)`` rows; the words are folded already, so 'simple' (no
        stemming, no stop words) keeps them as they are whatever the database's locale."""
        self.many("INSERT INTO events_fts VALUES (%s, to_tsvector('simple', %s)) "
                  "ON CONFLICT (id) DO UPDATE SET words = EXCLUDED.words", rows)

    @contextmanager
    def write(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    @contextmanager
    def schema_write(self) -> Iterator[None]:
        """Concurrent ``CREATE TABLE IF NOT EXISTS`` can collide in PostgreSQL's catalog: take turns."""
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            yield

    def lock(self, kind: str, names: Sequence[str]) -> None:
        """Lock documents or merge blocks until the transaction ends, in one global order (no deadlocks).

        A lock another writer holds is waited for (up to ``timeout``), and ``on_wait`` hears why once.
        """
        told = False
        for key in sorted({lock_key(kind, n) for n in names}):
            if self._value("SELECT pg_try_advisory_xact_lock(%s)", (key,)):
                continue
            if self.on_wait and not told:
                self.on_wait(f"another process is writing the same {kind}s in {self.where}; "
                             f"waiting up to {self.timeout:.0f} s for it")
                told = True
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))

    def integrity(self) -> str:
        """PostgreSQL checks its own pages; what is left to check is that the tables are all there."""
        found = {r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
        missing = STORE_TABLES - found
        return f"missing tables: {', '.join(sorted(missing))}" if missing else "ok"

    def has_store(self) -> bool:
        return self._value("SELECT to_regclass('meta')") is not None

    def _value(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        """The value of a query that answers one row of one column."""
        row = self.conn.execute(sql, args).fetchone()
        return row[0] if row else None

    def quick_check(self) -> str:
        """PostgreSQL checksums and checks its own pages."""
        return "ok"

    def columns(self, table: str) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s", (table,))}

    def needs_schema(self) -> bool:
        """Only a database without the tables: CREATE INDEX IF NOT EXISTS takes a SHARE lock on its
        table, so an ingest starting up would otherwise wait for every other writer's transaction."""
        return not self.has_store()


_PG_SQL: dict[str, str] = {}


def _pg_sql(text: str) -> str:
    """SQLite spelling → PostgreSQL: ``?`` → ``%s`` (literal % doubled) and LIKE → ILIKE (see Postgres)."""
    out = _PG_SQL.get(text)
    if out is None:
        out = _PG_SQL[text] = text.replace("%", "%%").replace("?", "%s").replace(" LIKE ", " ILIKE ")
    return out
