"""Participants a frame implies rather than names: the host of a visit, the leader behind a bare
title, the members of a summit format.

"Tokayev's state visit to Uzbekistan" is a meeting with Uzbekistan's leader; "Мемлекет басшысы"
in a Kazakh report is Kazakhstan's; "the summit of the CSTO member states" is a meeting of the
CSTO's members.  Each such participant carries the derivation that says so.
"""

from __future__ import annotations

import re

from summitry.events.actors import Ref
from summitry.events.frames import vocab
from summitry.events.triggers import Trigger, phrase_spans
from summitry.knowledge import KnowledgeBase, Lexicon, Lookup, word_list
from summitry.model import HEAD_ROLES, LATER_STOP, Document, EntityMention, Sentence

FORMAT_WINDOW = 60  # characters between a summit word and the format it names: "саммит ШОС", "CSTO summit"
_QUALIFIED = re.compile(r"(?:state|official|working|мемлекеттік|ресми|жұмыс|мамлекеттик|расмий|иш|"
                        r"государствен\w*|официальн\w*|рабоч\w*)\s*$", re.IGNORECASE)


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


def _seat(m: EntityMention, kb: KnowledgeBase) -> bool:
    """A city that seats organisations (``seat_of``): even a "working visit" there is to them."""
    return bool((kb.places.get(m.entity_id) or {}).get("seat_of"))


def _visited(m: EntityMention, kb: KnowledgeBase, qualified: bool) -> bool:
    """A visit there meets the host: a destination, or with a qualifier ("state visit to …") any place
    but one that seats organisations."""
    return _destination(m, kb) or (qualified and not _seat(m, kb))


def _destination(m: EntityMention, kb: KnowledgeBase) -> bool:
    """A country, its capital or a residence: where a visit means meeting the host (a trip to
    New York or Davos is to an organisation or a forum, not to the country's leader; nor is one to a
    capital that seats organisations, such as Brussels)."""
    if m.kind == "country":
        return True
    place = kb.places.get(m.entity_id) or {}
    if place.get("seat_of"):
        return False
    city = place.get("city") if place.get("kind") == "venue" else m.entity_id
    return bool(m.country) and kb.countries.get(m.country or "", {}).get("capital") == city


def visit_hosts(t: Trigger, s: Sentence, mentions: list[EntityMention], lexicons: list[Lexicon],
                kb: KnowledgeBase, case_suffixes: bool) -> list[Ref]:
    """The hosts of a visit: its destination and the destinations listed with it ("a tour of Kenya,
    Ghana and Peru", "Францияға және Германияға барады"): a tour is a visit to each country."""
    host = visit_host(t, s, mentions, lexicons, kb, case_suffixes)
    if host is None:
        return []
    hosts, last = [host], next(m for m in mentions if m.start == host.start)
    for m in mentions:
        if m.start <= last.start or m.kind not in ("country", "place") or not m.country:
            continue
        if not _listed(s.text[last.end - s.start:m.start - s.start], lexicons) or not _destination(m, kb):
            break
        if case_suffixes and not (m.suffix and _dative(m.suffix, lexicons)):
            break
        if all(h.country != m.country for h in hosts):
            hosts.append(Ref(m.country, None, "leader", m.surface, "host", LATER_STOP, m.start))
        last = m
    return hosts


def _listed(gap: str, lexicons: list[Lexicon]) -> bool:
    """Whether a gap only joins two items of a list: commas, "and", "as well as", an article."""
    if not lexicons:
        return False
    words = vocab(lexicons, "coordination") | vocab(lexicons, "determiners")
    rest = gap.lower().replace(",", " ")
    for phrase in sorted((w for w in words if " " in w), key=len, reverse=True):
        rest = rest.replace(phrase, " ")
    return len(gap) <= 20 and all(w in words for w in rest.split())


def visit_host(t: Trigger, s: Sentence, mentions: list[EntityMention], lexicons: list[Lexicon],
               kb: KnowledgeBase, case_suffixes: bool) -> Ref | None:
    """The host of a visit: "visit to Tajikistan", "визит … в Таджикистан", "Астанаға … келеді" (a dative
    ending, in a language with ``case_suffixes``)."""
    preps, own = word_list(lexicons, "visit_prepositions"), word_list(lexicons, "trip_prepositions")
    adjacent = t.surface.split()[-1].lower() in own  # "left for Paris": the destination follows at once
    text, at = s.text, s.start
    qualified = _QUALIFIED.search(text[max(0, t.start - at - 30):t.start - at]) is not None
    for m in mentions:
        if m.kind not in ("country", "place") or not m.country:
            continue
        gap = text[t.end - at:m.start - at] if m.start >= t.end else None
        before = text[:m.start - at].split()
        if adjacent and gap is not None and not re.fullmatch(r"\s+(?:the\s+)?", gap):
            continue
        if gap is not None and preps and m.start - t.end <= 80 and before and not re.search(r"[.;]", gap) and \
                len(gap.split()) <= DESTINATION_WORDS and \
                (before[-1].lower() in preps or re.fullmatch(r"\s+(?:the\s+)?", gap)):
            if _visited(m, kb, qualified):
                return Ref(m.country, None, "leader", m.surface, "host", "host of visit", m.start)
        if case_suffixes and m.start < t.start and m.suffix and _dative(m.suffix, lexicons) and \
                _visited(m, kb, qualified):
            return Ref(m.country, None, "leader", m.surface, "host", "host of visit", m.start)
    return _destination_before(t, s, mentions, preps, kb) if preps and not adjacent else None


