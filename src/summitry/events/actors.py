"""Actors: the expressions of a sentence that can fill a contact's participant slot.

An actor is a leader named or titled ("Russian President Vladimir Putin", "the presidents of
Kazakhstan and Uzbekistan", "his Mauritian counterpart"), someone who is not a leader ("the
deputy prime minister of Russia", "Putin's envoy", a former president), a pronoun, a plural
reference ("the two leaders"), a bare office title ("the head of state") or a country named on
its own.  Frames (``frames.py``) then decide which actors a trigger binds; an actor that is not a
leader still takes its slot, so a leader named elsewhere in the sentence never slips into it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from types import MappingProxyType

from summitry.events.cues import Cues
from summitry.events.proxies import alternation, heads_of, proxy
from summitry.knowledge import OWNER_GAP, KnowledgeBase, Lexicon, Lookup, Person, any_phrase, word_list
from summitry.model import EntityMention, How, Sentence

LEADER, OTHER, TITLE, COUNTRY = "leader", "other", "title", "country"
PRONOUN, OBJECT_PRONOUN, GROUP, SELF = "pronoun", "object pronoun", "group", "self"


@dataclass
class Ref:
    """A participant reference before dates and office holders are resolved."""

    country: str
    person_id: str | None
    role: str  # office role, "leader" when only "the X leader" is known, "counterpart" for "his X counterpart"
    surface: str
    how: How  # how it was found, as the code decisions read (``Participant.how``)
    derivation: str  # the same in words, for people
    start: int
    current: bool = True  # a named person who held office on the reference date


@dataclass
class Actor:
    """One referring expression of a sentence, with absolute offsets into the document."""

    start: int
    end: int
    kind: str
    refs: list[Ref] = field(default_factory=list)
    case: str = ""  # Kazakh/Kyrgyz case read from the ending: with, genitive, accusative, dative, ...
    role: str | None = None  # the office a bare title names
    format: bool = False  # the members of a region or format ("the Central Asian heads of state"): one party
    marked: bool | None = field(default=None, repr=False, compare=False)  # ``frames.marked``, once worked out


def _gap(text: str, a: int, b: int) -> str:
    return text[a:b] if a <= b else "\0"


_OF = re.compile(r"^\s*(?:of\s+(?:the\s+)?|from\s+(?:the\s+)?|из\s+|'s\s+|’s\s+|s'\s+)?$",
                 re.IGNORECASE)
# between a country and its title: "'s", and at most one lowercase modifier ("Казакстандын жогорку жетекчилиги")
_BEFORE = re.compile(r"[\s'’s]{0,4}(?:[a-zа-яёәғқңөұүһі-]{2,12}\s+)?")
_AND = re.compile(r"(?<!\w)(?:and|or|with|и|или|с|со|және|жана|мен|менен)(?!\w)", re.IGNORECASE)
_LIST_SEP = re.compile(r"^(?:\s*,\s*|\s*,?\s+(?:and|и|және|жана|мен|менен|бен|пен)\s+|\s+|-)(?:the\s+)?$",
                       re.IGNORECASE)


def _owner_after(role: EntityMention, names: list[EntityMention], text: str, at: int) -> list[EntityMention]:
    """"President of Kyrgyzstan", "президенты России, Ирана и Турции": countries after the title."""
    first = next((m for m in names if m.start >= role.end), None)
    if first is None or first.kind != "country" or not _OF.match(_gap(text, role.end - at, first.start - at)):
        return []
    out, last = [first], first
    for m in names:
        if m.start <= last.start:
            continue
        if m.kind != "country" or not _LIST_SEP.match(text[last.end - at:m.start - at]):
            break
        out.append(m)
        last = m
    return out


def _owner_before(role: EntityMention, names: list[EntityMention], text: str, at: int,
                  kinds: tuple[str, ...] = ("adjective", "country")) -> list[EntityMention]:
    """"Russian President", "Kazakhstan's President", "Somalia and South Sudan Presidents",
    "Түркмөнстан жана Тажикстандын президенттери": countries right before the title."""
    before = [m for m in names if m.end <= role.start and m.kind in kinds]
    if not before or not _BEFORE.fullmatch(_gap(text, before[-1].end - at, role.start - at)):
        return []
    out = [before[-1]]
    for m in reversed(before[:-1]):
        if m.kind not in ("adjective", "country") or not _LIST_SEP.match(text[m.end - at:out[-1].start - at]):
            break
        out.append(m)
    return out[::-1]


# a possessive after a name: "China's Xi Jinping" (the country qualifies the name after it), "the
# chancellor's advisers" (the name owns what follows)
POSSESSIVE = re.compile(r"\s*['’]s\b")
OWNED_WORDS = 3  # words from "'s" to the non-leader it owns: "Putin's two closest advisers"
_TITLE_BREAK = re.compile(r"[.;:!?()\"«»“”]|\d")  # between a title and a name: not "President … said. Putin"


def _title_of(person: EntityMention, roles: list[EntityMention], names: list[EntityMention],
              text: str, at: int) -> tuple[EntityMention | None, list[EntityMention]]:
    """The office title right before a name ("President of Russia Vladimir Putin",
    "the Prime Minister of the Republic of Albania, Edi Rama") and the countries it names."""
    role = next((r for r in reversed(roles) if r.end <= person.start), None)
    if role is None or person.start - role.end > 60:
        return None, []
    between = [m for m in names if role.end <= m.start and m.end <= person.start]
    if any(m.kind not in ("country", "adjective") for m in between):
        return None, []
    rest = text[role.end - at:person.start - at]
    for m in between:
        rest = rest.replace(text[m.start - at:m.end - at], " ")
    if _TITLE_BREAK.search(rest) or len(rest.split()) > 4 or _AND.search(rest):
        return None, []
    owners = _owner_before(role, names, text, at) + [m for m in between if m.kind == "country"]
    return role, owners


def person_ref(m: EntityMention, kb: KnowledgeBase, day: str | None) -> Ref | None:
    """A named person as a participant reference, or None for someone who never held a senior office.

    A leader out of office on the publication date stays a reference (``current`` False): a 2018
    meeting reported in 2023 is hers. Whether she held the office on the contact's own date is
    checked once the contact is dated (``resolve.held_office_then``).
    """
    return _person_ref(m, kb.person(m.entity_id), day)


def _person_ref(m: EntityMention, person: Person | None, day: str | None) -> Ref | None:
    """``person_ref`` of a person already looked up."""
    office = person.office_on(day) if person is not None else None
    if office is None:
        return None
    current = not day or office.covers(day) or office.elect(day)
    return Ref(office.country or m.country or "", m.entity_id, office.role, m.surface, "name", "name", m.start, current)


@dataclass(frozen=True)
class _Tables:
    """What the actor passes read from a document's lexicons, derived once per list of lexicons
    (kept on the first) rather than per sentence or mention."""

    owner_kinds: tuple[str, ...]  # what may stand before a title as its country (``title_owner_before``)
    endings: tuple[tuple[str, str], ...]  # (ending, case), longest first, then in the lexicons' order
    any_ending: tuple[str, ...]  # every ending, for one ``str.endswith`` test
    stems: Mapping[str, tuple[str, ...]]  # an office title's stems, in the lexicons' order
    proxy_heads: re.Pattern[str]  # the first words of every lexicon's proxy phrases

    @staticmethod
    def of(lexicons: list[Lexicon]) -> _Tables:
        def build(_: Lexicon) -> _Tables:
            kinds = lexicons[0].raw.get("title_owner_before")
            found = [(str(e), str(case)) for lex in lexicons for case, ends in (lex.raw.get("cases") or {}).items()
                     for e in ends or [] if str(e)]
            endings = tuple(sorted(found, key=lambda x: -len(x[0])))  # stable: the first of a length wins
            stems: dict[str, tuple[str, ...]] = {}
            for lex in lexicons:
                for role, entries in (lex.raw.get("roles") or {}).items():
                    stems[role] = stems.get(role, ()) + tuple(str(e).rstrip("*").lower() for e in entries or [])
            return _Tables(tuple(str(k) for k in kinds or ("adjective", "country")), endings,
                           tuple(e for e, _ in endings), MappingProxyType(stems),
                           alternation(set().union(*(heads_of(lex) for lex in lexicons))))

        key = "actors:tables" if len(lexicons) == 1 else "actors:tables" + "".join("+" + x.lang for x in lexicons[1:])
        tables: _Tables = lexicons[0].memo(key, build)
        return tables


_NO_TABLES = _Tables(("adjective", "country"), (), (), MappingProxyType({}), re.compile("(?!)"))  # no lexicons


def _title_country(surface: str, lexicons: list[Lexicon]) -> str | None:
    """The country an office title names by itself (``title_countries``: "the Pope" is the Holy See's)."""
    for lex in lexicons:
        for code in lex.raw.get("title_countries") or {}:
            rx = lex.regex("title_countries", code)
            if rx is not None and rx.fullmatch(surface) is not None:
                return str(code)
    return None


def case_of(suffix: str, lexicons: list[Lexicon], tables: _Tables | None = None) -> str:
    """The Kazakh/Kyrgyz case an ending marks (Путин|мен → with, Тоқаев|тың → genitive), or "":
    the longest ending the lexicons list (the first listed of that length)."""
    if not suffix or not lexicons:
        return ""
    tables = tables or _Tables.of(lexicons)
    low = suffix.lower()
    if not low.endswith(tables.any_ending):
        return ""
    return next(case for e, case in tables.endings if low.endswith(e))


def _role_suffix(role: EntityMention, tables: _Tables) -> str:
    """What follows the lexicon stem of an office title ("президент|терімен")."""
    low = role.surface.lower()
    stem = max((s for s in tables.stems.get(role.role or "", ()) if low.startswith(s)), key=len, default=low)
    return low[len(stem):]


def _words(s: Sentence, look: Lookup, key: str) -> Iterable[tuple[int, int]]:
    """Absolute spans of one phrase list's matches in a sentence (the document's index skips most)."""
    return [(s.start + a, s.start + b) for a, b in look.spans((key,), s.text, s.start)]


_START = attrgetter("start")
OF_OTHER_CHARS = 12  # between a non-leader and the title he belongs to: " of the "


class _Builder:
    """Actors of one sentence, built from its mentions in a few passes (each mention used once)."""

    def __init__(self, s: Sentence, mentions: list[EntityMention], kb: KnowledgeBase, look: Lookup,
                 day: str | None, cues: Cues | None = None) -> None:
        self.s, self.kb, self.look, self.day = s, kb, look, day
        self.cues = cues if cues is not None else Cues(s.text, look.lexicons)
        self.lexicons = look.lexicons
        self.tables = _Tables.of(self.lexicons) if self.lexicons else _NO_TABLES
        names: list[EntityMention] = []
        roles: list[EntityMention] = []
        for m in mentions:
            (roles if m.kind == "role" else names).append(m)
        names.sort(key=_START)
        roles.sort(key=_START)
        self.names, self.roles = names, roles
        self.used: set[int] = set()
        self.actors: list[Actor] = []
        self._groups: list[tuple[int, int]] | None = None
        self._next: tuple[list[EntityMention], list[int]] | None = None  # every mention by start, for ``_possessive``
        # Russian puts a country before a title only as an adjective ("российский президент"; not "в Киргизию глава")
        self.owner_kinds = self.tables.owner_kinds

    def take(self, ms: Iterable[EntityMention]) -> None:
        self.used.update(map(id, ms))

    def free(self, m: EntityMention) -> bool:
        return id(m) not in self.used

    def overlaps(self, a: int, b: int) -> bool:
        return any(x.start < b and a < x.end for x in self.actors)

    def _owner_of_other(self, end: int, blocked: list[tuple[int, int]]) -> bool:
        """"the German chancellor's economic advisers", "Putin's younger son": a leader named as the owner
        of someone who is no leader (a ``non_leaders`` word a few words after "'s") is no party himself."""
        text, at = self.s.text, self.s.start
        m = POSSESSIVE.match(text, end - at)
        if m is None:
            return False
        k = bisect_left(blocked, (at + m.end(), 0))
        return k < len(blocked) and len(text[m.end():blocked[k][0] - at].split()) < OWNED_WORDS

    def _verb_between(self, gap: str) -> bool:
        """A contact verb between an office title and a name ("the president met Abiy"): the title is the
        verb's subject, not the name's.  Not in a verb-final language, where a contact noun may stand
        there ("Қазақстан президентінің … сапары барысында Путин")."""
        lexicons = self.lexicons
        if not gap.strip() or not lexicons or self.kb.languages.get(lexicons[0].lang).has("verb_final"):
            return False
        return any(any_phrase([lex], ("triggers", kind), gap)
                   for lex in lexicons for kind in (lex.raw.get("triggers") or {}) if kind != "not")

    def _own_country(self, m: EntityMention, home: str) -> list[EntityMention]:
        """The person's own country right before his name, as a possessive or an adjective ("Japan's
        Ishiba", "the Japanese Ishiba"): part of how he is named, not a party of its own."""
        text, at = self.s.text, self.s.start
        c = next((c for c in reversed(self.names) if c.end <= m.start), None)
        if c is not None and c.kind in ("country", "adjective") and c.entity_id == home and self.free(c) \
                and OWNER_GAP.fullmatch(text, c.end - at, m.start - at):
            return [c]
        return []

    def people(self, leaders_only: bool, blocked: list[tuple[int, int]]) -> None:
        text, at, lexicons, tables = self.s.text, self.s.start, self.lexicons, self.tables
        used, actors = self.used, self.actors
        for m in self.names:
            if m.kind != "person":
                continue
            role, owners = _title_of(m, self.roles, self.names, text, at)
            person = self.kb.person(m.entity_id)
            home = (person.country if person is not None else None) or m.country
            if owners and home and home not in {o.entity_id for o in owners}:
                role, owners = None, []  # "кыргыз-тажик президенттери Жапаров …", a look-alike name: title apart
            if role is not None and (home and _title_country(role.surface, lexicons) not in (None, home)
                                     or self._verb_between(text[role.end - at:m.start - at])):
                role, owners = None, []  # "the Pope received Zelensky", "the president met Abiy": not his title
            if role is None and home:
                owners = self._own_country(m, home)  # "South Korea's Lee": his country qualifies him
            start = m.start
            used.add(id(m))
            for o in owners:
                start = min(start, o.start)
                used.add(id(o))
            if role is not None:
                start = min(start, role.start)
                used.add(id(role))
            ref = _person_ref(m, person, self.day)  # no office, no leader: then whether a proxy does not matter
            office = [a for a, b in blocked if role is not None and a <= role.start and role.end <= b]
            start = min([start, *office])  # "European Council President Costa": an office of no country
            if ref is not None and (proxy(text, m.start - at, m.end - at, lexicons, tables.proxy_heads)
                                    or self._owner_of_other(m.end, blocked) or office):
                ref = None
            if ref is None:
                if not leaders_only:  # someone acting for a leader: no leader to refer back to
                    actors.append(Actor(start, m.end, OTHER, case=case_of(m.suffix, lexicons, tables)))
                continue
            if role is not None and role.role == "counterpart":
                ref.derivation = "name (counterpart)"
            ref.surface = text[start - at:m.end - at]
            actors.append(Actor(start, m.end, LEADER, [ref], case_of(m.suffix, lexicons, tables)))

    def titles(self, blocked: list[tuple[int, int]], leaders_only: bool) -> None:
        text, at, lexicons, tables = self.s.text, self.s.start, self.lexicons, self.tables
        used = self.used
        for r in self.roles:
            if id(r) in used:
                continue
            if blocked and (any(a <= r.start and r.end <= b for a, b in blocked) or
                            (r.role == "leader" and any(a < r.end and r.start < b for a, b in blocked))):
                continue  # "vice-president", "speaker of parliament": a title inside a non-leader's
            inside = [m for m in self.names
                      if r.start <= m.start and m.end <= r.end and m.kind in ("adjective", "country")]
            before = _owner_before(r, self.names, text, at, self.owner_kinds)
            after = [o for o in _owner_after(r, self.names, text, at)  # "Мемлекет басшысы Өзбекстанға …
                     if case_of(o.suffix, lexicons, tables) in ("", "genitive")]  # барды": a direction, not his country
            owners = [o for o in before + inside + after if id(o) not in used]
            used.add(id(r))
            used.update(map(id, owners))
            own = None if owners else _title_country(r.surface, lexicons)
            if own is not None:  # "the Pope": a title that names its own country
                ref = Ref(own, None, r.role or "leader", r.surface, "title", "office title naming its country", r.start)
                self.actors.append(Actor(r.start, r.end, LEADER, [ref], case_of(_role_suffix(r, tables), lexicons,
                                                                                tables), r.role))
                continue
            if not owners:
                region = self._region_before(r)
                if region is not None:
                    self.actors.append(region)
                elif not leaders_only and not any(a < r.end and r.start < b for a, b in self.group_spans()):
                    # with a group there ("переговоры лидеров"), a plural title with no country is the pair named before
                    case = case_of(_role_suffix(r, tables), lexicons, tables)
                    self.actors.append(Actor(r.start, r.end, TITLE, case=case, role=r.role))
                continue
            start, end = r.start, r.end
            for o in owners:
                start, end = min(start, o.start), max(end, o.end)
            if self._owner_of_other(end, blocked) or (len(owners) == 1 and self._plural(r.surface)) \
                    or self._of_other(start, blocked):  # "the wives of the prime ministers of A and B"
                if not leaders_only:  # "British prime ministers": one country's office holders over time
                    self.actors.append(Actor(start, end, OTHER))
                continue
            role = r.role or "leader"
            surface = text[start - at:end - at]
            refs = [Ref(o.entity_id, None, role, surface, "title", "office title + country", r.start) for o in owners]
            region_refs = self._region_joined(min(o.start for o in owners), role, r.start)
            first = min([start] + [x.start for x in region_refs])
            case = case_of(_role_suffix(r, tables), lexicons, tables)
            self.actors.append(Actor(first, end, LEADER, refs + region_refs, case, role, format=bool(region_refs)))

    def _of_other(self, start: int, blocked: list[tuple[int, int]]) -> bool:
        """A non-leader right before the title, joined by "of" at most: the title is his principal's."""
        if not blocked:
            return False  # most sentences name nobody who is no leader: no word list to gather
        text, at = self.s.text, self.s.start
        joiners = {str(w).lower() for lex in self.lexicons for key in ("adjacent_only", "determiners")
                   for w in (lex.raw.get("frames") or {}).get(key) or []}
        return any(b <= start and start - b <= OF_OTHER_CHARS
                   and set(text[b - at:start - at].lower().split()) <= joiners for _, b in blocked)

    def _plural(self, surface: str) -> bool:
        """A plural office title (``plural_titles``): of one country, it is its holders in general."""
        return surface.lower() in word_list(self.lexicons, "plural_titles")

    def group_spans(self) -> list[tuple[int, int]]:
        """"The two leaders" and the like, read only when a title without a country needs them."""
        if self._groups is None:
            self._groups = list(_words(self.s, self.look, "group_refs"))
        return self._groups

    def _region_joined(self, first_owner: int, role: str, at: int) -> list[Ref]:
        """"Орталық Азия мен Әзербайжан мемлекеттері басшылары", "the leaders of Central Asia and
        Japan": a region listed with the countries a title names stands for its members."""
        org = next((m for m in reversed(self.names) if m.end <= first_owner and m.kind == "org"), None)
        info = (self.kb.orgs.get(org.entity_id) or {}) if org is not None else {}
        if org is None or not info.get("region") or \
                not _LIST_SEP.match(self.s.text[org.end - self.s.start:first_owner - self.s.start]):
            return []
        self.take([org])
        return [Ref(c, None, role, org.surface, "member", f"member of {info.get('name')}", org.start)
                for c in info.get("members") or []]

    def _region_before(self, r: EntityMention) -> Actor | None:
        """"The Central Asian heads of state", "Орталық Азия елдерінің мемлекет басшылары", and after the title
        ("Главы государств Центральной Азии", "the leaders of the five Nordic countries"): a region's members."""
        org = next((m for m in reversed(self.names) if m.end <= r.start and m.kind == "org"), None)
        after = next((m for m in self.names if m.start >= r.end and m.kind == "org"), None)
        if after is not None and len(self.s.text[r.end - self.s.start:after.start - self.s.start].split()) <= 3 \
                and (self.kb.orgs.get(after.entity_id) or {}).get("region"):
            org = after  # "of the five Nordic countries": the region's members, its own words aside
        elif org is None:
            return None
        info = self.kb.orgs.get(org.entity_id) or {}
        between = self.s.text[org.end - self.s.start:r.start - self.s.start] if org is not after else ""
        if not info.get("region") or len(between.split()) > 1:
            return None
        self.take([org, r])
        lo, hi = min(org.start, r.start), max(org.end, r.end)
        surface = self.s.text[lo - self.s.start:hi - self.s.start]
        refs = [Ref(c, None, r.role or "leader", surface, "member", f"member of {info.get('name')}", org.start)
                for c in info.get("members") or []]
        case = case_of(_role_suffix(r, self.tables), self.lexicons, self.tables)
        return Actor(lo, hi, LEADER, refs, case, r.role, format=True)

    def others(self, blocked: list[tuple[int, int]]) -> None:
        """Non-leaders take their slot, together with the country or name they are tied to."""
        text, at = self.s.text, self.s.start
        for a, b in blocked:
            if self.overlaps(a, b):
                continue
            before = [m for m in self.names if m.end <= a and self.free(m) and m.kind in ("adjective", "country")]
            if before and _BEFORE.fullmatch(_gap(text, before[-1].end - at, a - at)):
                a = before[-1].start
                self.take(before[-1:])
            for m in self.names:
                if m.start >= b and self.free(m) and m.kind in ("country", "adjective") and \
                        _OF.match(_gap(text, b - at, m.start - at)):
                    b = m.end
                    self.take([m])
                break
            self.actors.append(Actor(a, b, OTHER))

    def words(self) -> None:
        at, text = self.s.start, self.s.text
        for key, kind in (("group_refs", GROUP), ("pronouns", PRONOUN), ("object_pronouns", OBJECT_PRONOUN),
                          ("first_person", SELF)):
            spans = self.group_spans() if kind == GROUP else \
                [(at + a, at + b) for a, b in self.cues.spans(self.lexicons, (key,), text, 0, True)]
            for a, b in spans:
                if not self.overlaps(a, b) and not self._possessive(b):
                    self.actors.append(Actor(a, b, kind))

    def _possessive(self, end: int) -> bool:
        """"her counterpart", "her Chinese counterpart", "его коллега": a possessive before a title (or
        the adjective of one) is no pronoun of its own."""
        if self._next is None:
            every = sorted(self.roles + self.names, key=_START)  # roles first among equal starts
            self._next = every, [m.start for m in every]
        every, starts = self._next
        k = bisect_left(starts, end)
        nxt = every[k] if k < len(every) else None
        return nxt is not None and nxt.start - end <= 2 and (nxt.kind == "role" or nxt.kind == "adjective")

    def countries(self) -> None:
        for m in self.names:
            if self.free(m) and m.kind in ("country", "adjective") and not self.overlaps(m.start, m.end):
                ref = Ref(m.entity_id, None, "leader", m.surface, "country", "country named", m.start)
                self.actors.append(Actor(m.start, m.end, COUNTRY, [ref], case_of(m.suffix, self.lexicons, self.tables)))

    def build(self, leaders_only: bool = False) -> list[Actor]:
        blocked = sorted(_words(self.s, self.look, "non_leaders"))
        self.people(leaders_only, blocked)
        if leaders_only and not (self.roles and any(m.kind in _OWNERS for m in self.names)):
            return sorted(self.actors, key=_START)  # a title with no country, region or name is no leader
        self.titles(blocked, leaders_only)
        if not leaders_only:
            self.others(blocked)
            self.words()
            self.countries()
        return sorted(self.actors, key=_START)


_OWNERS = frozenset({"country", "adjective", "org"})  # what makes a title a leader's (its country, a region)


def build_actors(s: Sentence, mentions: list[EntityMention], kb: KnowledgeBase, look: Lookup,
                 day: str | None, leaders_only: bool = False, cues: Cues | None = None) -> list[Actor]:
    """Every actor of a sentence, in text order; ``leaders_only``: only its leaders, for a sentence read
    only for what later sentences refer back to (the other passes are skipped); ``cues``: the
    sentence's cue table, when its triggers read it too."""
    return _Builder(s, mentions, kb, look, day, cues).build(leaders_only)
