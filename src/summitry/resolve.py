"""Resolution after dating: office titles to people, and where a contact took place.

"The Russian leader" becomes whoever held that office on the contact's date, with the
derivation recorded; a meeting's place comes from its sentences or the host of a visit.
(Folding a document's sentences into one contact per event is ``consolidate``.)
"""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

from summitry.knowledge import KnowledgeBase, Language, Lexicon, _phrase_regex, any_phrase
from summitry.knowledge.records import ELECT_DAYS
from summitry.model import SENIOR_ROLES, Contact, DateInfo, EntitySpan, Location, Sentence


def _day(info: DateInfo) -> str | None:
    if info.date:
        return info.date
    if info.start and info.end and info.start[:7] == info.end[:7]:
        return info.start
    return None


def _says(kb: KnowledgeBase, key: str, surface: str | None) -> bool:
    """Whether an office title says ``key`` in any language: roles' "counterpart", "leader_elect"."""
    if not surface:
        return False
    for lex in kb.lexicons.values():
        entries = (lex.raw.get("roles") or {}).get(key) if key == "counterpart" else lex.raw.get(key)
        rx = lex.memo(f"issue12:{key}", partial(_entries_regex, entries))
        if rx is not None and rx.search(surface):
            return True
    return False


def _entries_regex(entries: list[str] | None, _lex: Lexicon) -> re.Pattern[str] | None:
    return _phrase_regex(list(entries or []))


def _foreign_minister_met(contact: Contact, kb: KnowledgeBase, day: str | None) -> bool:
    """Whether a participant named by name was foreign minister on the day."""
    for p in contact.participants:
        person = kb.person(p.person_id) if p.by_name else None
        office = person.office_on(day) if person else None
        if office is not None and office.role == "foreign_minister":
            return True
    return False


def _elect(kb: KnowledgeBase, country: str, role: str, day: str) -> str | None:
    """Who, on ``day``, had been elected to the office and took it within the following months."""
    if role == "leader":
        role = kb.leader_role(country)
    soon = (dt.date.fromisoformat(day) + dt.timedelta(days=ELECT_DAYS)).isoformat()
    found = [(o.start, pid) for pid, person in kb.persons.items() for o in person.offices
             if o.country == country and o.role == role and o.start and day < o.start <= soon]
    return min(found)[1] if found else None


def held_office_then(contact: Contact, kb: KnowledgeBase) -> bool:
    """Every participant named by name held a senior office (or was its leader-elect) on the
    contact's date: "former president Trump met Orban" in 2024 is no leaders' contact, a 2018
    meeting of Merkel reported in 2023 is one."""
    lo = contact.date.date or contact.date.start or contact.date.end
    hi = contact.date.date or contact.date.end or ("9999-12-31" if contact.date.start else None)  # open: until now
    if not contact.date.from_text and contact.published:
        lo = hi = contact.published  # no date of its own: "former president X met Y" speaks of now
    if not lo:
        return True
    return all(kb.in_office(p.person_id, lo, hi) for p in contact.participants if p.person_id and p.by_name)


def resolve_people(contact: Contact, kb: KnowledgeBase) -> Contact:
    """Fill names, roles and countries of participants from the knowledge base and the date."""
    day = _day(contact.date)
    for p in contact.participants:
        elected = "elect" in (p.resolved or ())
        if p.person_id and not p.by_name and day and not kb.in_office(p.person_id, day, elect=elected):
            p.person_id = None  # "he", "the prime minister": whoever held the office then, not the one named today
            p.resolve("office_then", f"{p.derivation.split(':')[0]}: office held then")
        if p.person_id:
            person = kb.persons[p.person_id]
            p.person = person.name
            office = person.office_on(day)
            if office and not elected:  # a leader-elect holds no office yet
                p.role = office.role
            continue
        role = p.role if p.role in SENIOR_ROLES else "leader"
        if _says(kb, "counterpart", p.mentioned_as) and _foreign_minister_met(contact, kb, day):
            role = p.role = "foreign_minister"  # a foreign minister's "counterpart" is a foreign minister
        if _says(kb, "leader_elect", p.mentioned_as) and day:
            pid = _elect(kb, p.country, role, day)
            if pid:
                p.person_id, p.person, p.role = pid, kb.persons[pid].name, "other"
                p.resolve("elect", f"{p.derivation}: elected, took office after {day}")
                continue
        pid = kb.holder(p.country, role, day)
        on = day
        if pid is None and day is None and contact.date.start:
            # an open range: a plan is made by whoever holds the office when it is announced (the range's
            # start); past news without a reference date is most likely recent, so the latest holder
            on = contact.date.end or (contact.date.start if contact.status == "planned" else kb.known_until)
            start_holder = kb.holder(p.country, role, contact.date.start)
            pid = kb.holder(p.country, role, on)
            if contact.date.end and pid != start_holder:
                pid = None  # two holders within a closed range: nobody can tell which
        if pid:
            person = kb.persons[pid]
            p.person_id, p.person = pid, person.name
            office = person.office_on(on)
            p.role = office.role if office else p.role
            p.resolve("holder", f"{p.derivation}: holder of the office on {on}")
        elif p.role == "leader":
            p.role = kb.leader_role(p.country)
    return contact


