"""Entities stage: people, countries, places, organisations and office titles in the text.

One Aho–Corasick pass over the case-folded text finds every known surface form; word
boundaries, agglutinative suffixes (Тоқаевтың) and overlaps are then settled per match.  Bare
surnames are accepted only with support (the full name earlier, an office title before it, or a
surname unique in the knowledge base), which keeps "Lee" or "Khan" from becoming a president.
"""

from __future__ import annotations

import re

from summitry.knowledge import ROLE_RANK, KnowledgeBase
from summitry.knowledge.variants import fold
from summitry.model import Document, EntityMention, Sentence

PRIORITY = {"person": 0, "country": 1, "place": 2, "org": 3, "adjective": 4, "surname": 5}
_WORD = re.compile(r"[\w'-]+")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _suffix_ok(text: str, end: int, key: str, kb: KnowledgeBase) -> int | None:
    """End offset after an allowed continuation, or None if the match stops mid-word."""
    if end >= len(text) or not _is_word_char(text[end]) or key.endswith("-"):
        return end
    if not ("\u0400" <= key[-1] <= "\u04ff"):
        return None
    stop = end
    while stop < len(text) and text[stop].isalpha():
        stop += 1
    return stop if text[end:stop] in kb.name_suffixes else None


_PROPER = ("person", "surname", "country", "place")


def _cased(text: str, found: tuple[int, int, str, tuple[tuple[str, str], ...]]) -> bool:
    """Names are capitalised: "may" the verb is not Theresa May, "turkey" not Turkey."""
    start, _end, _key, refs = found
    if all(kind in _PROPER for kind, _ in refs):
        return text[start].isupper() or not text[start].isalpha()
    return True


def scan(text: str, kb: KnowledgeBase) -> list[EntityMention]:
    """Every non-overlapping knowledge-base match in ``text`` (longest match wins)."""
    folded = fold(text)
    found: list[tuple[int, int, str, tuple[tuple[str, str], ...]]] = []
    for end_idx, (key, refs) in kb.automaton.iter(folded):
        start = end_idx - len(key) + 1
        if start > 0 and _is_word_char(folded[start - 1]) and not key.startswith("-"):
            continue
        if start > 0 and folded[start - 1] == "-" and refs[0][0] in ("surname", "person"):
            continue  # "Kassym-Jomart" must not also yield "Jomart" as a surname
        end = _suffix_ok(folded, end_idx + 1, key, kb)
        if end is not None:
            found.append((start, end, key, refs))
    found = [f for f in found if _cased(text, f)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[EntityMention] = []
    last_end = -1
    for start, end, _key, refs in found:
        if start < last_end:
            continue
        kind, ident = min(refs, key=lambda r: PRIORITY.get(r[0], 9))
        same = [r for r in refs if r[0] == kind]
        mention = EntityMention(kind, start, end, text[start:end], ident)
        if len(same) > 1:
            mention.entity_id = "|".join(sorted(r[1] for r in same))  # ambiguous; settled later
        kept.append(mention)
        last_end = end
    return kept


def _assign_country(m: EntityMention, kb: KnowledgeBase) -> None:
    if m.kind in ("country", "adjective"):
        m.country = m.entity_id
    elif m.kind == "person":
        m.country = kb.people[m.entity_id]["country"]
    elif m.kind == "place":
        m.country = kb.places[m.entity_id]["country"]


def _role_before(text: str, start: int, roles: list[EntityMention]) -> bool:
    return any(0 <= start - r.end <= 3 and not text[r.end:start].strip(" ,") for r in roles)


def _settle_surnames(doc: Document, mentions: list[EntityMention], roles: list[EntityMention],
                     kb: KnowledgeBase) -> list[EntityMention]:
    """Keep a bare surname only when the text or the knowledge base supports it."""
    full_ids = {m.entity_id for m in mentions if m.kind == "person"}
    out = []
    for m in mentions:
        if m.kind != "surname":
            out.append(m)
            continue
        candidates = m.entity_id.split("|")
        titled = _role_before(doc.text, m.start, roles)
        in_doc = [c for c in candidates if c in full_ids]
        if in_doc:
            m.entity_id = in_doc[0]
        elif len(candidates) == 1 and (len(m.surface) >= 5 or titled):
            m.entity_id = candidates[0]
        elif len(candidates) > 1 and (len(m.surface) >= 5 or titled):
            best = _most_senior(candidates, doc.published, kb)
            if best is None:
                continue
            m.entity_id = best
        else:
            continue
        m.kind = "person"
        out.append(m)
    return out


def _most_senior(candidates: list[str], date: str | None, kb: KnowledgeBase) -> str | None:
    """Among people sharing a surname, the one in the most senior office (on the date, if known)."""
    ranked: list[tuple[int, str]] = []
    for pid in candidates:
        offices = [o for o in kb.people[pid]["offices"]
                   if date is None or ((o["start"] or "") <= date and (o["end"] is None or date <= o["end"]))]
        if offices:
            ranked.append((min(ROLE_RANK[o["role"]] for o in offices), pid))
    ranked.sort()
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None  # nobody, or two equally senior namesakes: leave it unresolved
    return ranked[0][1]


_NOT_SENIOR = re.compile(r"(?:deputy|vice|former|ex|acting deputy|заместител\w*|вице|бывш\w*|экс|экс-"
                         r"|орынбасар\w*|орун басар\w*|мурунку|бұрынғы)[\s-]*$", re.IGNORECASE)


def find_roles(doc: Document, kb: KnowledgeBase) -> list[EntityMention]:
    """Office titles ("President", "премьер-министр", "мемлекет башчы") with their role.

    A deputy's or a former holder's title ("Deputy Prime Minister", "бывший президент") is not one.
    """
    out: list[EntityMention] = []
    for lex in kb.lexicons_for(doc.lang):
        for role in ("head_of_state", "head_of_government", "foreign_minister", "leader", "counterpart"):
            rx = lex.regex("roles", role)
            if rx is None:
                continue
            for m in rx.finditer(doc.text):
                if _NOT_SENIOR.search(doc.text[max(0, m.start() - 25):m.start()]):
                    continue
                out.append(EntityMention("role", m.start(), m.end(), m.group(0), role, role=role))
    out.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[EntityMention] = []
    for r in out:
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    return kept


def _sentence_index(sentences: list[Sentence]) -> list[tuple[int, int, int]]:
    return [(s.start, s.end, s.index) for s in sentences]


def entities(doc: Document, sentences: list[Sentence], kb: KnowledgeBase) -> list[EntityMention]:
    """All entity and role mentions inside the document's sentences, in text order."""
    roles = find_roles(doc, kb)
    found = _settle_surnames(doc, scan(doc.text, kb), roles, kb)
    for m in found:
        if "|" in m.entity_id:
            continue
        _assign_country(m, kb)
    found = [m for m in found if "|" not in m.entity_id]
    spans = _sentence_index(sentences)
    out: list[EntityMention] = []
    for m in sorted(found + roles, key=lambda x: x.start):
        for s_start, s_end, idx in spans:
            if s_start <= m.start < s_end:
                m.sentence = idx
                out.append(m)
                break
    return _drop_role_overlaps(out)


def _drop_role_overlaps(mentions: list[EntityMention]) -> list[EntityMention]:
    """A role word inside a name span (e.g. "Head" in a place name) is not a title."""
    names = [(m.start, m.end) for m in mentions if m.kind != "role"]
    return [m for m in mentions if m.kind != "role" or not any(a <= m.start and m.end <= b for a, b in names)]
