"""`summitry serve` against slow, idle and garbage clients (issue 13, item 10): they are closed after
the client timeout, the server stays reachable, its log cannot be flooded, and SIGTERM stops it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from summitry import api

MEET = "On 2021-05-24 Sadyr Japarov met Vladimir Putin in Sochi.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path, kb):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "meet.txt").write_text(MEET, encoding="utf-8")
    api.ingest([tmp_path / "in"], tmp_path / "s.db", kb=kb)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "summitry.cli", "serve", "--db", str(tmp_path / "s.db"),
                             "--port", str(port), "--client-timeout", "1", "--max-connections", "100"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/api/meta", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    yield proc, port, url
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def closed(s: socket.socket) -> bool:
    """True once the server has closed ``s`` (after a 503 for a connection over the bound, if any)."""
    s.settimeout(2)
    try:
        while s.recv(4096):
            pass
        return True
    except TimeoutError:
        return False
    except OSError:  # reset by the server
        return True
    finally:
        s.close()


def test_slow_and_idle_clients_are_closed_and_the_server_stays_reachable(server):
    proc, port, url = server
    slow = []
    for _ in range(60):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/meta HTTP/1.1\r\nHost: x\r\n")  # the head never ends
        slow.append(s)
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(60)]
    time.sleep(2.5)
    assert all(closed(s) for s in slow + idle)
    assert urllib.request.urlopen(url + "/api/meta", timeout=5).status == 200


def test_garbage_requests_cannot_flood_the_log_and_sigterm_stops_the_server(server):
    proc, port, url = server
    for _ in range(200):
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.sendall(b"\x16\x03\x01 not http at all\r\n\r\n")
            s.settimeout(2)
            try:
                s.recv(1024)
            except OSError:
                pass
    assert urllib.request.urlopen(url + "/api/meta", timeout=5).status == 200
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=20)
    lines = [ln for ln in stderr.splitlines() if "Invalid HTTP request" in ln]
    assert 1 <= len(lines) <= 5, stderr[-2000:]
