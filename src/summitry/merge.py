"""Merge stage: mentions from many documents and languages → one event per real-world contact.

Mentions are blocked by kind and country set (multilateral meetings by kind alone), so the cost
grows with the size of a block, never with the square of the corpus.  Inside a block, mentions
with an exact day anchor events; a mention without a day joins an event only when its own clues
(a weekday, a day of a month, a range of at most a month) fit exactly one of them, or fit several
of which one is the main news of more reports than any other (an announced visit "in November" is
the day most outlets report as the talks, not the informal dinner the evening before).  Two undated
reports never merge: "a call in 2021" and "a call in May" may well be different calls.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from summitry.confidence import Evidence, confidence
from summitry.knowledge import Kinds, shipped_kinds
from summitry.model import Contact, DateInfo, Event, Location, Participant, strength

MAX_RANGE_DAYS = 31


def block_key(contact: Contact) -> str:
    """The block a mention is merged within: kind + sorted countries, or kind + "multi"."""
    countries = contact.countries
    if len(countries) > 2:
        return f"{contact.kind}/multi"
    return f"{contact.kind}/{'-'.join(countries)}"


def mention_key(c: Contact, countries: tuple[str, ...] | None = None) -> str:
    """``countries``: ``c.countries`` when the caller has it already (it is computed on each access)."""
    return f"{c.doc_id}:{c.start}:{c.kind}:{'-'.join(c.countries if countries is None else countries)}"


@dataclass(frozen=True, slots=True)
class Sketch:
    """What clustering reads of a mention: small, so a block of a million mentions fits in memory."""

    index: int  # position in the caller's list (mention keys may repeat outside a store)
    key: str
    day: dt.date | None
    weak: bool  # only a publication-date default: may sit a day off
    countries: frozenset[str]
    evidence: bytes  # digest of the normalised evidence sentence, kind and countries
    long: bool  # evidence long enough to recognise a syndicated copy
    info: DateInfo
    main: bool = False  # the report's main news: clusters that several fit are told apart by how many


def sketch(c: Contact, index: int = 0) -> Sketch:
    day = dt.date.fromisoformat(c.date.date) if c.date.date else None
    countries = c.countries
    evidence = hashlib.sha1(_evidence_key(c, countries).encode()).digest()
    return Sketch(index, mention_key(c, countries), day, strength(c.date) <= 1, frozenset(countries), evidence,
                  len(c.evidence) >= 40, c.date, c.salience == "main")


def _fits(info: DateInfo, day: dt.date) -> bool:
    if info.start and day < dt.date.fromisoformat(info.start):
        return False
    if info.end and day > dt.date.fromisoformat(info.end):
        return False
    if info.weekday is not None and day.weekday() != info.weekday:
        return False
    if info.month_day and info.month_day_end:  # a yearless range: "11–12 November"
        return tuple(info.month_day) <= (day.month, day.day) <= tuple(info.month_day_end)
    if info.month_day and (day.month, day.day) != tuple(info.month_day):
        return False
    return True


def _specific(info: DateInfo) -> bool:
    """Clues that pick one day among the block's: a weekday, a day of a month, a range of at most a month."""
    if info.weekday is not None or info.month_day:
        return True
    if info.start and info.end:
        span = dt.date.fromisoformat(info.end) - dt.date.fromisoformat(info.start)
        return span.days <= MAX_RANGE_DAYS
    return False


def _overlap(sa: frozenset[str], sb: frozenset[str]) -> bool:
    if len(sa) <= 2 or len(sb) <= 2:
        return sa == sb
    return len(sa & sb) / len(sa | sb) >= 0.5


ONE_DAY = dt.timedelta(days=1)


