"""How the server was started, which every request reads (``Settings``), and what the CLI needs to know
before it starts one.

Apart from ``app``, so the routers can read the settings while ``app`` imports the routers.
"""

from __future__ import annotations

import ipaddress
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitry.knowledge import KnowledgeBase, load_kb
from summitry.web.cache import Answers
from summitry.web.worker import Worker

STATIC = Path(__file__).parent / "static"
MAX_BODY = 2_000_000
MAX_EXTRACT = 200_000  # characters of one article the pipeline is run on from the web
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


@dataclass
class Settings:
    """What every request needs to know about how the server was started."""

    db: str | Path  # a SQLite file or a PostgreSQL URL
    allow_ingest: bool = False
    token: str | None = None
    max_body: int = MAX_BODY
    kb_extra: list[Path] = field(default_factory=list)
    extract: bool = True  # POST /api/extract (off by default off loopback, see ``summitry serve``)
    max_extract: int = MAX_EXTRACT
    worker: Worker | None = None
    answers: Answers | None = None  # slow aggregates kept per store version (cache.py)
    _kb: KnowledgeBase | None = None
    _geo: dict[str, Any] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def kb(self) -> KnowledgeBase:
        """Loaded on first use, once: the read pages never need it, so a server starts at once."""
        with self._lock:
            if self._kb is None:
                self._kb = load_kb(self.kb_extra)
            return self._kb

    @property
    def geo(self) -> dict[str, Any]:
        """Coordinates of the knowledge base's places ("City|ISO3") and capitals (ISO3), for the map."""
        with self._lock:
            if self._geo is None:
                self._geo = json.loads((Path(__file__).parent / "data" / "geo.json").read_text(encoding="utf-8"))
            return self._geo


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (where extraction is on by default)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
