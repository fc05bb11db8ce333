"""Consolidate stage: one contact per real event within a document, and which one is the news.

A document reports one contact in several sentences (headline, lead, agenda paragraphs); the
sentence-level contacts of the events stage are folded here into one contact per event, and its
salience (main or mentioned) is decided, now that dates are known.
"""

from __future__ import annotations

import datetime as dt

from summitry.knowledge import Kinds, Lexicon, any_phrase, shipped_kinds
from summitry.model import Contact, DateInfo, Document, strength

FAR_DAYS = 21  # days from publication beyond which a dated contact is background, not the news


def _compatible(a: DateInfo, b: DateInfo, same_status: bool = True) -> bool:
    if strength(a) <= 1 or strength(b) <= 1:
        return same_status  # a publication-date default yields to the text's own date
    if a.date and b.date:
        return a.date == b.date
    lo_a, hi_a = a.date or a.start, a.date or a.end
    lo_b, hi_b = b.date or b.start, b.date or b.end
    if (lo_a and hi_b and lo_a > hi_b) or (lo_b and hi_a and lo_b > hi_a):
        return False
    return True


def _talks_of_a_call(groups: list[Contact], kinds: Kinds) -> list[Contact]:
    """"Putin and Japarov discussed …" beside "Putin held a phone call with Japarov": talks the
    document does not place anywhere are the call of the same pair, same tense and compatible date
    (a contact of a kind with a place is one of a preceding kind without); a sentence that looks back ("the
    presidents last met in October") is another event."""
    out = [g for g in groups if not kinds[g.kind].has_place]
    for g in groups:
        if not kinds[g.kind].has_place:
            continue
        rank = kinds[g.kind].precedence
        call = None if _visit(g) else next(
            (c for c in out if not kinds[c.kind].has_place and kinds[c.kind].precedence < rank
             and set(c.countries) == set(g.countries) and c.status == g.status and c.salience == g.salience
             and _compatible(c.date, g.date)), None)
        if call is None:
            out.append(g)
        else:
            _absorb(call, g)
    return sorted(out, key=lambda c: c.sentences[0])


def _default_meets_distant(news: Contact, later: Contact, doc: Document) -> bool:
    """The news, dated only by the publication day, and a later sentence's contact the text dates weeks
    away from it: two events (today's talks … "the two had last met in Bukhara on 2 April"), not one
    restated ("the talks were held on Monday" dates the news within days of it).  The other way round,
    an undated sentence after a dated one ("the two leaders also discussed trade") goes back to it."""
    if not doc.published or strength(news.date) > 1 or strength(later.date) <= 1:
        return False
    day = later.date.date or later.date.end
    pub = dt.date.fromisoformat(doc.published)
    return day is not None and abs((dt.date.fromisoformat(day) - pub).days) > FAR_DAYS


def _visit(c: Contact) -> bool:
    """A meeting with a host or a place is held in person, whatever calls the document reports."""
    return c.location.city is not None or any(p.how == "host" for p in c.participants)


def _same_day(a: DateInfo, b: DateInfo) -> bool:
    """Both dated from the text and overlapping: a repeat of one event, not an earlier one."""
    return strength(a) > 1 and strength(b) > 1 and _compatible(a, b)


def _absorb(into: Contact, other: Contact) -> None:
    into.sentences += [i for i in other.sentences if i not in into.sentences]
    known = {p.country: p for p in into.participants}
    for p in other.participants:
        if p.country not in known:
            into.participants.append(p)
        elif known[p.country].person_id is None and p.person_id:
            into.participants[into.participants.index(known[p.country])] = p
    if strength(other.date) > strength(into.date):
        into.date, into.status = other.date, other.status
    if into.location.city is None and other.location.city:
        into.location = other.location
    into.confidence = min(1.0, max(into.confidence, other.confidence) + 0.05)


def _same_tense(a: Contact, b: Contact) -> bool:
    """Sentences without tense evidence ("This is his first visit") go with either."""
    return a.status == b.status or "default" in (a.status_source, b.status_source)


def consolidate(doc: Document, contacts: list[Contact], lexicons: list[Lexicon] | None = None,
                kinds: Kinds | None = None) -> list[Contact]:
    """One contact per real event in a document; the first unreferenced one is the main event.

    A pair's contact within a summit of the same days is the summit ("Japarov arrived in Tokyo"
    beside "the Central Asia – Japan summit"), unless its sentence calls it bilateral: a bilateral
    on the sidelines is its own event.
    """
    groups: list[Contact] = []
    for c in contacts:
        target = next((g for g in groups if g.kind == c.kind and set(g.countries) == set(c.countries)
                       and g.salience == c.salience and _compatible(g.date, c.date, _same_tense(g, c))
                       and _same_people(g, c) and not _default_meets_distant(g, c, doc)), None)
        if target is None and c.salience == "main" and not _bilateral(c, lexicons or []):
            target = next((g for g in groups if g.kind == c.kind and set(c.countries) <= set(g.countries)
                           and g.salience == "main" and _compatible(g.date, c.date, _same_tense(g, c))
                           and _same_people(g, c) and not _default_meets_distant(g, c, doc)), None)
        if target is None:  # "went to Tokyo on a working visit … a bilateral meeting is planned": one visit
            target = next((g for g in groups if g.kind == c.kind and set(g.countries) == set(c.countries)
                           and g.salience == c.salience and (_host_only(g) or _host_only(c))
                           and _compatible(g.date, c.date) and _same_people(g, c)), None)
        if target is None and c.salience == "mentioned":
            # the same event named again in a sentence that looks back ("the summit planned for November")
            target = next((g for g in groups if g.kind == c.kind and set(g.countries) == set(c.countries)
                           and _same_day(g.date, c.date)), None)
        if target is None:
            groups.append(c)
        else:
            _absorb(target, c)
    groups = _talks_of_a_call(groups, kinds or shipped_kinds())
    main_sentence: int | None = None
    for g in groups:
        far = _far_from_publication(g, doc)
        if g.salience == "main" and not far and main_sentence in (None, g.sentences[0]):
            main_sentence = g.sentences[0]  # several calls reported in one lead sentence are all news
        else:
            g.salience = "mentioned"
    main_found = main_sentence is not None
    if not main_found and groups:
        groups[0].salience = "main"
    return groups


def _host_only(c: Contact) -> bool:
    """A visit the text dates whose host is only implied by where it went, not named: the talks the document
    plans or reports within that visit are the same contact, whatever their tense."""
    return strength(c.date) > 1 and any(p.how == "host" and not p.by_name for p in c.participants)


def _same_people(a: Contact, b: Contact) -> bool:
    """No country is represented by two different people named by name: the prime minister's meeting
    with a visiting minister and the president's with the same minister are two events (a person
    inferred from a title or a pronoun may be wrong, so only names count)."""
    named = {p.country: p.person_id for p in a.participants if p.person_id and p.by_name}
    return all(named.get(p.country) in (None, p.person_id) for p in b.participants if p.person_id and p.by_name)


def _bilateral(c: Contact, lexicons: list[Lexicon]) -> bool:
    """The evidence sentence calls the contact bilateral ("a bilateral meeting", "эки тараптуу")."""
    return any_phrase(lexicons, ("frames", "bilateral"), c.evidence)


def _far_from_publication(c: Contact, doc: Document) -> bool:
    """A contact dated weeks away from publication is background, not the news."""
    if not doc.published:
        return False
    pub = dt.date.fromisoformat(doc.published)
    day = c.date.date or c.date.end
    if not day:
        return False
    return abs((dt.date.fromisoformat(day) - pub).days) > FAR_DAYS and c.status == "occurred"