def cluster_sketches(sketches: Iterable[Sketch]) -> list[list[Sketch]]:
    """Group the mentions of one block into events (deterministic, order-independent).

    Clusters are indexed by their lead day, so a mention is compared only with clusters a day
    away and the cost grows as n log n with the block, never with its square.
    """
    ordered = sorted(sketches, key=lambda m: (m.key, m.index))
    clusters: list[list[Sketch]] = []
    by_day: dict[dt.date, list[list[Sketch]]] = {}
    for m in sorted((m for m in ordered if m.day), key=lambda m: (m.day, m.key, m.index)):
        assert m.day is not None
        home = None
        for cl in by_day.get(m.day, []) + by_day.get(m.day - ONE_DAY, []):  # its own day first, in creation order
            lead = cl[0]
            # a report dated only by its publication may be a day late for an event the text dates; two such
            # reports a day apart are two days' news
            if _overlap(lead.countries, m.countries) and (lead.day == m.day or (m.weak and not lead.weak)):
                home = cl
                break
        if home is None:
            clusters.append([m])
            by_day.setdefault(m.day, []).append(clusters[-1])
        else:
            home.append(m)
    # how many day-anchored reports lead with each event, counted once (undated joiners never count)
    leads = {id(cl): sum(m.main for m in cl) for cl in clusters}
    by_evidence: dict[bytes, list[Sketch]] = {}
    for cl in clusters:
        for m in cl:
            by_evidence.setdefault(m.evidence, cl)
    for m in (m for m in ordered if not m.day):
        copy = by_evidence.get(m.evidence) if m.long else None
        if copy is not None and (not copy[0].day or _fits(m.info, copy[0].day)):
            copy.append(m)  # the same sentence syndicated by another outlet: the same report
            continue
        home = _best_attested(_fitting(m, by_day, clusters), leads) if _specific(m.info) else None
        if home is not None:
            home.append(m)
        else:
            clusters.append([m])
            by_evidence[m.evidence] = clusters[-1]
    return clusters


def cluster(mentions: list[Contact]) -> list[list[Contact]]:
    """Group the mentions of one block into events (see ``cluster_sketches``)."""
    return [[mentions[m.index] for m in cl] for cl in cluster_sketches(sketch(c, i) for i, c in enumerate(mentions))]


def _window(info: DateInfo) -> tuple[dt.date, dt.date] | None:
    """The days an undated mention may fall on, when bounded: its range, or the month after the text's
    lower bound for a weekday alone (it recurs every week of an open range, so "on Monday" after a date
    the text cites names a day soon after it, never one years after a term began)."""
    if info.start and info.end:
        return dt.date.fromisoformat(info.start), dt.date.fromisoformat(info.end)
    if info.start and info.weekday is not None and not info.month_day:
        lo = dt.date.fromisoformat(info.start)
        return lo, lo + dt.timedelta(days=MAX_RANGE_DAYS)
    return None


def _best_attested(fits: list[list[Sketch]], leads: dict[int, int]) -> list[Sketch] | None:
    """The one fitting cluster, or of several the one that more dated reports carry as their main news
    than any other (``leads``, counted before any undated mention joined, so the choice never depends on
    the order they arrive in); None on a tie."""
    if len(fits) <= 1:
        return fits[0] if fits else None
    counts = sorted(((leads[id(cl)], i) for i, cl in enumerate(fits)), reverse=True)
    return fits[counts[0][1]] if counts[0][0] > counts[1][0] else None


def _fitting(m: Sketch, by_day: dict[dt.date, list[list[Sketch]]],
             clusters: list[list[Sketch]]) -> list[list[Sketch]]:
    """Day-anchored clusters whose day fits an undated mention's clues."""
    info, window = m.info, _window(m.info)
    if window is not None:
        lo, hi = window
        days = (lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1))
        candidates = (cl for day in days for cl in by_day.get(day, []))
    else:
        candidates = (cl for cl in clusters if cl[0].day)
    out = []
    for cl in candidates:
        if _overlap(cl[0].countries, m.countries) and _fits(info, cl[0].day):  # type: ignore[arg-type]
            out.append(cl)
    return out


def _evidence_key(m: Contact, countries: tuple[str, ...]) -> str:
    return " ".join(m.evidence.lower().split()) + "|" + m.kind + "|" + "-".join(countries)


def _weight(m: Contact) -> int:
    """Main reports of what occurred outweigh passing mentions and announcements."""
    return (2 if m.salience == "main" else 1) * (2 if m.status == "occurred" else 1)


