"""Topics stage: what the leaders discussed, as labels from the fixed vocabulary (GOLD.md).

Keyword lexicons per language (``lang/*.yaml``, section ``topics``).  The main contact of a
document reads every sentence that is not another contact's evidence, because reports put the
agenda in the paragraphs after the lead; a contact mentioned in passing reads only its own
sentences.
"""

from __future__ import annotations

from summitry.knowledge import KnowledgeBase, Lookup
from summitry.model import TOPICS, Contact, Document, EntitySpan, Sentence

_PATHS = tuple((topic, ("topics", topic)) for topic in TOPICS)  # lexicon paths, built once
_ALL = frozenset(path for _, path in _PATHS)
_ABOUT = (("group_refs",), ("discussion",))  # what says a sentence speaks of the leaders (``_about``)


def topics_of(s: Sentence, look: Lookup) -> list[str]:
    """Topic labels whose keywords occur in a sentence of the document."""
    index = look.index
    # the topics with a candidate in the sentence, in one call (topic lists are all indexed, so the
    # index's answer says it alone), rather than a membership test per topic
    maybe = index.among(_ALL, s.start, s.end)
    if maybe is None:
        maybe = _ALL
    elif not maybe:
        return []  # most sentences
    return [topic for topic, path in _PATHS if path in maybe
            and any(index.search(path, lex.regex(*path), s.text, s.start) for lex in look.lexicons)]


def _about(c: Contact, sentences: list[Sentence], spans: list[EntitySpan], look: Lookup) -> set[int]:
    """Sentences that speak of the contact's participants: a name, an office title, "the leaders"."""
    people = {p.person_id for p in c.participants if p.person_id}
    idx = {m.sentence for m in spans if (m.kind == "person" and m.entity_id in people) or m.kind == "role"}

    def says(s: Sentence, key: str) -> bool:
        return any(look.index.search((key,), lex.regex(key), s.text, s.start) for lex in look.lexicons)

    idx |= {s.index for s in sentences if s.index not in idx and look.index.may_any(_ABOUT, s.start, s.end)
            and (says(s, "group_refs") or says(s, "discussion"))}
    # A quoted paragraph ends with "— сказал Владимир Путин": the whole paragraph is his.
    paragraphs = {s.paragraph for s in sentences if s.index in idx}
    return idx | {s.index for s in sentences if s.paragraph in paragraphs}


def topics(doc: Document, sentences: list[Sentence], contacts: list[Contact], kb: KnowledgeBase,
           spans: list[EntitySpan] | None = None, look: Lookup | None = None) -> list[Contact]:
    """Set the topics of every contact of a document (``look``: its lookups, when an earlier stage made them)."""
    if not contacts:
        return contacts
    look = look or kb.lookup(doc.text, doc.lang)
    others = {i for c in contacts if c.salience != "main" for i in c.sentences}
    per_sentence: dict[int, list[str]] = {}

    def of(s: Sentence) -> list[str]:
        if s.index not in per_sentence:
            per_sentence[s.index] = topics_of(s, look)
        return per_sentence[s.index]

    for c in contacts:
        if c.salience == "main":
            about = _about(c, sentences, spans or [], look)
            scope = [s for s in sentences if s.index in c.sentences or (s.index not in others and s.index in about)]
        else:
            scope = [s for s in sentences if s.index in c.sentences]
        found = {t for s in scope for t in of(s)}
        c.topics = [t for t in TOPICS if t in found]
    return contacts