_PREP = re.compile(r"(?:\b(?:in|at|to|в|во|на|г\.)[\s«\"“']*(?:the\s+)?(?:[\w'’-]+[\s«\"“']+){0,5}$)",
                   re.IGNORECASE)


# "summit in Italy", "met in Turkey", "переговоры в Турции" — not "the situation in Ukraine"
_MET_IN = re.compile(r"\b(?:summit|talks|met|meet|meeting|visit|саммит\w*|переговор\w*|встреч\w*|встретил\w*|визит\w*)"
                     r"(?:\s+[\w-]+){0,3}\s+(?:in|в|во)\s+(?:the\s+)?$", re.IGNORECASE)
_DATELINE = re.compile(r"^\W*[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]+\s*(?:[,(:]|\s[-–—])")


def _place_of(sentence: Sentence, spans: list[EntitySpan], kb: KnowledgeBase,
              agglutinative: bool, day: str | None, lexicons: list[Lexicon] | None = None,
              countries: tuple[str, ...] = ()) -> Location | None:
    """The place a sentence puts the contact in: a city or venue after "in/at/в" (any, in Turkic), or
    right after a visit word ("visited Baghdad"); one in a participant's country first ("travelled to Paris
    for talks with Macron and then flew on to Warsaw to meet Tusk": the meeting with Tusk is in Warsaw)."""
    dateline = _DATELINE.match(sentence.text)

    def fits(m: EntitySpan) -> bool:
        rel = m.start - sentence.start
        if dateline and rel < dateline.end():
            return False  # "MOSCOW (Reuters) -" says where the reporter is, not the talks
        before = sentence.text[:rel]
        return agglutinative or bool(_PREP.search(before)) or _after_visit(before, lexicons or [])

    fitting = [m for m in spans if m.kind == "place" and fits(m)]
    found = next((m for m in fitting if m.country in countries), fitting[0] if fitting else None)
    if found is None:
        return None
    place = kb.places[found.entity_id]
    if place.get("kind") == "venue" and place.get("city") in kb.places:
        city = kb.places[place["city"]]
        return Location(kb.place_name(place["city"], day), city["country"], f"venue '{found.surface}'")
    return Location(kb.place_name(found.entity_id, day), place["country"], f"place named in text '{found.surface}'")


def _after_visit(before: str, lexicons: list[Lexicon]) -> bool:
    """A visit word right before ("visited Baghdad", "посетил Самарканд"): the place is the destination."""
    for lex in lexicons:
        rx = lex.regex("triggers", "visit")
        if rx is not None and any(_VISIT_GAP.match(before[h.end():]) for h in rx.finditer(before[-40:])):
            return True
    return False


_CAPITAL_GAP_BEFORE = re.compile(r"^(?:['’]s)?\s+$")  # "the Kenyan capital", "Kenya's capital"


def _capital_named(sentence: Sentence, spans: list[EntitySpan], kb: KnowledgeBase, lexicons: list[Lexicon],
                   language: Language | None, day: str | None) -> Location | None:
    """A capital named by its country ("in the Kenyan capital", "в столице Узбекистана", "Қазақстан
    елордасында"): the country's capital from the knowledge base, where the words place the contact."""
    text, base = sentence.text, sentence.start
    agglutinative = language is not None and language.has("case_suffixes")
    countries = [(m.start - base, m.end - base, m.entity_id) for m in spans if m.kind in ("country", "adjective")]
    for lex in lexicons:
        for hit in lex.finditer(("capital_words",), text):
            for start, end, iso3 in countries:
                before = end <= hit.start() and _CAPITAL_GAP_BEFORE.match(text[end:hit.start()])
                after = not agglutinative and start >= hit.end() and not text[hit.end():start].strip()
                first = min(start, hit.start())
                where = (language.place_ending.match(text[hit.start():hit.end() + 12])
                         if agglutinative and language is not None else _PREP.search(text[:first]))
                capital = kb.countries.get(iso3, {}).get("capital")
                if (before or after) and where and capital in kb.places:
                    phrase = text[first:max(end, hit.end())]
                    return Location(kb.place_name(capital, day), iso3, f"capital of the country named '{phrase}'")
    return None


