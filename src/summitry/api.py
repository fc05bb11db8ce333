"""The small Python API the CLI and the web app are thin shells over.

    from summitry import api
    report = api.ingest(["articles/"], db="contacts.db")
    for event in api.events(db="contacts.db", country=["KGZ", "RUS"]):
        ...
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from platformdirs import user_data_dir

from summitry import exports, jsonio
from summitry.knowledge import KnowledgeBase, load_kb
from summitry.knowledge.variants import fold
from summitry.model import Event, Processed, RawDocument, ReadError
from summitry.parallel import MAX_ENTITIES, Processor, default_workers
from summitry.pipeline import process
from summitry.read import iter_documents
from summitry.store import EventFilter, IngestResult, Prepared, Store, content_hash, is_url, prepare
from summitry.store.select import Selection

BATCH = 200  # documents per chunk sent to a worker and per store transaction
# A merge rewrites whole blocks, and blocks grow through a run: merging every ``merge_every`` seconds
# would cost a long run the square of its size.  Waiting at least this many times as long as the
# last merge took keeps merging under a tenth of the run, whatever its length.
MERGE_PACE = 10
T = TypeVar("T")


def default_db() -> str | Path:
    """The store used when no --db is given: the user's data directory, or $SUMMITRY_DB (a path or URL)."""
    env = os.environ.get("SUMMITRY_DB")
    if env:
        return env if is_url(env) else Path(env)
    return Path(user_data_dir("summitry")) / "summitry.db"


@dataclass
class IngestReport:
    read: int = 0
    stored: IngestResult = field(default_factory=IngestResult)
    errors: list[ReadError] = field(default_factory=list)
    events: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage (summed over workers)

    @property
    def skipped(self) -> int:
        return len(self.errors)


def process_text(text: str, kb: KnowledgeBase, doc_id: str = "pasted", *, url: str | None = None,
                 published: str | None = None, published_source: str | None = None,
                 lang: str | None = None) -> Processed:
    """Run the per-document pipeline on one text (what the web app's paste page uses)."""
    return process(RawDocument(doc_id=doc_id, text=text, source=doc_id, url=url, published=published,
                               published_source=published_source, lang=lang), kb)


def ingest(paths: Iterable[str | Path], db: str | Path | None = None, *, max_bytes: int = 5_000_000,
           **options: Any) -> IngestReport:
    """Read the files, folders and ``-`` of ``paths`` and store their documents (``ingest_documents``
    takes the other options); ``max_bytes`` bounds a file or a JSONL record."""
    return ingest_documents(iter_documents(paths, max_bytes=max_bytes), db, **options)


def ingest_documents(items: Iterable[RawDocument | ReadError], db: str | Path | None = None, *,
                     kb: KnowledgeBase | None = None, workers: int = 1, max_entities: int | None = MAX_ENTITIES,
                     merge_every: float = 30.0, on_error: Callable[[ReadError], None] | None = None,
                     on_document: Callable[[str], None] | None = None,
                     on_wait: Callable[[str], None] | None = None,
                     on_stored: Callable[[Prepared], None] | None = None) -> IngestReport:
    """Process and store documents; bad inputs are reported and skipped, never fatal.

    ``workers`` processes run the pipeline (0: every core).  Unchanged documents are skipped before
    processing.  Merging runs every ``merge_every`` seconds (so readers see progress; less often when
    merges grow long, see ``MERGE_PACE``) and at the end; a killed run's stored documents are kept
    and merged by the next run.  Two ingests into one store take turns batch by batch; ``on_wait``
    hears when this one waits for the other; ``on_stored`` hears of each new or changed document once
    its batch is stored (``summitry watch`` and ``feeds`` print its contacts).
    """
    kb = kb or load_kb()
    report = IngestReport()
    pool = Processor(kb, workers or default_workers(), max_entities)
    with Store(db or default_db(), on_wait=on_wait) as store, pool as proc:
        store.quick_check()  # a damaged store stops the run before anything is written into it
        store.merge_pending(proc.imap)  # whatever a killed run stored but did not merge
        last_merge, merge_took = time.monotonic(), 0.0
        todo = _new_documents(items, store, kb, report, on_error, on_document)
        for _digests, outcomes in proc.map(todo, finish=prepare):
            batch: list[Prepared] = []
            for out in outcomes:
                if isinstance(out, ReadError):
                    _report_error(report, out, on_error)
                    continue
                for stage, seconds in out.timings.items():
                    report.timings[stage] = report.timings.get(stage, 0.0) + seconds
                batch.append(out)
                report.read += 1
                if on_document:
                    on_document(out.doc_id)
            t0 = time.perf_counter()
            _add(report.stored, store.ingest(batch, kb.version, merge=False))
            report.timings["store"] = report.timings.get("store", 0.0) + time.perf_counter() - t0
            if on_stored:
                for prepared in batch:
                    on_stored(prepared)
            if time.monotonic() - last_merge > max(merge_every, MERGE_PACE * merge_took):
                started = time.monotonic()
                _timed(report, "merge", lambda: store.merge_pending(proc.imap))
                last_merge = time.monotonic()
                merge_took = last_merge - started
        _timed(report, "merge", lambda: store.merge_pending(proc.imap))  # blocks planned on the workers
        report.events = store.stats()["events"]
    return report