class EventFold:
    """One event folded from its mentions one at a time, in mention-key order.

    The store feeds a large cluster in chunks, so building an event never holds all its mentions;
    ``build_event`` feeds a list.  Every rule is a running count or a first-seen value, so the
    result is the same either way.
    """

    def __init__(self, kinds: Kinds | None = None) -> None:
        self.kinds = kinds or shipped_kinds()  # the CAMEO code is the kind's (``Kind.cameo_at``)
        self.n = 0
        self.kind = ""
        self.first_key: str | None = None
        self.best: tuple[tuple[bool, float, bool, int], Contact] | None = None
        self.days: list[str] = []
        self.named: dict[str, Counter[str]] = {}  # country → person ids named, in first-seen order
        self.first_named: dict[tuple[str, str], Participant] = {}
        self.first_any: dict[str, Participant] = {}
        self.cities: Counter[tuple[str | None, str | None]] = Counter()
        self.city_at: dict[tuple[str | None, str | None], Location] = {}
        self.lands: Counter[str] = Counter()
        self.land_at: dict[str, Location] = {}
        self.topics_main: set[str] = set()
        self.topics_all: set[str] = set()
        self.any_main = self.occurred = False
        self.evidence = Evidence(kinds=self.kinds)  # how the event was found, for its calibrated confidence

    def add(self, m: Contact) -> None:
        if self.n == 0:
            self.kind, self.first_key = m.kind, mention_key(m)
        rank = (m.date.date is not None, strength(m.date), m.salience == "main", -self.n)
        if self.best is None or rank > self.best[0]:
            self.best = (rank, m)
        if m.date.date:
            self.days.append(m.date.date)
        for p in m.participants:
            self.first_any.setdefault(p.country, p)
            if p.person_id:
                self.named.setdefault(p.country, Counter())[p.person_id] += 1
                self.first_named.setdefault((p.country, p.person_id), p)
        loc = m.location
        if loc.city:
            self.cities[(loc.city, loc.country)] += _weight(m)
            self.city_at.setdefault((loc.city, loc.country), loc)
        if loc.country:
            self.lands[loc.country] += 1
            self.land_at.setdefault(loc.country, loc)
        self.topics_all.update(m.topics)
        if m.salience == "main":
            self.any_main = True
            self.topics_main.update(m.topics)
        self.occurred = self.occurred or m.status == "occurred"
        self.evidence.add(m)
        self.n += 1

    def participants(self) -> list[Participant]:
        out = []
        for country in sorted(self.first_any):
            named = self.named.get(country)
            out.append(self.first_named[(country, named.most_common(1)[0][0])] if named else self.first_any[country])
        return out

    def location(self) -> Location:
        if self.cities:
            return self.city_at[self.cities.most_common(1)[0][0]]
        if self.lands:
            return self.land_at[self.lands.most_common(1)[0][0]]
        return Location()

    def event(self, mentions: list[Contact]) -> Event:
        """The event; ``mentions`` is what it carries (the store passes none: it links them by key)."""
        assert self.best is not None, "an event needs at least one mention"
        participants = self.participants()
        countries = tuple(sorted({p.country for p in participants}))
        location = self.location()
        anchor = min(self.days) if self.days else self.first_key
        return Event(
            id="ev-" + hashlib.sha1(f"{self.kind}|{'-'.join(countries)}|{anchor}".encode()).hexdigest()[:12],
            kind=self.kind, status="occurred" if self.occurred else "planned", participants=participants,
            date=self.best[1].date, location=location,
            topics=sorted(self.topics_main if self.any_main else self.topics_all),
            confidence=confidence(self.evidence), cameo=self.kinds[self.kind].cameo_at(location.country, countries),
            mentions=mentions,
        )


def build_event(members: list[Contact], kinds: Kinds | None = None) -> Event:
    """One event from the mentions that report it."""
    members = sorted(members, key=mention_key)
    fold = EventFold(kinds)
    for m in members:
        fold.add(m)
    return fold.event(members)


def merge(mentions: Iterable[Contact], kinds: Kinds | None = None) -> list[Event]:
    """Events from any set of mentions: blocked, clustered, aggregated, sorted by date; ``kinds``: the
    knowledge base's contact kinds (by default, as shipped and as ``SUMMITRY_KB_EXTRA`` extends them)."""
    blocks: dict[str, list[Contact]] = {}
    for m in mentions:
        blocks.setdefault(block_key(m), []).append(m)
    events = [build_event(cl, kinds) for key in sorted(blocks) for cl in cluster(blocks[key])]
    return sorted(events, key=lambda e: (e.date.date or e.date.start or "9999", e.id))
