"""Hostile file systems and store faults (issue 13): each test reproduces one reported fault.

File names that are not UTF-8 or hold a newline, a FIFO among the articles, '?#%' in store paths,
read-only stores, another application's database, damaged stores, a PostgreSQL server that never
answers: nothing may hang, print a traceback, or change what it should not; the CLI says in one
line what failed and what to do, with an exit status that tells the cases apart.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry import api
from summitry.cli import app
from summitry.exits import SKIPPED, STORE, USAGE
from summitry.store import Store, StoreDamaged, StoreUnavailable

runner = CliRunner()
MEET = "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\n"
CALL = "On 2022-03-15 Kassym-Jomart Tokayev held a phone call with Vladimir Putin.\n"


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meet.txt").write_text(MEET, encoding="utf-8")
    (folder / "call.txt").write_text(CALL, encoding="utf-8")
    return folder


def summitry(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process, as a user runs it (a hang fails the test instead of stalling it)."""
    return subprocess.run([sys.executable, "-m", "summitry.cli", *args], capture_output=True, text=True,
                          timeout=timeout, check=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- inputs ---------------------------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_read_like_any_other(tmp_path):
    folder = corpus(tmp_path / "in")
    name = os.fsdecode(b"caf\xe9.txt")
    try:
        (folder / name).write_text("On 2023-10-12 Shavkat Mirziyoyev met Emomali Rahmon in Dushanbe.\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    db = tmp_path / "s.db"
    res = summitry("ingest", str(folder), "--db", str(db))
    assert res.returncode == 0, res.stderr
    assert "3 new" in res.stderr and "Traceback" not in res.stderr
    with Store(db, readonly=True) as s:
        assert s.document("caf\\xe9") is not None  # the undecodable byte spelt as an escape


def test_a_fifo_among_the_articles_is_skipped_not_read(tmp_path):
    folder = corpus(tmp_path / "in")
    os.mkfifo(folder / "pipe.txt")
    res = summitry("ingest", str(folder), "--db", str(tmp_path / "s.db"), timeout=60)
    assert res.returncode == SKIPPED
    assert "pipe.txt: not a regular file (a FIFO)" in res.stderr and "2 new" in res.stderr


def test_a_newline_in_a_file_name_cannot_forge_a_message(tmp_path):
    folder = corpus(tmp_path / "in")
    (folder / "x.txt\nskipped forged.txt").write_text("")
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "s.db")])
    assert res.exit_code == SKIPPED
    skipped = [line for line in res.output.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1 and "x.txt\\nskipped forged.txt" in skipped[0]


def test_terminal_escapes_in_evidence_are_printed_escaped(tmp_path):
    feed = tmp_path / "feed.jsonl"
    text = "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\x1b[8m hidden \x1b[0m"
    feed.write_text(json.dumps({"id": "esc\x1b[2J", "text": text}) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    runner.invoke(app, ["ingest", str(feed), "--db", str(db)])
    event_id = json.loads(runner.invoke(app, ["export", "--db", str(db)]).stdout.splitlines()[0])["id"]
    res = runner.invoke(app, ["show", event_id, "--db", str(db)])
    assert res.exit_code == 0 and "\x1b" not in res.output and "esc\\x1b[2J" in res.output


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text_not_binary(tmp_path, encoding):
    from summitry.read import iter_documents

    text = "Садыр Жапаров встретился с Владимиром Путиным в Сочи.\nSadyr Japarov met Vladimir Putin in Sochi.\n"
    (tmp_path / "u16.txt").write_bytes(text.encode(encoding))
    (doc,) = iter_documents([tmp_path / "u16.txt"])
    assert getattr(doc, "text", doc) == text
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 64)  # binary with NUL bytes stays binary
    (err,) = iter_documents([tmp_path / "blob.txt"])
    assert "NUL bytes" in err.reason


# --- store paths ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["news?2024.db", "news#1.db", "news%3F.db", "news%.db"])
def test_query_and_fragment_characters_are_part_of_the_store_path(tmp_path, kb, name):
    api.ingest([corpus(tmp_path / "a")], tmp_path / "news", kb=kb)  # a neighbour the URI could fall back to
    odd = tmp_path / name
    res = runner.invoke(app, ["events", "--db", str(odd)])
    assert res.exit_code == USAGE and "no store at" in res.output
    api.ingest([tmp_path / "a" / "meet.txt"], odd, kb=kb)
    assert len(list(api.events(odd))) == 1 and len(list(api.events(tmp_path / "news"))) == 2
    stores = {p.name.removesuffix("-wal").removesuffix("-shm") for p in tmp_path.iterdir() if p.is_file()}
    assert stores == {"news", name}  # no stray file named by a cut-off path


def run_as_nobody(fn):
    """``fn()`` in a child process without root's right to write anywhere (as root), else here."""
    if os.geteuid() != 0:
        return fn()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = json.dumps(["ok", fn()])
        except BaseException as e:
            result = json.dumps(["error", f"{type(e).__name__}: {e}"])
        os.write(write, result.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as fh:
        status, value = json.loads(fh.read())
    os.waitpid(pid, 0)
    assert status == "ok", value
    return value


def test_a_store_in_a_read_only_folder_can_be_read(tmp_path, kb):
    folder = tmp_path / "ro"
    folder.mkdir()
    api.ingest([corpus(tmp_path / "in")], folder / "s.db", kb=kb)
    expected = list(api.export_jsonl(folder / "s.db"))
    os.chmod(folder / "s.db", 0o444)
    os.chmod(folder, 0o555)
    for up in (tmp_path, tmp_path.parent, tmp_path.parent.parent):
        os.chmod(up, os.stat(up).st_mode | 0o005)  # the reader may pass through, not write
    try:
        assert run_as_nobody(lambda: list(api.export_jsonl(folder / "s.db"))) == expected
        assert {p.name.removesuffix("-wal").removesuffix("-shm") for p in folder.iterdir()} == {"s.db"}
    finally:
        os.chmod(folder, 0o755)


def test_another_applications_sqlite_file_is_refused_unchanged(tmp_path):
    other = tmp_path / "app.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoices VALUES (1, 9.5)")
    con.commit()
    con.close()
    before = digest(other)
    res = runner.invoke(app, ["ingest", str(corpus(tmp_path / "in")), "--db", str(other)])
    assert res.exit_code == USAGE and "another application (tables: invoices)" in res.output
    assert digest(other) == before and sorted(p.name for p in tmp_path.iterdir()) == ["app.db", "in"]
    assert runner.invoke(app, ["events", "--db", str(other)]).exit_code == USAGE


@pytest.mark.parametrize("kind", ["folder", "text file"])
def test_db_naming_a_folder_or_a_non_database_is_one_line(tmp_path, kind):
    target = tmp_path / "target"
    if kind == "folder":
        target.mkdir()
    else:
        target.write_text("not a database\n" * 200)
    for command in (["events"], ["export"], ["ingest", str(corpus(tmp_path / "in"))], ["check"]):
        res = runner.invoke(app, [*command, "--db", str(target)])
        assert res.exit_code == USAGE, (command, res.output)
        assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
        assert "not a store file" in res.output or "not a summitry store" in res.output


# --- damaged stores and failures ------------------------------------------------------------------

def flip_value(db: Path) -> None:
    """A byte of a stored value changed on disk, the page still sound (what a bit flip leaves)."""
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE events SET data = replace(data, 'Sochi', 'Sochx')")
    con.close()


def test_a_value_changed_on_disk_is_not_served_as_fact(tmp_path, kb):
    db = tmp_path / "s.db"
    api.ingest([corpus(tmp_path / "in")], db, kb=kb)
    flip_value(db)
    with pytest.raises(StoreDamaged, match="does not match its checksum"):
        list(api.events(db))
    res = runner.invoke(app, ["events", "--db", str(db)])
    assert res.exit_code == STORE and len(res.output.strip().splitlines()) == 1 and "summitry check" in res.output
    res = runner.invoke(app, ["check", "--db", str(db)])
    assert res.exit_code == STORE and "events row" in res.output and "checksum mismatch" in res.output


def test_ingest_stops_before_writing_into_a_damaged_store(tmp_path, kb):
    db = tmp_path / "s.db"
    api.ingest([corpus(tmp_path / "in")], db, kb=kb)
    with Store(db, readonly=True) as s:
        root = s.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    with db.open("r+b") as fh:  # a damaged page: the events table's root claims 65,535 cells
        fh.seek(4096 * (root - 1))
        fh.write(b"\x0d\x00\x00\xff\xff")
    before = digest(db)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "x.txt").write_text("On 2023-10-12 Shavkat Mirziyoyev met Emomali Rahmon in Dushanbe.\n")
    res = runner.invoke(app, ["ingest", str(tmp_path / "new"), "--db", str(db)])
    assert res.exit_code == STORE and "damaged" in res.output and "Traceback" not in res.output
    assert digest(db) == before
    assert runner.invoke(app, ["check", "--db", str(db)]).exit_code == STORE