def _timed(report: IngestReport, stage: str, fn: Callable[[], object]) -> None:
    t0 = time.perf_counter()
    fn()
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - t0


def _report_error(report: IngestReport, err: ReadError, on_error: Callable[[ReadError], None] | None) -> None:
    report.errors.append(err)
    if on_error:
        on_error(err)


def _new_documents(items: Iterable[RawDocument | ReadError], store: Store, kb: KnowledgeBase,
                   report: IngestReport, on_error: Callable[[ReadError], None] | None,
                   on_document: Callable[[str], None] | None) -> Iterator[tuple[list[str], list[RawDocument]]]:
    """Chunks of documents that are new or changed, with their content hashes; the rest is counted.

    Each document first gets its id from the store by its identity (``Store.assign``): an input whose
    id another input holds is reported and skipped, never written over the other.  A document id may
    come again later in the same run with other content.  A copy equal to the
    stored one is skipped only if no copy of its id is being written in this run (a 2 MB bitmap of
    id hashes: a false hit only costs processing once more), so the last copy always wins.
    """
    writing = bytearray(1 << 21)
    for chunk in _chunks(items, BATCH):
        raws = []
        for item in _assigned(chunk, store):
            if isinstance(item, ReadError):
                _report_error(report, item, on_error)
            else:
                raws.append(item)
        stored = store.hashes(sorted({raw.doc_id for raw in raws}))
        fresh: list[tuple[RawDocument, str]] = []
        for raw in raws:
            digest = content_hash(raw, kb.version)
            bit = hash(raw.doc_id) & ((1 << 24) - 1)
            if stored.get(raw.doc_id) == digest and not writing[bit >> 3] & (1 << (bit & 7)):
                report.read += 1
                report.stored.unchanged += 1  # already stored exactly so: nothing to redo
                if on_document:
                    on_document(raw.doc_id)
            else:
                writing[bit >> 3] |= 1 << (bit & 7)
                fresh.append((raw, digest))
        if fresh:
            yield [h for _, h in fresh], [raw for raw, _ in fresh]