def remote_attendance(s: Sentence, triggers: list[Trigger], look: Lookup) -> bool:
    """Leaders who join an event by video link ("took part in the opening of a plant via video link",
    "бейнебайланыс арқылы форумның отырысына қатысады") hold no call with each other: the call word says
    how they attended, and the sentence has no talks of its own."""
    return all(x.distant or x.summit for x in triggers) and \
        bool(look.in_sentence(("frames", "remote_attendance"), s)) and \
        bool(look.in_sentence(("frames", "remote_events"), s))


TRIP_GAP = 200  # characters between a visit word and its purpose, in one clause ("arrived in Baku on Monday to
# attend …"; a verb-final sentence opens with it: "Жыйынга катышуу үчүн A, B жана C … Бишкекке келди")
PURPOSE_WORDS = 5  # words between the purpose and the event: "to take part in the St Petersburg economic forum"


def trip_for_event(t: Trigger, s: Sentence, look: Lookup) -> bool:
    """A trip whose stated purpose is an event of its own ("arrived in Baku to attend a climate
    conference", "Астанаға форумға қатысу үшін келді"): no meeting with the host by itself (the
    annotation conventions: a trip to a conference or a sports event is not one).  Talks on the
    trip have their own trigger, so they still count."""
    purposes = look.in_sentence(("frames", "trip_purpose"), s)
    events = look.in_sentence(("frames", "trip_events"), s) if purposes else []
    lo, hi = t.start - s.start, t.end - s.start
    for p0, p1 in purposes:
        if max(p0, lo) - min(p1, hi) > TRIP_GAP or re.search(r"[.;]", s.text[min(p1, hi):max(p0, lo)]):
            continue
        for e0, e1 in events:
            between = s.text[p1:e0] if e0 >= p1 else s.text[e1:p0]
            if len(between.split()) <= PURPOSE_WORDS and not re.search(r"[.;]", between):
                return True
    return False


DESTINATION_WORDS = 6  # "the visit of the Chinese leader to Russia", not "the visit was a mistake given his ties to
# Moscow"
BEFORE_WORDS = 3  # "прибыл в Москву с официальным визитом", "in Ankara on a state visit"


def _destination_before(t: Trigger, s: Sentence, mentions: list[EntityMention], preps: frozenset[str],
                        kb: KnowledgeBase) -> Ref | None:
    """A destination named just before the visit word, after a visit preposition ("прибыл в Москву с
    официальным визитом", "Modi, in Moscow on a state visit, …"): the visit is to it."""
    text, at = s.text, s.start
    for m in reversed([m for m in mentions if m.end <= t.start]):
        gap = text[m.end - at:t.start - at]
        before = text[:m.start - at].split()
        if len(gap.split()) > BEFORE_WORDS or re.search(r"[.,;:]", gap):
            return None
        if m.kind in ("country", "place") and m.country and before and before[-1].lower() in preps \
                and _destination(m, kb):
            return Ref(m.country, None, "leader", m.surface, "host", "host of visit (named before it)", m.start)
    return None


def _dative(suffix: str, lexicons: list[Lexicon]) -> bool:
    return any(lex.ends_in_case(suffix, "dative") for lex in lexicons)


def bare_title(role: str | None, start: int, surface: str, mentions: list[EntityMention], known: set[str],
               home: str | None, lexicons: list[Lexicon] | None = None) -> Ref | None:
    """An office title with no country and no name ("Мемлекет басшысы", "Глава государства") is the
    host's leader: the country of the venue or city named, else the report's home country (the
    language of a Kazakh or Kyrgyz report, or the country domain of its URL)."""
    if role not in HEAD_ROLES:
        return None
    for m in mentions:
        if m.kind == "place" and m.country and m.country not in known and \
                not (m.suffix and _dative(m.suffix, lexicons or [])):  # "Мәскеуге барды": where he went, not his
            return Ref(m.country, None, "leader", m.surface, "host", "host (office title + place)", m.start)
    if home and home not in known:
        return Ref(home, None, "leader", surface, "home", "home country of the report (untitled head of state)", start)
    return None