def test_a_sound_store_checks_ok(tmp_path, kb):
    db = tmp_path / "s.db"
    api.ingest([corpus(tmp_path / "in")], db, kb=kb)
    res = runner.invoke(app, ["check", "--db", str(db)])
    assert res.exit_code == 0 and res.output.strip().endswith(": ok")


def test_a_failed_export_leaves_no_partial_file(tmp_path, kb, monkeypatch):
    db = tmp_path / "s.db"
    api.ingest([corpus(tmp_path / "in")], db, kb=kb)
    out = tmp_path / "events.jsonl"
    out.write_text("the previous export\n")
    real = Store.event_dicts

    def failing(self, *args, **kwargs):
        yield next(real(self, *args, **kwargs))
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "event_dicts", failing)
    res = runner.invoke(app, ["export", "--db", str(db), "-o", str(out)])
    assert res.exit_code == STORE and "disk I/O error" in res.output and len(res.output.strip().splitlines()) == 1
    assert out.read_text() == "the previous export\n"
    assert {p.name.removesuffix("-wal").removesuffix("-shm") for p in tmp_path.iterdir()} == {"events.jsonl", "in",
                                                                                          "s.db"}
    monkeypatch.undo()
    assert runner.invoke(app, ["export", "--db", str(db), "-o", str(out)]).exit_code == 0
    assert out.read_text() == runner.invoke(app, ["export", "--db", str(db)]).stdout


