"""Events stage: sentences that report a call or meeting between leaders of different countries.

A sentence becomes a contact when it holds a contact trigger (per-language lexicon) and
references to senior officials of at least two countries: named people, office titles tied to a
country ("the Russian leader", "президент Киргизии", "Россия президенти"), a compound adjective
in front of the trigger ("Japan-China summit"), the host of a visit ("visit to Tajikistan"), or a
plural reference ("the two leaders") to the pair of the preceding contact.  Names in other
sentences never make a contact on their own: precision first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summitry.knowledge import KnowledgeBase, Lexicon
from summitry.knowledge.lexindex import LexIndex
from summitry.model import Contact, Document, EntityMention, Participant, Sentence

# A sentence with more names, titles and countries than this is a list or a dump: reading pairs in
# it costs the square of their number, and no report of a contact looks like that.
MAX_SENTENCE_MENTIONS = 60
_CYRILLIC = re.compile("[\u0400-\u04ff]")
CLAUSE_BREAK = re.compile(r"[;,:—–]\s|\s(?:but|while|and|а|но|однако)\s")


@dataclass
class Ref:
    """A participant reference before dates and office holders are resolved."""

    country: str
    person_id: str | None
    role: str  # office role, or "leader" when only "the X leader" is known
    surface: str
    derivation: str
    start: int
    current: bool = True  # a named person who held office on the reference date


@dataclass
class Trigger:
    kind: str  # call | meeting
    start: int
    end: int
    visit: bool = False
    summit: bool = False


def _matches(lexicons: list[Lexicon], path: tuple[str, ...], text: str, index: LexIndex | None = None,
             offset: int = 0) -> list[tuple[int, int]]:
    out = []
    for lex in lexicons:
        rx = lex.regex(*path)
        if rx is not None:
            found = index.finditer(path, rx, text, offset) if index is not None else rx.finditer(text)
            out += [(m.start(), m.end()) for m in found]
    return out


def find_triggers(sentence: Sentence, lexicons: list[Lexicon], index: LexIndex | None = None) -> list[Trigger]:
    """Contact triggers of a sentence, minus phrases that only look like one ("courtesy call").

    ``index`` (the document's ``LexIndex``) lets sentences without a trigger word skip the regexes.
    """
    text, at = sentence.text, sentence.start
    if index is not None and not (index.may(("triggers", "call"), at, sentence.end)
                                  or index.may(("triggers", "meeting"), at, sentence.end)):
        return []
    blocked = _matches(lexicons, ("triggers", "not"), text, index, at)

    def free(span: tuple[int, int]) -> bool:
        return not any(a <= span[0] < b or a < span[1] <= b for a, b in blocked)

    visits = {s for s in _matches(lexicons, ("triggers", "visit"), text, index, at) if free(s)}
    summits = {s for s in _matches(lexicons, ("triggers", "summit"), text, index, at) if free(s)}
    out = [Trigger("call", a + sentence.start, b + sentence.start)
           for a, b in _matches(lexicons, ("triggers", "call"), text, index, at) if free((a, b))]
    for a, b in _matches(lexicons, ("triggers", "meeting"), text, index, at):
        if free((a, b)):
            out.append(Trigger("meeting", a + sentence.start, b + sentence.start, (a, b) in visits, (a, b) in summits))
    return sorted(out, key=lambda t: t.start)


def _gap(text: str, a: int, b: int) -> str:
    return text[a:b] if a <= b else "\0"


_OF = re.compile(r"^\s*(?:of\s+(?:the\s+)?|'s\s+|’s\s+|s'\s+)?$", re.IGNORECASE)


def _role_country(role: EntityMention, names: list[EntityMention], text: str,
                  titles: Sequence[EntityMention] = ()) -> EntityMention | None:
    """The country an office title belongs to: "Russian President", "President of Kyrgyzstan"."""
    for m in names:
        if m.kind not in ("adjective", "country"):
            continue
        if m.end <= role.start and re.fullmatch(r"[\s'’s]{0,4}", _gap(text, m.end, role.start)):
            return m  # Russian President / Russia's President / Россия президенти
        if m.start >= role.end and _OF.match(_gap(text, role.end, m.start)) and m.kind == "country":
            if any(0 < t.start - m.end <= 2 for t in titles):
                continue  # "Мемлекет басшысы Ресей Президенті …": the country heads the next title
            return m  # President of Kyrgyzstan / президент Киргизии
    return None


def _person_after(role: EntityMention, names: list[EntityMention], text: str) -> bool:
    for m in names:
        if m.kind == "person" and m.start >= role.end:
            between = _gap(text, role.end, m.start)
            if len(between) <= 40 and not re.search(r"[.;:!?]|\b(?:and|и|with|с|менен|мен)\b", between):
                return True
            return False
    return False


def sentence_refs(sentence: Sentence, mentions: list[EntityMention], kb: KnowledgeBase,
                  date_hint: str | None) -> list[Ref]:
    """Participant references of one sentence: people and country-bound office titles."""
    text = sentence.text
    names = [m for m in mentions if m.kind != "role"]
    rel = [_shift(m, sentence.start) for m in mentions]
    rel_names = [m for m in rel if m.kind != "role"]
    refs: list[Ref] = []
    lexicons = _script_lexicons(sentence, kb)
    for m in names:
        if m.kind == "person" and not _proxy(text, m.start - sentence.start, m.end - sentence.start, lexicons):
            office = kb.office_at(m.entity_id, date_hint)
            role = office["role"] if office else "other"
            country = office["country"] if office else m.country
            current = bool(office and date_hint and (office["start"] or "") <= date_hint
                           and (office["end"] is None or date_hint <= office["end"]))
            if date_hint and office and not current and not _elect(office, date_hint):
                role = "other"  # a former leader is not a party to a leaders' contact
            refs.append(Ref(country or "", m.entity_id, role, m.surface, "name", m.start, current or not date_hint))
    for r in (m for m in rel if m.kind == "role"):
        owner = _role_country(r, rel_names, text, [x for x in rel if x.kind == "role"])
        if owner is None or _person_after(r, rel_names, text):
            continue
        role = r.role if r.role not in ("counterpart",) else "leader"
        for each in [owner, *_listed_after(owner, rel_names, text)]:
            surface = text[min(each.start, r.start):max(each.end, r.end)]
            refs.append(Ref(each.entity_id, None, role or "leader", surface, "office title + country",
                            r.start + sentence.start))
    return [r for r in refs if r.country]


_LIST_SEP = re.compile(r"^(?:\s*,\s*|\s*,?\s+(?:and|и|және|жана|мен|менен)\s+|\s+)(?:the\s+)?$", re.IGNORECASE)


def _listed_after(first: EntityMention, names: list[EntityMention], text: str) -> list[EntityMention]:
    """Countries coordinated with the first owner: "the presidents of Kazakhstan, Uzbekistan and Tajikistan"."""
    out, last = [], first
    for m in names:
        if m.start <= last.start:
            continue
        if m.kind != "country" or not _LIST_SEP.match(text[last.end:m.start]):
            break
        out.append(m)
        last = m
    return out


def _script_lexicons(sentence: Sentence, kb: KnowledgeBase) -> list[Lexicon]:
    """Every lexicon written in the sentence's script (a Kyrgyz article quotes Russian, and so on)."""
    cyrillic = _CYRILLIC.search(sentence.text) is not None
    langs = ("ru", "kk", "ky") if cyrillic else ("en",)
    return [kb.lexicons[x] for x in langs if x in kb.lexicons]


def _proxy_heads(lex: Lexicon) -> tuple[str, ...]:
    """The literal first word (up to any ``*``) of every proxy phrase, lower-cased."""
    entries = [str(e) for key in ("proxy_after", "proxy_before") for e in lex.raw.get(key) or []]
    return tuple(sorted({e.lower().split()[0].split("*")[0] for e in entries if e.strip()}))  # "" matches all


def _proxy(text: str, start: int, end: int, lexicons: list[Lexicon]) -> bool:
    """The name stands for someone acting for the leader: "Putin's envoy", "послание Путина"."""
    after = text[end:end + 30]
    before = text[max(0, start - 40):start]
    window = (before + "\0" + after).lower()
    for lex in lexicons:
        if not any(head in window for head in lex.memo("proxy_heads", _proxy_heads)):
            continue  # every proxy phrase starts with one of these words: no regex needed
        rx_after, rx_before = lex.regex("proxy_after"), lex.regex("proxy_before")
        if rx_after is not None and (m := rx_after.match(after)) is not None and m.start() == 0:
            return True
        if rx_before is not None and any(not before[m.end():].strip(" ,") or _only_titles(before[m.end():], lexicons)
                                         for m in rx_before.finditer(before)):
            return True
    return False


def _only_titles(gap: str, lexicons: list[Lexicon]) -> bool:
    """Between "envoy of" and the name only a title (and a country): "envoy of the Russian President"."""
    if len(gap.split()) > 4 or re.search(r"[.;:]", gap):
        return False
    return any((rx := lex.regex("roles", role)) is not None and rx.search(gap)
               for lex in lexicons for role in ("head_of_state", "head_of_government", "foreign_minister", "leader"))


def _elect(office: dict[str, str | None], day: str) -> bool:
    """A leader-elect: the office starts within four months after ``day``."""
    start = office.get("start") or ""
    if start <= day:
        return False
    import datetime as dt

    return (dt.date.fromisoformat(start) - dt.date.fromisoformat(day)).days <= 120


def _shift(m: EntityMention, offset: int) -> EntityMention:
    return EntityMention(m.kind, m.start - offset, m.end - offset, m.surface, m.entity_id, m.country, m.role,
                         m.sentence)


def compound_refs(sentence: Sentence, mentions: list[EntityMention], triggers: list[Trigger]) -> list[Ref]:
    """Countries of a compound adjective right before a trigger: "Japan-China summit"."""
    adj = [m for m in mentions if m.kind in ("adjective", "country")]
    refs: list[Ref] = []
    for a, b in zip(adj, adj[1:], strict=False):
        text = sentence.text
        joint = text[a.end - sentence.start: b.start - sentence.start]
        if joint not in ("-", "") and not a.surface.endswith("-"):
            continue
        if any(0 <= t.start - b.end <= 12 for t in triggers):
            for m in (a, b):
                refs.append(Ref(m.entity_id, None, "leader", a.surface + joint + b.surface, "compound before trigger",
                                m.start))
    return refs


_DATIVE = ("ға", "ге", "қа", "ке", "га", "го", "гө", "ка", "ко", "кө", "на", "не", "а", "е")


def host_refs(sentence: Sentence, mentions: list[EntityMention], triggers: list[Trigger],
              lexicons: list[Lexicon]) -> list[Ref]:
    """The host of a visit: "visit to Tajikistan", "визит … в Таджикистан", "Астанаға … келеді"."""
    if not any(t.visit for t in triggers):
        return []
    preps = {str(p).lower() for lex in lexicons for p in lex.raw.get("visit_prepositions") or []}
    text = sentence.text
    for t in (t for t in triggers if t.visit):
        for m in mentions:
            if m.kind not in ("country", "place") or not m.country:
                continue
            rel = m.start - sentence.start
            before = text[:rel].split()
            direct = re.fullmatch(r"\s+(?:the\s+)?", text[t.end - sentence.start:rel] or "-") is not None
            if preps and 0 <= m.start - t.end <= 80 and before and (before[-1].lower() in preps or direct):
                if not re.search(r"[.;]", text[t.end - sentence.start:rel]):
                    return [Ref(m.country, None, "leader", m.surface, "host of visit", m.start)]
            if lexicons[0].lang in ("kk", "ky") and m.surface.lower().endswith(_DATIVE):
                return [Ref(m.country, None, "leader", m.surface, "host of visit", m.start)]
    return []


def local_host_refs(sentence: Sentence, mentions: list[EntityMention], refs: list[Ref],
                    home: str | None) -> list[Ref]:
    """An office title with no country and no name ("Мемлекет басшысы", "Глава государства") is the
    host's leader: the country of the venue or city named, else the report's home country (the
    language of a Kazakh or Kyrgyz report, or the country domain of its URL)."""
    rel = [_shift(n, sentence.start) for n in mentions]
    names = [n for n in rel if n.kind != "role"]
    bare = [m for m in rel if m.kind == "role" and m.role in ("head_of_state", "head_of_government")
            and not _role_country(m, names, sentence.text, [x for x in rel if x.kind == "role"])
            and not _names_next(m, rel, sentence.text)]
    if not bare:
        return []
    known = {r.country for r in refs}
    for m in mentions:
        if m.kind == "place" and m.country and m.country not in known:
            return [Ref(m.country, None, "leader", m.surface, "host (office title + place)", m.start)]
    if home and home not in known:
        title = bare[0]
        return [Ref(home, None, "leader", title.surface, "home country of the report (untitled head of state)",
                    title.start + sentence.start)]
    return []


def _names_next(role: EntityMention, rel: list[EntityMention], text: str) -> bool:
    """The title is followed directly by the person it names ("President Vladimir Putin")."""
    nxt = next((m for m in rel if m.start >= role.end), None)
    return nxt is not None and nxt.kind == "person" and len(text[role.end:nxt.start].strip(" ,")) <= 3


def pronoun_refs(sentence: Sentence, before: list[EntityMention], refs: list[Ref], kb: KnowledgeBase,
                 date_hint: str | None, lexicons: list[Lexicon]) -> list[Ref]:
    """"He will hold talks with Xi": "he" is the last leader of another country named just before."""
    if not any((rx := lex.regex("pronouns")) is not None and rx.search(sentence.text) for lex in lexicons):
        return []
    known = {r.country for r in refs}
    for m in reversed([m for m in before if m.kind == "person"]):
        office = kb.office_at(m.entity_id, date_hint)
        if office and office["country"] not in known:
            return [Ref(office["country"], m.entity_id, office["role"], m.surface,
                        "pronoun for the leader named before", sentence.start)]
    return []


def home_country(doc: Document, kb: KnowledgeBase) -> str | None:
    """The country a report speaks from: Kazakh → KAZ, Kyrgyz → KGZ, else its URL's country domain."""
    lex = kb.lexicons.get(doc.lang)
    if lex is not None and lex.raw.get("home_country"):
        return str(lex.raw["home_country"])
    host = re.match(r"https?://([^/:]+)", doc.url or "")
    if host:
        tld = host.group(1).rsplit(".", 1)[-1].upper()
        return kb.by_iso2.get(tld)
    return None


def _clause(text: str, pos: int) -> tuple[int, int]:
    breaks = [(m.start(), m.end()) for m in CLAUSE_BREAK.finditer(text)]
    starts = [0] + [end for _, end in breaks if end <= pos]
    ends = [start for start, _ in breaks if start >= pos] + [len(text)]
    return max(starts), min(ends)


def _first(lex: Lexicon, key: str, text: str, index: LexIndex | None, at: int) -> re.Match[str] | None:
    """The first match of one lexicon phrase list in ``text`` (at offset ``at`` of the document)."""
    rx = lex.regex(key)
    if rx is None:
        return None
    return next(index.finditer((key,), rx, text, at), None) if index is not None else rx.search(text)


def status_of(sentence: Sentence, trigger: Trigger, lexicons: list[Lexicon], index: LexIndex | None = None) -> str:
    """"planned" for a future marker in the trigger's clause, "occurred" for a past verb, else "default"."""
    rel = trigger.start - sentence.start
    a, b = _clause(sentence.text, rel)
    clause, at = sentence.text[a:b], sentence.start + a
    past_seen = False
    for lex in lexicons:
        if _first(lex, "future", clause, index, at):
            return "planned"
        m = _first(lex, "future_infinitive", clause, index, at)
        if m and not _first(lex, "past_verbs", clause[: m.start()], index, at):
            return "planned"
        past_seen = past_seen or bool(_first(lex, "past_verbs", sentence.text, index, sentence.start))
    return "occurred" if past_seen else "default"


def is_reference(sentence: Sentence, lexicons: list[Lexicon], index: LexIndex | None = None) -> bool:
    """The sentence points back at an earlier contact ("their last meeting")."""
    if index is not None:
        return any(_first(lex, "past_reference", sentence.text, index, sentence.start) for lex in lexicons)
    return any((rx := lex.regex("past_reference")) is not None and rx.search(sentence.text) for lex in lexicons)


def has_group_ref(sentence: Sentence, lexicons: list[Lexicon], index: LexIndex | None = None) -> bool:
    if index is not None:
        return any(index.search(("group_refs",), lex.regex("group_refs"), sentence.text, sentence.start)
                   for lex in lexicons)
    return any((rx := lex.regex("group_refs")) is not None and rx.search(sentence.text) for lex in lexicons)


def _distinct(refs: list[Ref]) -> list[Ref]:
    """One reference per country, preferring a named person over an office title."""
    best: dict[str, Ref] = {}
    for r in refs:
        cur = best.get(r.country)
        if cur is None or (cur.person_id is None and r.person_id is not None) or (r.current and not cur.current):
            best[r.country] = r
    return sorted(best.values(), key=lambda r: r.start)


def _senior(refs: list[Ref]) -> list[Ref]:
    return [r for r in refs if r.role in ("head_of_state", "head_of_government", "foreign_minister", "leader")]


def _participants(refs: list[Ref]) -> list[Participant]:
    return [Participant(country=r.country, person_id=r.person_id, role=r.role, mentioned_as=r.surface,
                        derivation=r.derivation) for r in refs]


def extract_contacts(doc: Document, sentences: list[Sentence], mentions: list[EntityMention],
                     kb: KnowledgeBase, index: LexIndex | None = None) -> list[Contact]:
    """Contacts reported sentence by sentence, in text order (dates and salience come later)."""
    lexicons = kb.lexicons_for(doc.lang)
    index = index or kb.lex_index(doc.text, doc.lang)
    by_sentence: dict[int, list[EntityMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    contacts: list[Contact] = []
    previous: list[Ref] = []
    home = home_country(doc, kb)
    for s in sentences:
        ms = by_sentence.get(s.index, [])
        if (not ms and not previous) or len(ms) > MAX_SENTENCE_MENTIONS:
            continue  # no name, title or country: no contact; a run of hundreds of names is a list, not a report
        triggers = find_triggers(s, lexicons, index)
        if not triggers:
            continue
        refs = sentence_refs(s, ms, kb, doc.published)
        refs += compound_refs(s, ms, triggers) + host_refs(s, ms, triggers, lexicons)
        refs = _distinct(_senior(refs))
        if len(refs) == 1:
            refs += local_host_refs(s, ms, refs, home) or pronoun_refs(s, by_sentence.get(s.index - 1, []), refs,
                                                                       kb, doc.published, lexicons)
        known = {r.country for r in refs}
        follows = bool(known) and known < {r.country for r in previous}
        if len(refs) < 2 and previous and (has_group_ref(s, lexicons, index) or follows):
            # "the two leaders …" or "… a call with the President of Tajikistan" after a contact of that pair
            refs = _distinct(refs + [r for r in previous if r.country not in known])
        if len(refs) < 2:
            continue
        kind = "call" if any(t.kind == "call" for t in triggers) else "meeting"
        chosen = [t for t in triggers if t.kind == kind]
        for group in _split(refs, kind, triggers, s, lexicons):
            contacts.append(_contact(doc, s, chosen, group, lexicons, triggers, index))
        previous = refs
    if not contacts:
        contacts = _document_fallback(doc, sentences, by_sentence, kb, lexicons, index)
    return contacts


def _split(refs: list[Ref], kind: str, triggers: list[Trigger], s: Sentence,
           lexicons: list[Lexicon]) -> list[list[Ref]]:
    """Three or more countries in one sentence: a summit stays whole; a call is one call per
    counterpart of the first-named leader ("spoke by phone with Tokayev and Mirziyoyev"); other
    meetings keep the first two, since a third name is usually someone they talked about."""
    if len(refs) <= 2:
        return [refs]
    multilateral = any(t.summit for t in triggers) or any(
        (rx := lex.regex("triggers", "multilateral")) is not None and rx.search(s.text) for lex in lexicons)
    if kind == "meeting" and (multilateral or _listed(refs, s)):
        return [refs]
    if kind == "call":
        return [[refs[0], other] for other in refs[1:]]
    if len(refs) >= 4 and sum(1 for t in triggers if t.kind == kind) >= 2:
        # "A met B, and C held talks with D": one meeting per trigger, leaders paired in order
        return [refs[i:i + 2] for i in range(0, len(refs) - 1, 2)]
    return [refs[:2]]


_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+(?:and|и|және|жана|мен|менен))\s*$", re.IGNORECASE)


def _listed(refs: list[Ref], s: Sentence) -> bool:
    """Three or more leaders named in one list ("A, B, C and D attended"): a multilateral meeting."""
    named = sorted((r for r in refs if r.person_id), key=lambda r: r.start)
    run = 1
    for a, b in zip(named, named[1:], strict=False):
        gap = s.text[a.start - s.start + len(a.surface): b.start - s.start]
        run = run + 1 if _LIST_GAP.match(gap) else 1
        if run >= 3:
            return True
    return False


def _contact(doc: Document, s: Sentence, chosen: list[Trigger], refs: list[Ref], lexicons: list[Lexicon],
             triggers: list[Trigger], index: LexIndex | None = None) -> Contact:
    multilateral = len(refs) > 2 or any(t.summit for t in triggers)
    tenses = {status_of(s, t, lexicons, index) for t in chosen}
    tense = "planned" if "planned" in tenses else "occurred" if "occurred" in tenses else "default"
    return Contact(
        doc_id=doc.doc_id, kind=chosen[0].kind, status="planned" if tense == "planned" else "occurred",
        status_source={"planned": "future marker", "occurred": "past verb"}.get(tense, "default"),
        salience="mentioned" if is_reference(s, lexicons, index) else "main",
        participants=_participants(refs), evidence=s.text, start=s.start, end=s.end,
        url=doc.url, published=doc.published, sentences=[s.index], multilateral=multilateral and len(refs) > 2,
        confidence=0.9 if all(r.person_id for r in refs) else 0.75,
    )


_SPEAKER = re.compile(r"^[^:.!?]{2,120}:\s")


def _document_fallback(doc: Document, sentences: list[Sentence], by_sentence: dict[int, list[EntityMention]],
                       kb: KnowledgeBase, lexicons: list[Lexicon], index: LexIndex) -> list[Contact]:
    """A transcript of talks ("President of Russia Vladimir Putin: Mr Japarov, I am very glad to
    see you."): one leader speaks to another, and a trigger word occurs somewhere in the text.
    The contact is reported at the speaker's line, with a lower confidence."""
    for s in sentences:
        if not _SPEAKER.match(s.text) or not 2 <= len(by_sentence.get(s.index, [])) <= MAX_SENTENCE_MENTIONS:
            continue  # cheap checks first: most documents have no transcript line at all
        refs = _distinct(_senior(sentence_refs(s, by_sentence.get(s.index, []), kb, doc.published)))
        if len(refs) < 2:
            continue
        all_triggers = [t for x in sentences for t in find_triggers(x, lexicons, index)]
        if not all_triggers:
            return []
        kind = "call" if any(t.kind == "call" for t in all_triggers) else "meeting"
        c = _contact(doc, s, [Trigger(kind, s.start, s.start)], refs, lexicons, [], index)
        c.status, c.salience, c.confidence = "occurred", "main", 0.6
        return [c]
    return []