def _place_elsewhere(contact: Contact, sentences: dict[int, Sentence], spans: list[EntitySpan],
                     kb: KnowledgeBase, language: Language | None, day: str | None,
                     visited: str | None = None, lexicons: list[Lexicon] | None = None) -> Location | None:
    """A place the rest of the document puts a meeting in ("…after his arrival in Paris"): the first
    city or venue after "in/at/в" (a locative, in Kazakh/Kyrgyz) in another sentence, in the host's
    country for a visit, else in a participant's."""
    hosts = {p.country for p in contact.participants if p.how == "host"}
    countries: set[str] | None = {visited} if visited else hosts or {p.country for p in contact.participants}
    orgs = {m.sentence for m in spans if m.kind == "org"}
    if not (visited or hosts) and (_at_summit(contact, sentences, lexicons) or orgs & set(contact.sentences)):
        countries = None  # on a summit's sidelines ("на полях G20"): the summit's city, in whatever country
    future = [rx for lex in lexicons or [] if (rx := lex.regex("future")) is not None]
    agglutinative = language is not None and language.has("case_suffixes")
    places: dict[int, list[EntitySpan]] = {}  # most sentences name no place: only those are read below
    for m in spans:
        if m.kind == "place":
            places.setdefault(m.sentence, []).append(m)
    own = set(contact.sentences)
    for idx in sorted(i for i in places if i in sentences and i not in own):
        s = sentences[idx]
        here = places[idx]
        if agglutinative and language is not None:
            # a place "in" or "to" it: the name or the word after it ("Жидда қаласына") ends in one of the
            # language's place_suffixes; "Ақорданың баспасөз қызметі" (Akorda's press service) is no place
            here = [m for m in here if language.place_ending.match(s.text[m.start - s.start:m.end - s.start + 12])]
        loc = _place_of(s, here, kb, agglutinative, day, lexicons)
        if loc is None:
            continue
        if contact.status == "occurred" and any(rx.search(s.text) for rx in future):
            continue  # "the next talks will be held in Moscow" is not where these took place
        summit = not (visited or hosts) and _names_summit(s, lexicons)
        if countries is None or loc.country in countries or summit:
            # "… at the summit in Sharm el-Sheikh", then "he held similar meetings with …": the summit's city
            return Location(loc.city, loc.country, f"elsewhere in the document: {loc.derivation}")
    return None


def _names_summit(s: Sentence, lexicons: list[Lexicon] | None) -> bool:
    return any_phrase(lexicons or [], ("triggers", "summit"), s.text)


def _at_summit(contact: Contact, sentences: dict[int, Sentence], lexicons: list[Lexicon] | None) -> bool:
    """Whether the contact's own sentences name a summit ("on the sidelines of the SCO summit")."""
    return any(_names_summit(sentences[i], lexicons) for i in contact.sentences if i in sentences)


_VISIT_GAP = re.compile(r"^(?:\s+(?:to|in|the|в|во|на))*\s+$", re.IGNORECASE)


def _visited(contact: Contact, sentences: dict[int, Sentence], by_sentence: dict[int, list[EntitySpan]],
             lexicons: list[Lexicon]) -> str | None:
    """The country a visit goes to ("Macron visited Algeria", "визит в Таджикистан"): the place of the
    meeting is there, whatever city elsewhere the sentence names.  Only the contact's own (first)
    sentence: a later one may recall an invitation or an older plan."""
    parties = set(contact.countries)
    for idx in contact.sentences[:1]:
        s = sentences[idx]
        for m in by_sentence.get(idx, []):
            if m.kind != "country" or m.entity_id not in parties:
                continue  # "a tour of Kenya and Ghana": the visit to Ghana is not in Kenya
            if _after_visit(s.text[max(0, m.start - s.start - 30):m.start - s.start], lexicons):
                return m.entity_id
    return None


