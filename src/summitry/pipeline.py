"""The per-document pipeline: clean → segment → entities → events → dates → topics.

``process`` is a pure function of one raw document and the knowledge base, so it can be mapped
over any engine (a loop, a process pool, Spark's mapPartitions); cross-document merging and
storage happen afterwards over its outputs.  ``process_many`` gives the same results for a
batch, running each stage over the whole batch before the next: the stage's automaton, patterns
and code stay in the CPU caches, which makes a batch ~15 % faster than one document at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from summitry.clean import clean
from summitry.consolidate import consolidate
from summitry.dates import dates, publication
from summitry.entities import Found, entities, find_entities, hot_offsets
from summitry.events import extract_contacts
from summitry.knowledge import KnowledgeBase
from summitry.knowledge.lexindex import LexIndex
from summitry.model import Contact, Document, EntitySpan, Processed, RawDocument, Sentence
from summitry.resolve import held_office_then, locate, resolve_people
from summitry.segment import segment
from summitry.topics import topics


class LimitExceeded(ValueError):
    """A document beyond a configured limit (too many entity mentions)."""


def process(raw: RawDocument, kb: KnowledgeBase, *, gate: bool = True, max_entities: int | None = None) -> Processed:
    """Run every per-document stage on one raw document.

    A document without a trigger word or a leader named (``kb.gate``) stops after its metadata:
    most of a news feed, at a small fraction of the cost.  ``gate=False`` runs everything anyway.
    More than ``max_entities`` names and titles raise ``LimitExceeded``.
    """
    out = process_many([raw], kb, gate=gate, max_entities=max_entities)[0]
    if isinstance(out, Exception):
        raise out
    return out


def process_many(raws: Sequence[RawDocument], kb: KnowledgeBase, *, gate: bool = True,
                 max_entities: int | None = None) -> list[Processed | Exception]:
    """``process`` for each document of a batch, stage by stage; what a document's stage raised
    stands in its place (``LimitExceeded`` or a bug), and the other documents go on."""
    batch = [_Doc(raw) for raw in raws]
    for name, step in _STEPS:
        if name == "gate" and not gate:
            continue
        for d in batch:
            if d.done is not None:
                continue
            t0 = time.perf_counter()
            try:
                step(d, kb, max_entities)
            except Exception as err:  # reported per document by the caller, never fatal to the batch
                d.done = err
            d.timings[name] = d.timings.get(name, 0.0) + time.perf_counter() - t0
    return [d.done if d.done is not None else d.processed() for d in batch]


@dataclass
class _Doc:
    """One document between stages: what each stage reads from the ones before."""

    raw: RawDocument
    timings: dict[str, float] = field(default_factory=dict)
    relevant: bool = True
    doc: Document | None = None
    index: LexIndex | None = None
    found: Found | None = None
    sentences: list[Sentence] = field(default_factory=list)
    spans: list[EntitySpan] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    done: Processed | Exception | None = None  # set when the document needs no more stages

    def processed(self) -> Processed:
        assert self.doc is not None
        return Processed(self.doc, self.sentences, self.spans, self.contacts, self.timings)


def _gate(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    d.relevant = kb.gate.may_hold_contact(d.raw.text)


def _clean(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    d.doc = clean(d.raw, d.relevant)
    if not d.relevant:
        d.done = d.processed()


def _scan(d: _Doc, kb: KnowledgeBase, limit: int | None) -> None:
    assert d.doc is not None
    d.index = kb.lex_index(d.doc.text, d.doc.lang)
    d.found = find_entities(d.doc, kb, d.index)
    count = len(d.found[0]) + len(d.found[1])
    if limit is not None and count > limit:
        raise LimitExceeded(f"document {d.raw.doc_id!r} has {count} entity mentions, more than the limit of "
                            f"{limit} (raise --max-entities, or split the document)")


def _segment(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    assert d.doc is not None and d.index is not None and d.found is not None
    d.sentences = segment(d.doc, hot_offsets(d.found, d.index) if d.index.known else None)


def _publication(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    """A publication date read from the dateline when the metadata had none."""
    assert d.doc is not None
    d.doc = publication(d.doc, d.sentences, kb, d.index, d.found[0] if d.found else None)


def _entities(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    assert d.doc is not None
    d.spans = entities(d.doc, d.sentences, kb, d.index, d.found)


def _events(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    assert d.doc is not None
    d.contacts = extract_contacts(d.doc, d.sentences, d.spans, kb, d.index)


def _dates(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    assert d.doc is not None
    d.contacts = dates(d.doc, d.sentences, d.contacts, kb, d.index)


def _resolve(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    """Who each title stands for on the day, one contact per pair and kind, and where it happened."""
    assert d.doc is not None
    by_index = {s.index: s for s in d.sentences}
    lexicons = kb.lexicons_for(d.doc.lang)
    contacts = consolidate(d.doc, [resolve_people(c, kb) for c in d.contacts], lexicons)
    turkic = d.doc.lang in ("kk", "ky")
    d.contacts = [locate(resolve_people(c, kb), by_index, d.spans, kb, turkic, lexicons) for c in contacts
                  if held_office_then(c, kb)]


def _topics(d: _Doc, kb: KnowledgeBase, _limit: int | None) -> None:
    assert d.doc is not None
    d.contacts = topics(d.doc, d.sentences, d.contacts, kb, d.spans, d.index)


# (timing name, step) in order; the timings keep the stage names reports have always used.
_STEPS: tuple[tuple[str, Callable[[_Doc, KnowledgeBase, int | None], None]], ...] = (
    ("gate", _gate), ("clean", _clean), ("scan", _scan), ("segment", _segment), ("dates", _publication),
    ("entities", _entities),
    ("events", _events), ("dates", _dates), ("resolve", _resolve), ("topics", _topics),
)