def format_members(t: Trigger, s: Sentence, mentions: list[EntityMention], kb: KnowledgeBase,
                   lexicons: list[Lexicon], alone: bool = False) -> list[Ref]:
    """The members of the summit format a sentence names, when the knowledge base says its summits are
    meetings of all members: always for a format whose name enumerates them ("the G7", "Central Asia –
    Japan", with the partner written beside the region), and for an organisation only when the sentence
    says its members or their heads met ("the CSTO member states", "глав государств ОДКБ") and names no
    leader, or names no participant at all (``alone``: "the CSTO summit opens in Minsk"); "after the
    CSTO summit, A and B met", "at the council of CIS heads, A and B discussed …" are reported with the
    host and the leaders they name."""
    said = None
    named = any(n.kind == "person" for n in mentions)  # "at the CIS heads' council, A and B met": theirs
    for m in mentions:
        if m.kind != "org":
            continue
        org = kb.orgs.get(m.entity_id) or {}
        members = org.get("members") or []
        attendance = org.get("attendance")
        if attendance == "members_named":
            said = said if said is not None else bool(phrase_spans(lexicons, ("frames", "members"), s.text))
            attendance = "members" if alone or (not named and (said or _heads_of(m, mentions))) else None
        if attendance == "members" and len(members) > 2 and abs(m.start - t.start) <= FORMAT_WINDOW:
            name = org.get("name", m.entity_id)
            refs = [Ref(c, None, "leader", m.surface, "member", f"member of {name}", m.start) for c in members]
            partner = _partner(m, s, mentions) if org.get("region") else None
            return refs + ([Ref(partner.entity_id, None, "leader", partner.surface, "member", f"partner of {name}",
                                partner.start)] if partner else [])
    return []


HEADS_GAP = 25  # characters between an organisation and its heads: "ТМУ мамлекет башчыларынын", "leaders of the CSTO"


def _heads_of(org: EntityMention, mentions: list[EntityMention]) -> bool:
    """Whether the sentence speaks of the organisation's heads ("глав государств ОДКБ", "уюмунун
    президенттеринин"): a meeting of those is one of all its members."""
    def beside(m: EntityMention) -> bool:
        lo, hi = (org.end, m.start) if m.start >= org.end else (m.end, org.start)
        return 0 <= hi - lo <= HEADS_GAP and not any(lo <= o.start < hi for o in mentions)

    return any(m.kind == "role" and m.role in (*HEAD_ROLES, "leader") and beside(m)
               for m in mentions)


_JOINT = re.compile(r"^\s*[-–—+]\s*$|^\s*(?:and|и|және|жана)\s*$", re.IGNORECASE)


def _partner(region: EntityMention, s: Sentence, mentions: list[EntityMention]) -> EntityMention | None:
    """The country joined to a region by a dash or "+": "Central Asia – Japan", "Japan–Central Asia"."""
    for m in mentions:
        if m.kind not in ("country", "adjective"):
            continue
        gap = s.text[region.end - s.start:m.start - s.start] if m.start >= region.end else \
            s.text[m.end - s.start:region.start - s.start]
        if len(gap) <= 5 and _JOINT.match(gap):
            return m
    return None


ATTENDANCE_WORDS = 6  # "at the close of the SCO summit": the preposition may stand a few words before


def at_summit(t: Trigger, s: Sentence, lexicons: list[Lexicon], case_suffixes: bool) -> bool:
    """Whether the sentence places its subject at the summit the trigger names ("at the close of the
    SCO summit", "принял участие в саммите", "will attend the NATO summit", "саммитінде"), rather than
    speaking about it ("criticised the G7 summit"); ``case_suffixes``: the summit word's own ending says so."""
    if case_suffixes:
        return any(lex.ends_in_case(t.surface, "locative", "dative") for lex in lexicons[:1])
    before = s.text[:t.start - s.start]
    preps = word_list(lexicons[:1], "location_prepositions")
    if preps & set(before.lower().split()[-ATTENDANCE_WORDS:]):
        return True
    return any(phrase_spans([lex], ("frames", "attendance"), before[-60:]) for lex in lexicons[:1])


def attended_summit_host(t: Trigger, s: Sentence, mentions: list[EntityMention], lexicons: list[Lexicon],
                         case_suffixes: bool) -> Ref | None:
    """The host of a summit its one named attendee was at ("… spoke to the press at the SCO summit in
    Astana", "принял участие в саммите СНГ в Ашхабаде"): the summit's city names the host, whom the
    attendee met there."""
    return summit_host(s, mentions) if at_summit(t, s, lexicons, case_suffixes) else None


def summit_host(s: Sentence, mentions: list[EntityMention]) -> Ref | None:
    """The country of the city or venue a summit sentence names ("… summit in Bishkek")."""
    for m in mentions:
        if m.kind == "place" and m.country:
            return Ref(m.country, None, "leader", m.surface, "host", "host of the summit", m.start)
    return None
