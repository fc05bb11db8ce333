"""Reference dates: the day a document speaks from, when its metadata does not say.

A dateline ("MINSK (Sputnik - 14th September, 2020)") gives the publication date; without one,
the latest full date the text cites is a lower bound.
"""

from __future__ import annotations

from summitry.dates.expressions import _full_dates
from summitry.knowledge import KnowledgeBase
from summitry.knowledge.lexindex import LexIndex
from summitry.model import Document, Sentence


def publication(doc: Document, sentences: list[Sentence], kb: KnowledgeBase,
                index: LexIndex | None = None) -> Document:
    """Fill the publication date from a dateline, or a lower bound from dates the text cites."""
    if doc.published:
        return doc
    lexicons = kb.lexicons_for(doc.lang)
    # A dateline sits at the very top ("MINSK (Sputnik - 14th September, 2020)", "14:09, 01 февраля
    # 2021, Бишкек"); a full date further down is about something else.
    head = " ".join(s.text for s in sentences[:2])[:120]
    dateline = _full_dates(head, lexicons)
    if dateline:
        doc.published, doc.published_source = dateline[0].isoformat(), "dateline"
        return doc
    cited = [d for d in _full_dates(doc.text, lexicons, index) if d.year > 1990]
    if cited:
        doc.min_published = max(cited).isoformat()
    return doc
