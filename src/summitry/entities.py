"""Entities stage: people, countries, places, organisations and office titles in the text.

One Aho–Corasick pass over the case-folded text finds every known surface form; word
boundaries, agglutinative suffixes (Тоқаевтың) and overlaps are then settled per match.  Bare
surnames are accepted only with support (the full name earlier, an office title before it, or a
surname unique in the knowledge base), which keeps "Lee" or "Khan" from becoming a president.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from summitry.knowledge import OWNER_GAP, ROLE_RANK, SURNAME_ALONE, Kinds, KnowledgeBase, Lexicon
from summitry.knowledge.lexindex import LexIndex
from summitry.knowledge.variants import fold
from summitry.model import TITLE_ROLES, Document, EntitySpan, Sentence

_WORD = re.compile(r"[\w'-]+")


def _suffix_end(text: str, end: int, suffixes: frozenset[str]) -> int | None:
    """End offset after an allowed agglutinative suffix (Тоқаевтың), or None: the match stops mid-word."""
    stop = end
    while stop < len(text) and text[stop].isalpha():
        stop += 1
    return stop if text[end:stop] in suffixes else None


# Characters a page may hide inside a word: soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def scan_text(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """``text`` as the name scan reads it: NFC-composed ("е" + U+0308 → "ё"), invisible characters
    dropped ("Жапа\u00adров"), with where each of its characters starts and ends in ``text``
    (None when it is ``text`` itself, the usual case, which costs one check)."""
    # one substring search per invisible character: a set of the text's characters was 30x slower
    if unicodedata.is_normalized("NFC", text) and not any(ch in text for ch in _INVISIBLE):
        return text, None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if out and unicodedata.combining(ch):
            composed = unicodedata.normalize("NFC", out[-1] + ch)
            if len(composed) == 1:
                out[-1], ends[-1] = composed, i + 1
                continue
        out.append(ch)
        starts.append(i)
        ends.append(i + 1)
    return "".join(out), starts, ends


def scan(text: str, kb: KnowledgeBase) -> list[EntitySpan]:
    """Every non-overlapping knowledge-base match in ``text`` (longest match wins).

    Per hit, in order of cost: the match must start a word ("Kassym-Jomart" yields no "Jomart"),
    end one or carry a Turkic suffix, and a proper name must be capitalised ("may" is not Theresa
    May).  Half the automaton's hits are short keys inside words, so this loop is kept lean.  The
    scan reads ``scan_text(text)``; offsets are mapped back, so mentions point into ``text``.
    """
    original = text
    text, starts, ends = scan_text(text)
    folded = fold(text)
    size = len(folded)
    suffixes = kb.name_suffixes
    found: list[tuple[int, int, int, str, str]] = []  # start, -end, end of the key, kind, id
    for end_idx, (length, proper, cyrillic, dash_first, dash_last, named, kind, ident) in kb.automaton.iter(folded):
        start = end_idx - length + 1
        if start > 0:
            prev = folded[start - 1]
            if prev.isalnum():
                # inside a word, unless glued to the one before it (``_glued``, inlined: half the hits end here)
                if not dash_first and not (text[start].isupper() and text[start - 1].islower()):
                    continue
            elif prev == "-" and named:
                continue
        end = key_end = end_idx + 1
        if end < size and folded[end].isalnum() and not dash_last and not _glued(text, end):
            if not cyrillic:
                continue
            end = _suffix_end(folded, end, suffixes)
            if end is None:
                continue
        if proper and text[start].isalpha() and not text[start].isupper():
            continue
        found.append((start, -end, key_end, kind, ident))
    # by start, the longest first; no key function (hits with one start and end also share their key,
    # and their order is then that of key_end, the automaton's order)
    found.sort()
    kept: list[EntitySpan] = []
    last_end = -1
    for start, neg_end, key_end, kind, ident in found:
        end = -neg_end
        if start < last_end:
            continue
        last_end = end
        if starts is not None and ends is not None:
            start, end, key_end = starts[start], ends[end - 1], ends[key_end - 1]
        # "a|b": ambiguous, settled later; the case ending read past the key stays with the mention
        kept.append(EntitySpan(kind, start, end, original[start:end], ident, suffix=original[key_end:end]))
    return kept


def _glued(text: str, at: int) -> bool:
    """Two words run together where markup was stripped without a space ("William RutoMacron"):
    a lower-case letter followed by a capital is a word boundary."""
    return text[at - 1].islower() and text[at].isupper()


def _assign_country(m: EntitySpan, kb: KnowledgeBase) -> None:
    if m.kind in ("country", "adjective"):
        m.country = m.entity_id
    elif m.kind == "person":
        m.country = kb.people[m.entity_id]["country"]
    elif m.kind == "place":
        m.country = kb.places[m.entity_id]["country"]


def _role_before(text: str, start: int, roles: list[EntitySpan]) -> bool:
    return any(0 <= start - r.end <= 3 and not text[r.end:start].strip(" ,") for r in roles)


def _settle_surnames(doc: Document, mentions: list[EntitySpan], roles: list[EntitySpan],
                     kb: KnowledgeBase) -> list[EntitySpan]:
    """Keep a bare surname only when the text or the knowledge base supports it."""
    spans = sorted((m.start, m.end) for m in mentions + roles if m.kind != "surname")
    surnames = {m.start: m for m in mentions if m.kind == "surname"}
    # named in full, or by a surname under its title ("President Xi … Biden and Xi met"): every bare mention is him
    full_ids = {m.entity_id for m in mentions if m.kind == "person"} | {
        m.entity_id for m in surnames.values() if "|" not in m.entity_id and _role_before(doc.text, m.start, roles)}
    owners = {c.end: c.entity_id for c in mentions if c.kind in ("country", "adjective")}
    out = []
    for m in mentions:
        if m.kind != "surname":
            out.append(m)
            continue
        candidates = m.entity_id.split("|")
        titled = _role_before(doc.text, m.start, roles) or _owned_by(doc.text, m.start, owners, candidates, kb)
        if not titled and _beside_unknown_name(doc.text, m, spans, surnames, kb, doc.lang):
            continue  # "Saida Mirziyoyeva": a relative or namesake with a given name of her own
        in_doc = [c for c in candidates if c in full_ids]
        if in_doc:
            m.entity_id = in_doc[0]
        elif len(candidates) == 1 and (len(m.surface) >= SURNAME_ALONE or titled or _known_as(m, candidates[0], kb)):
            m.entity_id = candidates[0]
        elif len(candidates) > 1 and (len(m.surface) >= SURNAME_ALONE or titled):
            best = _most_senior(candidates, doc.published, kb)
            if best is None:
                continue
            m.entity_id = best
        else:
            continue
        m.kind = "person"
        out.append(m)
    return out


def _owned_by(text: str, start: int, owners: dict[int, str], candidates: list[str], kb: KnowledgeBase) -> bool:
    """"South Korea's Lee", "the Japanese Ishiba": the country of one of the surname's holders, as a
    possessive or an adjective right before it, vouches for a short surname as an office title does."""
    for end in range(max(0, start - 4), start):
        country = owners.get(end)
        if country is not None and OWNER_GAP.fullmatch(text, end, start):
            return any((kb.people.get(pid) or {}).get("country") == country for pid in candidates)
    return False


def _known_as(m: EntitySpan, pid: str, kb: KnowledgeBase) -> bool:
    """A short name the knowledge base lists for this person (``surnames:`` in the people YAML): the
    press uses it alone ("Lula", "Sisi"), so it needs no title or full name beside it."""
    stem = m.surface[:len(m.surface) - len(m.suffix or "")]
    return fold(stem) in (kb.people.get(pid) or {}).get("known_as", ())


def _neighbour_words(lex: Lexicon) -> frozenset[str]:
    """Capitalised words that may stand beside a name without being one: months, weekdays, "Mr"."""
    keys = ("months", "weekdays", "relative_days", "honorifics")
    return frozenset(str(w).lower().rstrip("*") for key in keys for w in (lex.raw.get(key) or {}))


_NAME_BEFORE = re.compile(r"(?<![\w'-])([^\W\d_][\w'-]*)\s+([^\W\d_][\w'-]*)\s+$")


def _beside_unknown_name(text: str, m: EntitySpan, spans: list[tuple[int, int]], surnames: dict[int, EntitySpan],
                         kb: KnowledgeBase, lang: str) -> bool:
    """Another person's name next to a bare surname: a capitalised word no entity covers right
    before it in running text ("the head of the administration Saida Mirziyoyeva"), or a second
    bare surname right after it, unless that one is marked as the counterpart ("Тоқаев Путинмен
    кездесті": two people).  Title-case headlines ("Kremlin Confirms Putin …") are left alone."""
    after = re.match(r"\s+", text[m.end:m.end + 3])
    following = surnames.get(m.end + after.end()) if after is not None else None
    if following is not None and not m.suffix and min(len(m.surface), len(following.surface)) >= SURNAME_ALONE:
        following = None  # two whole surnames side by side are two leaders ("Жапаров Рахмон жана … менен")
    if following is not None and not (_oblique(following.surface, kb, lang) and not m.suffix) and \
            not (len(m.suffix or "") >= 2 and _oblique(m.suffix, kb, lang)) and \
            not _postposition(text[following.end:following.end + 12], kb, lang):
        return True  # a surname read only through an ending ("Саид|а Мирзиёеваны") is her given name
    hit = _NAME_BEFORE.search(text[max(0, m.start - 60):m.start])
    if hit is None or not hit.group(2)[:1].isupper() or not hit.group(1)[:1].islower():
        return False
    common = frozenset().union(*(lex.memo("name_neighbours", _neighbour_words) for lex in kb.lexicons_for(lang)))
    a = max(0, m.start - 60) + hit.start(2)
    word = hit.group(2).lower()
    if a in surnames and (_case(hit.group(2), kb, lang, ("genitive", "with"))
                          or (not surnames[a].suffix and len(hit.group(2)) >= SURNAME_ALONE)):
        return False  # another leader's surname ("Тоқаевтың Мирзиёевпен", "… пен Мирзиёев Путинмен"), no given name
    return not any(s <= a < e for s, e in spans) and not any(word.startswith(c) for c in common if c)


def _postposition(after: str, kb: KnowledgeBase, lang: str) -> bool:
    """The Kyrgyz "with" written apart after a name ("Жапаров Эрдоган менен"): the name is a party of its own."""
    word = after.split()[0] if after.strip() else ""
    return any(word.lower() in (str(w) for w in (lex.raw.get("frames") or {}).get("with") or [])
               for lex in kb.lexicons_for(lang)[:1]) if after[:1].isspace() else False


def _oblique(word: str, kb: KnowledgeBase, lang: str) -> bool:
    """A Kazakh/Kyrgyz name in a case other than the nominative ("Тоқаев Мирзиёевті қабылдады", "Путинмен"):
    a party of its own, as a given name before a surname stands bare.  One-letter endings are left out:
    "-н" ends Russian-type surnames (Путин) as often as it marks a case."""
    for lex in kb.lexicons_for(lang)[:1]:
        endings = lex.memo("cases:oblique", lambda x: tuple(
            str(e) for es in (x.raw.get("cases") or {}).values() for e in es or [] if len(str(e)) >= 2))
        if endings and word.lower().endswith(endings):
            return True
    return False


def _case(word: str, kb: KnowledgeBase, lang: str, cases: tuple[str, ...]) -> bool:
    """A Kazakh/Kyrgyz name ending in one of ``cases`` (Путин|мен, Тоқаев|тың): a party of its own, not
    half of someone's name (a given name stands in the nominative before the surname)."""
    return any(lex.ends_in_case(word, *cases) for lex in kb.lexicons_for(lang)[:1])


def _most_senior(candidates: list[str], date: str | None, kb: KnowledgeBase) -> str | None:
    """Among people sharing a surname, the one in the most senior office (on the date, if known)."""
    ranked: list[tuple[int, str]] = []
    for pid in candidates:
        offices = [o for o in kb.persons[pid].offices if date is None or o.covers(date)]
        if offices:
            ranked.append((min(ROLE_RANK[o.role] for o in offices), pid))
    ranked.sort()
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None  # nobody, or two equally senior namesakes: leave it unresolved
    return ranked[0][1]


_NOT_SENIOR = re.compile(r"(?:deputy|vice|former|ex|acting deputy|заместител\w*|вице|бывш\w*|экс|экс-"
                         r"|орынбасар\w*|орун басар\w*|мурунку|бұрынғы)[\s-]*$", re.IGNORECASE)


# Every match of _NOT_SENIOR contains one of these: a cheap test (one literal alternation, on the
# lower-cased window) before the regex.
_NOT_SENIOR_WORDS = ("deputy", "vice", "former", "ex", "заместител", "вице", "бывш", "экс", "орынбасар", "орун басар",
                     "мурунку", "бұрынғы")
_NOT_SENIOR_HINT = re.compile("|".join(map(re.escape, _NOT_SENIOR_WORDS)))


def find_roles(doc: Document, kb: KnowledgeBase, index: LexIndex | None = None) -> list[EntitySpan]:
    """Office titles ("President", "премьер-министр", "мемлекет башчы") with their role.

    A deputy's or a former holder's title ("Deputy Prime Minister", "бывший президент") is not one.
    """
    out: list[EntitySpan] = []
    for lex in kb.lexicons_for(doc.lang):
        for role in TITLE_ROLES:
            rx = lex.regex("roles", role)
            if rx is None:
                continue
            for m in index.finditer(("roles", role), rx, doc.text) if index else rx.finditer(doc.text):
                before = doc.text[max(0, m.start() - 25):m.start()]
                if _NOT_SENIOR_HINT.search(before.lower()) and _NOT_SENIOR.search(before):
                    continue
                out.append(EntitySpan("role", m.start(), m.end(), m.group(0), role, role=role))
    out.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[EntitySpan] = []
    for r in out:
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    return kept


Found = tuple[list[EntitySpan], list[EntitySpan]]


def find_entities(doc: Document, kb: KnowledgeBase, index: LexIndex | None = None) -> Found:
    """Candidate names and office titles of the whole text, before sentences are known."""
    return scan(doc.text, kb), find_roles(doc, kb, index)


def hot_offsets(found: Found, index: LexIndex, kinds: Kinds) -> list[int]:
    """Where a contact could be read: names, titles, trigger words and "the two leaders"."""
    names, roles = found
    paths = [*kinds.triggers, ("group_refs",)]
    return sorted([m.start for m in names] + [r.start for r in roles] + [p for path in paths
                                                                         for p in index.starts(path)])


def entities(doc: Document, sentences: list[Sentence], kb: KnowledgeBase,
             index: LexIndex | None = None, found: Found | None = None) -> list[EntitySpan]:
    """All entity and role mentions inside the document's sentences, in text order.

    ``found`` is ``find_entities``'s result when the caller already has it.
    """
    names, roles = found or find_entities(doc, kb, index)
    settled = _settle_surnames(doc, names, roles, kb)
    for m in settled:
        if "|" not in m.entity_id:
            _assign_country(m, kb)
    lexicons = kb.lexicons_for(doc.lang)[:1]
    settled = [m for m in settled if "|" not in m.entity_id and not _named_after(doc.text, m, lexicons, index)]
    starts = [s.start for s in sentences]
    out: list[EntitySpan] = []
    for m in sorted(settled + roles, key=lambda x: x.start):
        i = bisect_right(starts, m.start) - 1
        if i >= 0 and m.start < sentences[i].end:
            m.sentence = sentences[i].index
            out.append(m)
    return _drop_role_overlaps(out)


NAMED_AFTER_GAP = 30  # characters a place word may stand from the name it is named after


def _named_after(text: str, m: EntitySpan, lexicons: list[Lexicon], index: LexIndex | None = None) -> bool:
    """A person's name that is part of a place's ("Heydar Aliyev International Airport", "аэропорт
    имени Гейдара Алиева", "Назарбаев атындағы"): no leader is there.  ``index``: the text's, which
    says at once that most names have no such word beside them."""
    if m.kind != "person":
        return False
    a, b = m.end, min(len(text), m.end + NAMED_AFTER_GAP)
    c = max(0, m.start - NAMED_AFTER_GAP)
    after_may = index is None or index.may(("named_after",), a, b)
    before_may = index is None or index.may(("named_after_before",), c, m.start)
    if not (after_may or before_may):
        return False
    after, before = text[a:b], text[c:m.start]
    for lex in lexicons:
        rx = lex.regex("named_after")
        hit = rx.search(after) if rx is not None and after_may else None
        if hit is not None and not after[:hit.start()].strip():
            return True
        rx = lex.regex("named_after_before")
        if rx is not None and before_may and any(not before[h.end():].strip() for h in rx.finditer(before)):
            return True
    return False


def _drop_role_overlaps(mentions: list[EntitySpan]) -> list[EntitySpan]:
    """A role word inside a name span (e.g. "Head" in a place name) is not a title.

    Names never overlap one another (``scan`` keeps the longest), so only the last name starting
    at or before a title can contain it.
    """
    names = [m for m in mentions if m.kind != "role"]
    starts = [m.start for m in names]

    def inside(r: EntitySpan) -> bool:
        i = bisect_right(starts, r.start) - 1
        return i >= 0 and r.end <= names[i].end

    return [m for m in mentions if m.kind != "role" or not inside(m)]
