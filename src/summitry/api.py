"""The small Python API the CLI and the web app are thin shells over.

    from summitry import api
    report = api.ingest(["articles/"], db="contacts.db")
    for event in api.events(db="contacts.db", country=["KGZ", "RUS"]):
        ...
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

from summitry.knowledge import KnowledgeBase, load_kb
from summitry.knowledge.variants import fold
from summitry.model import Event, RawDocument, ReadError
from summitry.pipeline import Processed, process
from summitry.read import iter_documents
from summitry.store import EventFilter, IngestResult, Store, content_hash

BATCH = 200


def default_db() -> Path:
    """The store used when no --db is given: the user's data directory, or $SUMMITRY_DB."""
    env = os.environ.get("SUMMITRY_DB")
    return Path(env) if env else Path(user_data_dir("summitry")) / "summitry.db"


@dataclass
class IngestReport:
    read: int = 0
    stored: IngestResult = field(default_factory=IngestResult)
    errors: list[ReadError] = field(default_factory=list)
    events: int = 0

    @property
    def skipped(self) -> int:
        return len(self.errors)


def process_text(text: str, kb: KnowledgeBase, doc_id: str = "pasted", **meta: str | None) -> Processed:
    """Run the per-document pipeline on one text (what the web app's paste page uses)."""
    return process(RawDocument(doc_id=doc_id, text=text, source=doc_id, **meta), kb)


def _safe_process(item: RawDocument, kb: KnowledgeBase) -> Processed | ReadError:
    try:
        return process(item, kb)
    except Exception as err:  # a pipeline bug must not stop a million-file run; report it instead
        return ReadError(item.source, f"pipeline failed on document {item.doc_id!r}: {type(err).__name__}: {err}")


def ingest(paths: Iterable[str | Path], db: str | Path | None = None, *, kb: KnowledgeBase | None = None,
           max_bytes: int = 5_000_000, on_error: Callable[[ReadError], None] | None = None,
           on_document: Callable[[str], None] | None = None) -> IngestReport:
    """Read, process and store documents; bad inputs are reported and skipped, never fatal."""
    kb = kb or load_kb()
    report = IngestReport()
    batch: list[Processed] = []
    with Store(db or default_db()) as store:
        for item in iter_documents(paths, max_bytes=max_bytes):
            out = item if isinstance(item, ReadError) else None
            if isinstance(item, RawDocument):
                if store.unchanged(item, kb.version):
                    report.read += 1
                    report.stored.unchanged += 1  # already stored exactly so: nothing to redo
                    if on_document:
                        on_document(item.doc_id)
                    continue
                out = _safe_process(item, kb)
            if isinstance(out, ReadError):
                report.errors.append(out)
                if on_error:
                    on_error(out)
                continue
            assert isinstance(item, RawDocument) and out is not None
            report.read += 1
            out.digest = content_hash(item, kb.version)
            batch.append(out)
            if on_document:
                on_document(item.doc_id)
            if len(batch) >= BATCH:
                _add(report.stored, store.ingest(batch, kb.version))
                batch = []
        if batch:
            _add(report.stored, store.ingest(batch, kb.version))
        report.events = store.stats()["events"]
    return report


def _add(total: IngestResult, part: IngestResult) -> None:
    total.added += part.added
    total.updated += part.updated
    total.unchanged += part.unchanged
    total.mentions += part.mentions


def resolve_person(query: str, kb: KnowledgeBase) -> list[str]:
    """Person ids whose name or alias (any script, any case form) matches ``query``."""
    key = fold(query).strip()
    refs = kb.data["patterns"].get(key, [])
    ids = sorted({i for kind, i in refs if kind in ("person", "surname")})
    if not ids:
        ids = sorted(pid for pid, p in kb.people.items() if key in fold(p["name"]))
    return ids


def events(db: str | Path | None = None, *, country: list[str] | None = None, person: str | None = None,
           kind: str | None = None, status: str | None = None, since: str | None = None,
           until: str | None = None, topic: str | None = None, kb: KnowledgeBase | None = None,
           limit: int | None = None) -> Iterator[Event]:
    """Stored events matching every given filter, oldest first."""
    people: list[str | None] = [None]
    if person:
        people = list(resolve_person(person, kb or load_kb())) or [person]
    seen: set[str] = set()
    with Store(db or default_db(), readonly=True) as store:
        for who in people:
            flt = EventFilter(country=country, person=who, kind=kind, status=status, since=since, until=until,
                              topic=topic)
            for e in store.events(flt, limit=limit):
                if e.id not in seen:
                    seen.add(e.id)
                    yield e


def event(event_id: str, db: str | Path | None = None) -> Event | None:
    with Store(db or default_db(), readonly=True) as store:
        return store.event(event_id)