def test_show_accepts_a_unique_id_prefix(tmp_path, kb):
    db = tmp_path / "s.db"
    api.ingest([corpus(tmp_path / "in")], db, kb=kb)
    ids = sorted(e.id for e in api.events(db))
    short = next(i[3:8] for i in ids if not any(j[3:8] == i[3:8] for j in ids if j != i))
    res = runner.invoke(app, ["show", short, "--db", str(db)])
    assert res.exit_code == 0 and any(i in res.output for i in ids)
    res = runner.invoke(app, ["show", "ev-", "--db", str(db)])
    assert res.exit_code == USAGE and "starts several event ids" in res.output


# --- PostgreSQL that never answers ----------------------------------------------------------------

def silent_server() -> tuple[socket.socket, int]:
    """A TCP server that accepts connections and never says a word (a hung PostgreSQL)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return server, server.getsockname()[1]


def test_a_postgresql_server_that_never_answers_times_out(monkeypatch):
    pytest.importorskip("psycopg")
    from summitry.store import dialect

    server, port = silent_server()
    monkeypatch.setattr(dialect, "CONNECT_TIMEOUT", 1.0)
    url = f"postgresql://nobody@127.0.0.1:{port}/summitry"
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="cannot reach the PostgreSQL store"):
            Store(url, readonly=True)
        assert time.monotonic() - started < 10
        res = runner.invoke(app, ["events", "--db", url])
        assert res.exit_code == STORE and "check that the server is up" in res.output
    finally:
        server.close()


# --- interruption ---------------------------------------------------------------------------------

def stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_ingest_says_so_in_one_line_and_resumes(tmp_path, sig):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import corpus as bench_corpus  # benchmarks/corpus.py: generated articles

    feed = bench_corpus.build(10000, tmp_path / "feed.jsonl")  # enough batches for the signal to land mid-run
    db = tmp_path / "s.db"
    proc = subprocess.Popen([sys.executable, "-m", "summitry.cli", "ingest", str(feed), "--db", str(db),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while stored_documents(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the ingest finished before it could be interrupted")
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    if proc.returncode == 0 and "interrupted after" not in stderr:
        pytest.skip("the ingest's last batch was stored before the signal arrived")  # a race, not a fault
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert "interrupted after" in stderr and "run the same command again to resume" in stderr
    assert summitry("ingest", str(feed), "--db", str(db)).returncode == 0
    clean = tmp_path / "clean.db"
    assert summitry("ingest", str(feed), "--db", str(clean)).returncode == 0
    assert list(api.export_jsonl(db)) == list(api.export_jsonl(clean))


def test_a_flood_of_bad_lines_prints_a_few_and_a_count(tmp_path):
    feed = tmp_path / "feed.jsonl"
    bad = "".join(f"{{not json {i}\n" for i in range(5000))
    feed.write_text(json.dumps({"id": "ok", "text": MEET}) + "\n" + bad + '{"id": "x"}\n', encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(feed), "--db", str(tmp_path / "s.db")])
    assert res.exit_code == SKIPPED
    lines = res.output.strip().splitlines()
    assert len(lines) < 12 and "5001 input(s) skipped" in lines[-1]
    assert any("4995 more not shown: not valid JSON" in line for line in lines)
    assert any("missing" in line and "'text'" in line for line in lines)  # another reason is still shown


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc for the peak RSS")
def test_a_huge_jsonl_line_is_skipped_without_holding_it(tmp_path):
    feed = tmp_path / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as fh:  # 200 MB on one line, written a megabyte at a time
        fh.write('{"id": "big", "text": "')
        for _ in range(200):
            fh.write("x" * (1 << 20))
        fh.write('"}\n' + json.dumps({"id": "ok", "text": MEET}) + "\n")
    # peak RSS from /proc (VmHWM): ru_maxrss would count the parent's, which survives fork and exec on Linux
    code = ("import re; from summitry.read import iter_documents; "
            f"items = list(iter_documents([{str(feed)!r}], max_bytes=1_000_000)); "
            "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
            "print(len(items), type(items[0]).__name__, peak)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[:2] == ["2", "ReadError"] and int(out[2]) < 150_000  # KB: far below the 200 MB line