def _assigned(chunk: list[RawDocument | ReadError], store: Store) -> list[RawDocument | ReadError]:
    """The chunk in read order, each document with the id the store gives its identity."""
    assigned = iter(store.assign([item for item in chunk if isinstance(item, RawDocument)]))
    return [next(assigned) if isinstance(item, RawDocument) else item for item in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _add(total: IngestResult, part: IngestResult) -> None:
    total.added += part.added
    total.updated += part.updated
    total.unchanged += part.unchanged
    total.mentions += part.mentions


def resolve_person(query: str, kb: KnowledgeBase) -> list[str]:
    """Person ids whose name or alias (any script, any case form) matches ``query`` (``kb.people_named``)."""
    return kb.people_named(query)


def events(db: str | Path | None = None, *, country: list[str] | None = None, person: str | None = None,
           kind: str | None = None, status: str | None = None, since: str | None = None,
           until: str | None = None, topic: str | None = None, kb: KnowledgeBase | None = None,
           limit: int | None = None, min_confidence: float | None = None) -> Iterator[Event]:
    """Stored events matching every given filter, oldest first; ``min_confidence`` keeps those the
    calibrated model (``summitry.confidence``) deems at least that likely to be right."""
    people: list[str | None] = [None]
    if person:
        people = list(resolve_person(person, kb or load_kb())) or [person]
    seen: set[str] = set()
    with Store(db or default_db(), readonly=True) as store:
        for who in people:
            flt = EventFilter(country=country, person=who, kind=kind, status=status, since=since, until=until,
                              topic=topic)
            for e in store.events(flt, limit=None if min_confidence else limit):
                if min_confidence is not None and e.confidence < min_confidence:
                    continue
                if limit is not None and len(seen) >= limit:
                    return
                if e.id not in seen:
                    seen.add(e.id)
                    yield e


def export_jsonl(db: str | Path | None = None) -> Iterator[str]:
    """Every stored event as one JSONL line (the evaluation format), oldest first, streamed from the
    stored JSON: the same lines as ``export.to_jsonl(events(db))`` without rebuilding any object."""
    with Store(db or default_db(), readonly=True) as store:
        for d in store.event_dicts():
            yield jsonio.dumps(d)


def export(fmt: str, output: Path | IO[Any], db: str | Path | None = None, *, per: str = "event") -> int:
    """Write every stored event in format ``fmt`` (``exports.FORMATS``) to a file or an open stream (bytes
    for a binary format); returns the number of rows or records written.

    The store is opened first, so a missing one fails before a file is made; a file is written under a
    temporary name beside it and renamed into place, so a failed export never leaves half a file.
    """
    spec = exports.get(fmt, per)
    kb = load_kb()
    ctx = exports.Context(per=per, country_names={iso: c["name"] for iso, c in kb.countries.items()}, kinds=kb.kinds)
    with Store(db or default_db(), readonly=True) as store:
        events = store.event_dicts()
        if not isinstance(output, Path):
            return spec.write(events, output, ctx)
        part = output.with_name(f".{output.name}.part")
        try:
            with part.open("wb") if spec.binary else part.open("w", encoding="utf-8", newline="") as fh:
                written = spec.write(events, fh, ctx)
            os.replace(part, output)
        finally:
            part.unlink(missing_ok=True)
        return written


def event(event_id: str, db: str | Path | None = None) -> Event | None:
    with Store(db or default_db(), readonly=True) as store:
        return store.event(event_id)


def spellings(word: str, kb: KnowledgeBase) -> list[list[str]]:
    """Other spellings of one folded query word: the canonical names of the people, places, countries
    and organisations the knowledge base knows by it ("москва" → [["moscow"]]), as index words."""
    from summitry.store.query import search_words

    refs = set(kb.refs(fold(word).strip()))
    refs |= {("person", pid) for pid in kb.people_named(word)} if len(word) > 3 else set()
    records = (kb.record(kind, ident) for kind, ident in sorted(refs))
    return [search_words(rec.name) for rec in records if rec is not None]


def select(kb: KnowledgeBase, *, country: list[str] | None = None, group: str | None = None,
           any_country: list[str] | None = None, person: str | None = None, q: str | None = None,
           **conditions: Any) -> tuple[Selection, list[str], list[str]]:
    """A ``Selection`` from what a user typed: a leader's name resolved to the people it may mean (also
    returned, so a page can say whom it matched), an organisation's members, a text query's words
    with their spellings in other scripts.  ``conditions``: the other ``Selection`` fields.  Returns
    the selection, the person ids matched and notes on what matched nothing (an unknown group)."""
    from summitry.store.select import text_alternatives

    people = (resolve_person(person, kb) or [person]) if person and person.strip() else []
    anyc = [c.upper() for c in any_country or []]
    notes = []
    if group and group not in kb.orgs:
        notes.append(f"no group {group!r} in the knowledge base (GET /api/meta lists them): nothing matches")
        anyc.append("-")  # no event has this country: the group matches nothing, as an unknown country does
    elif group:
        anyc += list(kb.orgs[group]["members"])
    text = text_alternatives(q, lambda w: spellings(w, kb)) if q and q.strip() else []
    sel = Selection(country=[c.upper() for c in country or []], any_country=list(dict.fromkeys(anyc)),
                    people=people, text=text, query=q, **conditions)
    return sel, [p for p in people if p in kb.people], notes


def pair_ranking(db: str | Path | None = None, *, country: str | None = None, since: str | None = None,
                 until: str | None = None) -> list[dict[str, Any]]:
    """Country pairs ranked by how many contacts they had (``summitry pairs``)."""
    from summitry import stats

    with Store(db or default_db(), readonly=True) as store:
        facts = stats.load(store, Selection(country=[country.upper()] if country else [], since=since, until=until))
    return stats.pairs(facts, country.upper() if country else None)


def profile(db: str | Path | None = None, *, country: str | None = None, person: str | None = None,
            since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """A country's or a leader's contacts at a glance (``summitry stats``); see ``stats.profile``."""
    from summitry import stats

    sel = Selection(country=[country.upper()] if country else [], people=[person] if person else [],
                    since=since, until=until)
    with Store(db or default_db(), readonly=True) as store:
        facts = stats.load(store, sel)
    return stats.profile(facts, country=country.upper() if country else None, person=person)


def event_ids(prefix: str, db: str | Path | None = None, limit: int = 5) -> list[str]:
    """Ids of stored events starting with ``prefix`` (``ev-`` may be left out), at most ``limit``."""
    with Store(db or default_db(), readonly=True) as store:
        return store.event_ids(prefix, limit)


def check(db: str | Path | None = None) -> list[str]:
    """Everything wrong with a store: damaged pages, rows that fail their checksum; [] when sound."""
    with Store(db or default_db(), readonly=True) as store:
        return store.check()
