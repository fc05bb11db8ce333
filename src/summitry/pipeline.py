"""The per-document pipeline: clean → segment → entities → events → dates → topics.

``process`` is a pure function of one raw document and the knowledge base, so it can be mapped
over any engine (a loop, a process pool, Spark's mapPartitions); cross-document merging and
storage happen afterwards over its outputs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summitry.clean import clean
from summitry.dates import dates, publication
from summitry.entities import entities, find_entities, hot_offsets
from summitry.events import extract_contacts
from summitry.knowledge import KnowledgeBase
from summitry.model import Contact, Document, EntityMention, RawDocument, Sentence
from summitry.resolve import consolidate, locate, resolve_people
from summitry.segment import segment
from summitry.topics import topics


@dataclass
class Processed:
    """Everything the pipeline learnt about one document."""

    document: Document
    sentences: list[Sentence]
    mentions: list[EntityMention]
    contacts: list[Contact]
    timings: dict[str, float] = field(default_factory=dict)
    digest: str = ""  # content hash of the raw input, set by whoever stores the result


def _timed(timings: dict[str, float], name: str, fn: Callable[..., Any], *args: Any) -> Any:
    t0 = time.perf_counter()
    out = fn(*args)
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
    return out


class LimitExceeded(ValueError):
    """A document beyond a configured limit (too many entity mentions)."""


def process(raw: RawDocument, kb: KnowledgeBase, *, gate: bool = True, max_entities: int | None = None) -> Processed:
    """Run every per-document stage on one raw document.

    A document without a trigger word or a leader named (``kb.gate``) stops after its metadata:
    most of a news feed, at a small fraction of the cost.  ``gate=False`` runs everything anyway.
    """
    t: dict[str, float] = {}
    if gate and not _timed(t, "gate", kb.gate.may_hold_contact, raw.text):
        return Processed(_timed(t, "clean", clean, raw, False), [], [], [], t)
    doc = _timed(t, "clean", clean, raw)
    index = _timed(t, "scan", kb.lex_index, doc.text, doc.lang)
    found = _timed(t, "scan", find_entities, doc, kb, index)
    if max_entities is not None and len(found[0]) + len(found[1]) > max_entities:
        raise LimitExceeded(f"document {raw.doc_id!r} has {len(found[0]) + len(found[1])} entity mentions, more "
                            f"than the limit of {max_entities} (raise --max-entities, or split the document)")
    hot = hot_offsets(found, index) if index.known else None
    sentences = _timed(t, "segment", segment, doc, hot)
    doc = publication(doc, sentences, kb, index)
    mentions = _timed(t, "entities", entities, doc, sentences, kb, index, found)
    contacts = _timed(t, "events", extract_contacts, doc, sentences, mentions, kb, index)
    contacts = _timed(t, "dates", dates, doc, sentences, contacts, kb, index)
    by_index = {s.index: s for s in sentences}
    contacts = consolidate(doc, [resolve_people(c, kb) for c in contacts])
    turkic = doc.lang in ("kk", "ky")
    contacts = [locate(resolve_people(c, kb), by_index, mentions, kb, turkic) for c in contacts]
    contacts = _timed(t, "topics", topics, doc, sentences, contacts, kb, mentions, index)
    return Processed(doc, sentences, mentions, contacts, t)