DATELINE_SENTENCES = 3  # "ТАШКЕНТ, 21 мая." "/РИА Новости/." then the lead: a dateline split off by the segmenter
DATELINE_CHARS = 60  # the longest sentence that is only a dateline or an agency's name


def _dateline_of(sentences: dict[int, Sentence], idx: int) -> Sentence:
    """The sentence whose dateline places the contact's: its own, or the short dateline sentences that open
    the document right before it."""
    first = idx
    while first - 1 in sentences and first <= DATELINE_SENTENCES and len(sentences[first - 1].text) <= DATELINE_CHARS:
        first -= 1
    return sentences[first] if first < idx and _DATELINE.match(sentences[first].text) else sentences[idx]


def _dateline_place(contact: Contact, sentence: Sentence, by_sentence: dict[int, list[EntitySpan]],
                    kb: KnowledgeBase, day: str | None, lexicons: list[Lexicon] | None = None) -> Location | None:
    """The dateline's city ("JAKARTA: … held talks … at a summit in Indonesia") when the sentence names
    no other place and the city lies in a participant's country or one the sentence names, or the contact
    is on a summit's sidelines ("KUALA LUMPUR - … met on the sidelines of the ASEAN summit"); a dateline
    elsewhere ("MOSCOW - … talks in Ankara") only says where the reporter is."""
    dateline = _DATELINE.match(sentence.text)
    if dateline is None:
        return None
    here = by_sentence.get(sentence.index, [])
    named = {p.country for p in contact.participants} | {m.entity_id for m in here if m.kind == "country"}
    if any_phrase(lexicons or [], ("frames", "sidelines"), sentence.text):
        named |= {kb.places[m.entity_id]["country"] for m in here if m.kind == "place"}
    for m in here:
        if m.kind == "place" and m.start - sentence.start < dateline.end():
            place = kb.places[m.entity_id]
            city_id = place["city"] if place.get("kind") == "venue" and place.get("city") in kb.places else m.entity_id
            if kb.places[city_id]["country"] in named:
                return Location(kb.place_name(city_id, day), kb.places[city_id]["country"], f"dateline '{m.surface}'")
    return None


def locate(contact: Contact, sentences: dict[int, Sentence], spans: list[EntitySpan],
           kb: KnowledgeBase, language: Language | None = None, lexicons: list[Lexicon] | None = None) -> Contact:
    """Where a meeting took place: a city or venue in its sentences, else the host of a visit; a kind without
    a place (a call) has none.  In a language with case endings (``language``'s trait ``case_suffixes``) a
    place needs no preposition before it."""
    if not kb.kinds[contact.kind].has_place:
        contact.location = Location()
        return contact
    by_sentence: dict[int, list[EntitySpan]] = {}
    for m in spans:
        by_sentence.setdefault(m.sentence, []).append(m)
    visited = _visited(contact, sentences, by_sentence, lexicons or [])
    day = contact.date.date or contact.date.end  # a range: the name the place had at its end ("Astana" now)
    agglutinative = language is not None and language.has("case_suffixes")
    for n, idx in enumerate(contact.sentences):
        loc = _place_of(sentences[idx], by_sentence.get(idx, []), kb, agglutinative, day, lexicons, contact.countries)
        if loc is None and n == 0:
            loc = _dateline_place(contact, sentences[idx], by_sentence, kb, day, lexicons)
        if loc is None:
            loc = _capital_named(sentences[idx], by_sentence.get(idx, []), kb, lexicons or [], language, day)
        if loc and visited in (None, loc.country):
            contact.location = loc
            return contact
    elsewhere = _place_elsewhere(contact, sentences, spans, kb, language, day, visited, lexicons)
    if elsewhere is None and contact.sentences:  # a dateline the segmenter split off: weaker than a place named
        elsewhere = _dateline_place(contact, _dateline_of(sentences, contact.sentences[0]), by_sentence, kb, day)
    if elsewhere is not None:
        contact.location = elsewhere
        return contact
    if visited is not None:
        contact.location = Location(None, visited, "country visited")
        return contact
    hosts = [p for p in contact.participants if p.how == "host"]
    if hosts:
        contact.location = Location(None, hosts[0].country, "host of the visit")
        return contact
    for idx in contact.sentences:  # "at the G7 summit in Italy": a country, no city
        s = sentences[idx]
        for m in by_sentence.get(idx, []):
            before = s.text[: m.start - s.start]
            if m.kind == "country" and _MET_IN.search(before):
                contact.location = Location(None, m.entity_id, f"country named in text '{m.surface}'")
                return contact
    return contact

