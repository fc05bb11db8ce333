"""Contacts of a document, sentence by sentence: trigger → modality → frame → participants.

A sentence reports a contact when a trigger is not negated, hypothetical or a mere invitation,
and its frame binds leaders of at least two countries.  Slots a frame leaves empty are filled
only by what the frame's grammar implies: a pronoun by the previous sentence's subject, "him" by
the counterpart of the contact before, "the two leaders" by its participants, the first person
by a transcript's speaker, a bare title by the host, a visit by its host country, a summit by its
format's members.  A leader named elsewhere never fills a slot.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from summitry.events.actors import (
    COUNTRY,
    GROUP,
    LEADER,
    OBJECT_PRONOUN,
    OTHER,
    PRONOUN,
    SELF,
    TITLE,
    Actor,
    Ref,
    build_actors,
)
from summitry.events.attendance import Gathering, attendees, gathering
from summitry.events.binding import bind, owns, reciprocal
from summitry.events.cues import Cues
from summitry.events.frames import Frame, anchored, cue_before, marked, opens_clause
from summitry.events.hosts import (
    at_summit,
    attended_summit_host,
    bare_title,
    format_members,
    home_country,
    remote_attendance,
    summit_host,
    trip_for_event,
    visit_hosts,
)
from summitry.events.pronouns import earlier_in_sentence, pair_before, sole_leader_before, speaker_before
from summitry.events.triggers import (
    Trigger,
    called_off_before,
    find_triggers,
    is_content,
    is_reference,
    kind_of,
    may_trigger,
    modality,
    phrase_spans,
    status_of,
)
from summitry.events.turkic import bind_turkic
from summitry.knowledge import KnowledgeBase, Lexicon, Lookup, any_phrase
from summitry.model import SENIOR_ROLES, TITLE_ROLES, Contact, Document, EntityMention, How, Participant, Sentence

# A sentence with more names, titles and countries than this is a list or a dump: reading pairs in
# it costs the square of their number, and no report of a contact looks like that.
MAX_SENTENCE_MENTIONS = 60
CLAUSE_SUBJECT_WORDS = 3  # words between a new clause's subject and its trigger: "C then held talks"
CONTEXT_SENTENCES = 4  # how far back "he", "the two leaders" or a bare title look for their leader
MULTI_WINDOW = 25  # characters before a trigger where "trilateral" qualifies it
LEAD = 2  # sentences of headline and lead: a summit named there without a leader is the report's subject
SPEAKER_TAIL = 3  # characters between a speaker's name and the colon of his line ("Vladimir Putin: …")
SPEAKER = re.compile(r"^[^:.!?]{2,120}:\s")


def _speaker_line(text: str) -> re.Match[str] | None:
    """``SPEAKER.match``, skipped for the many sentences without a colon where a speaker's can be."""
    return SPEAKER.match(text) if ":" in text[:121] else None


class Blocked(list[Ref]):
    """A slot held by someone who is not a leader (an envoy, a minister): no contact through it."""


@dataclass
class Context:
    """What earlier sentences leave for the next one to refer back to."""

    subject: list[Ref] = field(default_factory=list)  # the previous sentence's subject ("he")
    leaders: list[Ref] = field(default_factory=list)  # leaders named recently, newest last ("him")
    last: list[Ref] = field(default_factory=list)  # the participants of the latest contact ("the two leaders")
    speaker: list[Ref] = field(default_factory=list)  # the speaker of a transcript line ("I", "we")
    named: list[Ref] = field(default_factory=list)  # the leaders the previous sentence named
    gathering: Gathering | None = None  # a summit the previous sentence reported without its attendees


@dataclass
class Sent:
    """One sentence with what the stage reads in it."""

    s: Sentence
    mentions: list[EntityMention]
    actors: list[Actor]
    home: str | None
    lexicons: list[Lexicon] = field(default_factory=list)
    objects: set[int] = field(default_factory=set)  # ids of the actors a frame bound as counterparts
    triggers: list[Trigger] = field(default_factory=list)  # every contact word of the sentence


def _resolve(a: Actor, sent: Sent, ctx: Context, subject_side: bool) -> list[Ref] | None:
    """The references an actor stands for; ``Blocked`` for a non-leader; None when unresolved."""
    if a.kind == LEADER:
        return [_named_before(r, ctx) for r in a.refs]
    if a.kind == COUNTRY:
        return a.refs
    if a.kind == OTHER:
        return Blocked()
    # the previous sentence's subject first, then the last leader of that office named: "The PM next met …"
    same = [r for r in ctx.subject[:1] + ctx.leaders[::-1] if r.person_id and r.role == a.role] if subject_side else []
    if a.kind == TITLE and same:
        return [_as(same[0], "title", "office title for the leader named before")]
    if a.kind == TITLE:
        known = {r.country for x in sent.actors for r in x.refs}
        ref = bare_title(a.role, a.start, sent.s.text[a.start - sent.s.start:a.end - sent.s.start],
                         sent.mentions, known, sent.home, sent.lexicons)
        return [ref] if ref else None
    if a.kind == PRONOUN and subject_side:
        speaker = speaker_before(a, sent.actors, sent.s, sent.lexicons)
        if speaker:
            return [_as(speaker, "pronoun", "pronoun for the leader who said it")]  # "Trump said he spoke with Putin"
        alone = sole_leader_before(a, sent.actors, sent.objects, sent.s, sent.lexicons)  # "…, where he met Biden"
        if alone is not None:
            return [_as(alone, "pronoun", "pronoun for the one leader named before it in the sentence")]
        return [_as(r, "pronoun", "pronoun for the previous sentence's subject") for r in ctx.subject[:1]] or None
    if a.kind == OBJECT_PRONOUN:
        here = earlier_in_sentence(a, sent.actors)  # "где его встретил Алиев": the object may stand first
        if here is not None:
            return [_as(here, "pronoun", "pronoun for the leader named earlier in the sentence")]
    if a.kind == OBJECT_PRONOUN and not subject_side:
        pool = [r for r in ctx.last + ctx.leaders[::-1] if r.country not in {x.country for x in ctx.subject[:1]}]
        return [_as(pool[0], "pronoun", "pronoun for the counterpart named before")] if pool else None
    pair = pair_before(a, sent.actors) if a.kind == GROUP else []
    if pair:  # "Tusk and Merz will discuss it when they meet": the two the sentence named
        return [_as(r, "context", "the leaders named before in the sentence") for r in pair]
    if a.kind == GROUP and ctx.last:
        return [_as(r, "context", "the leaders of the contact before") for r in ctx.last]
    if a.kind == GROUP:
        recent = _distinct(ctx.named)  # "the two heads of state" right after each was named
        return [_as(r, "context", "the leaders named before") for r in recent] if len(recent) == 2 else None
    if a.kind == SELF:
        return [_as(r, "context", "speaker of the transcript line") for r in ctx.speaker] or None
    return None


def _named_before(r: Ref, ctx: Context) -> Ref:
    """"Turkey's foreign minister" after "Mevlut Cavusoglu, Turkey's foreign minister" was named: him."""
    if r.person_id or r.role not in SENIOR_ROLES:
        return r
    same = next((x for x in ctx.leaders[::-1] if x.person_id and x.country == r.country and x.role == r.role), None)
    return Ref(r.country, same.person_id, r.role, r.surface, r.how, f"{r.derivation}, the one named before",
               r.start, same.current) if same else r


def _as(r: Ref, how: How, derivation: str) -> Ref:
    return Ref(r.country, r.person_id, r.role, r.surface, how, derivation, r.start, r.current)


def _side(actors: list[Actor], sent: Sent, ctx: Context, subject_side: bool) -> list[Ref] | None:
    """All references of one slot; ``Blocked`` when a non-leader holds it, None when nothing resolves."""
    out: list[Ref] = []
    for a in actors:
        refs = _resolve(a, sent, ctx, subject_side)
        if isinstance(refs, Blocked) and not any(x.kind == LEADER for x in actors):
            return Blocked()
        out += refs or []
    return out or None


def _senior(refs: list[Ref]) -> list[Ref]:
    return [r for r in refs if r.role in TITLE_ROLES]


def _distinct(refs: list[Ref]) -> list[Ref]:
    """One reference per country, preferring a named person over an office title."""
    best: dict[str, Ref] = {}
    for r in refs:
        cur = best.get(r.country)
        if cur is None or (cur.person_id is None and r.person_id is not None):
            best[r.country] = r
    return sorted(best.values(), key=lambda r: r.start)


def _counterparts(refs: list[Ref]) -> list[Ref]:
    """"His Kyrgyz counterpart" holds the office of the leader he meets."""
    roles = [r.role for r in refs if r.role not in ("counterpart", "leader")]
    for r in refs:
        if r.role == "counterpart":
            r.role = roles[0] if roles else "leader"
    return refs


def _multilateral(t: Trigger, s: Sentence, look: Lookup) -> bool:
    return t.summit or bool(look.in_sentence(("triggers", "multilateral"), s))


def _marked_multilateral(t: Trigger, s: Sentence, lexicons: list[Lexicon]) -> bool:
    """A multilateral word right before the trigger: "trilateral summit", "трехсторонней встречей"."""
    return cue_before(t, s, lexicons, ("triggers", "multilateral"), MULTI_WINDOW, MULTI_WINDOW)


def _leaders_level(t: Trigger, sent: Sent, look: Lookup) -> bool:
    """Whether a sentence speaks of leaders at all: a name or title, a summit, or "at the highest level";
    "Belarusian-American talks" with a delegation are no leaders' contact."""
    return t.summit or any(m.kind in ("person", "role") for m in sent.mentions) or \
        bool(look.in_sentence(("frames", "top_level"), sent.s))


def _compound(t: Trigger, sent: Sent) -> list[Ref]:
    """Countries of a compound right before a trigger: "Japan-China summit", "российско-киргизские переговоры"."""
    adj = [m for m in sent.mentions if m.kind in ("adjective", "country") and m.end <= t.start]
    text, at = sent.s.text, sent.s.start
    for a, b in zip(adj, adj[1:], strict=False):
        joint = text[a.end - at:b.start - at]
        if (joint in ("-", "") or a.surface.endswith("-")) and t.start - b.end <= 12 and \
                not re.search(r"[.,;:]", text[b.end - at:t.start - at]):
            surface = a.surface + joint + b.surface
            return [Ref(m.entity_id, None, "leader", surface, "compound", "compound before the trigger", m.start)
                    for m in (a, b)]
    return []


def _lead(t: Trigger, sent: Sent, lexicons: list[Lexicon]) -> bool:
    """The trigger's sentence is the headline or lead, and the trigger is in its main clause."""
    return sent.s.index <= LEAD and not opens_clause(sent.s.text[:t.start - sent.s.start], lexicons)


def _only_summit(t: Trigger, sent: Sent) -> bool:
    """The sentence's contact words are the summit and visits to it: no other contact is its news."""
    return all(x.summit or x.visit or (x.start, x.end) == (t.start, t.end) for x in sent.triggers)


def _groups(frame: Frame, sent: Sent, ctx: Context, look: Lookup, kb: KnowledgeBase,
            case_suffixes: bool) -> list[tuple[list[Ref], bool]]:
    """The participant groups of one frame, each with whether it is a multilateral meeting; ``case_suffixes``:
    the language marks a visit's destination by a case ending (``languages.TRAITS``)."""
    t, lexicons = frame.trigger, look.lexicons
    subject = _side(frame.subject, sent, ctx, True)
    objects = [_side([a], sent, ctx, False) for a in frame.objects]
    if not any(isinstance(o, Blocked) for o in objects):  # "with the presidents of A, B and C": one each
        objects = [[r] if not a.format else o for a, o in zip(frame.objects, objects, strict=True) if o
                   for r in (o if not a.format else o[:1])]
    multi_format = any(a.format for a in frame.subject + frame.objects)
    if subject is None and any(a.kind in (PRONOUN, SELF, TITLE) for a in frame.subject) and not frame.between:
        return []  # "he", "the prime minister" with nobody to stand for: the side is unknown, so no contact
    if isinstance(subject, Blocked) or (objects and all(isinstance(o, Blocked) for o in objects)):
        return []
    objs = [_distinct(_senior(o)) for o in objects if o]
    subj = _distinct(_senior(subject or []))
    if not subj and not frame.between and objs and len(objs) == 1 and ctx.last:
        # "… a call with the President of Tajikistan" right after a contact of that pair
        known = {r.country for r in objs[0]}
        if known < {r.country for r in ctx.last}:
            subj = [_as(r, "context", "the other party of the contact before")
                    for r in ctx.last if r.country not in known]
    if not subj and not objs and _leaders_level(t, sent, look):
        subj = _compound(t, sent)
    everyone = _distinct(subj + [r for o in objs for r in o])
    if len(subj) >= 2 and not objs and not frame.between and phrase_spans(lexicons[:1], ("frames", "transitive"),
                                                                          t.surface.lower()):
        return []  # "Lula and Trump received sustained applause": whom they received is no leader
    apart = bool(look.in_sentence(("frames", "separately"), sent.s))  # "each was received separately by X"
    multi = (_multilateral(t, sent.s, look) or multi_format) and not apart
    if apart and len(subj) >= 2 and len(objs) == 1:
        return [(_counterparts(_distinct([r, *objs[0]])), False) for r in subj]
    if t.visit and not objs and trip_for_event(t, sent.s, look):
        return []  # "A, B and C arrived to attend the summit": a trip to an event, no contact by itself
    if t.visit and (len(everyone) == 1 or (len(subj) >= 2 and not objs)):  # "A and B travel to X together"
        hosts = visit_hosts(t, sent.s, sent.mentions, lexicons, kb, case_suffixes)
        if everyone[0].role == "foreign_minister":  # a foreign minister's visit is a meeting with his counterpart
            hosts = [replace(h, role="foreign_minister") for h in hosts]
        if len(hosts) >= 2 and not multi:  # "a tour of A, B and C": a visit to each, one bilateral each
            return [(_counterparts(_distinct(everyone + [h])), False) for h in hosts]
        everyone = _distinct(everyone + hosts)
    summit = t.summit or any(m.kind == "org" and m.start <= t.start < m.end for m in sent.mentions)
    if summit and not anchored(t, sent.s, lexicons) and (frame.subject or frame.objects or _lead(t, sent, lexicons)):
        alone = not everyone and not any(m.kind == "person" for m in sent.mentions)
        members = format_members(t, sent.s, sent.mentions, kb, lexicons, alone=alone)
        host = summit_host(sent.s, sent.mentions) if members else None
        inside = {r.country for r in members}
        if members and not at_summit(t, sent.s, lexicons, case_suffixes):  # "Putin criticised the G7 summit"
            everyone = [r for r in everyone if r.country in inside]
        wide = _distinct(everyone + members + ([host] if host else []))
        if len(wide) >= 3 and members:
            return [(_counterparts(wide), True)]
    if summit and len(everyone) == 1 and subj and _only_summit(t, sent) and not anchored(t, sent.s, lexicons):
        host = attended_summit_host(t, sent.s, sent.mentions, lexicons, case_suffixes)
        if host is not None and host.country != everyone[0].country:
            everyone = [*everyone, host]  # the one named attendee of a summit meets its host
    if len(everyone) < 2 or (len(everyone) == 2 and _marked_multilateral(t, sent.s, lexicons)):
        return []  # "before the trilateral meeting" naming two: its third party is unknown, and it is no bilateral
    if frame.between or not subj or len(subj) >= 2:
        return [(_counterparts(everyone), len(everyone) > 2)]
    if len(objs) >= 2 and not multi:
        return [(_counterparts(_distinct(subj + o)), False) for o in objs if _distinct(subj + o) != subj]
    return [(_counterparts(everyone), len(everyone) > 2)]


def _contact(doc: Document, sent: Sent, t: Trigger, refs: list[Ref], multi: bool, how: str,
             look: Lookup) -> Contact:
    s = sent.s
    tense = status_of(s, t, look)
    named = all(r.person_id for r in refs)
    return Contact(
        doc_id=doc.doc_id, kind=t.kind, status="planned" if tense == "planned" else "occurred",
        status_source={"planned": "future marker", "occurred": "past verb"}.get(tense, "default"),
        salience="mentioned" if is_reference(s, look) else "main",
        participants=[Participant(country=r.country, person_id=r.person_id, role=r.role, mentioned_as=r.surface,
                                  derivation=f"{r.derivation} ({how})" if how else r.derivation, how=r.how,
                                  resolved=()) for r in refs],
        evidence=s.text, start=s.start, end=s.end, url=doc.url, published=doc.published, sentences=[s.index],
        multilateral=multi and len(refs) > 2, confidence=0.9 if named else 0.75, trigger=t.start,
    )


def _until_next_clause(objects: list[Actor], triggers: list[Trigger], sent: Sent) -> list[Actor]:
    """"A met B, and C held talks with D": C opens a clause of its own (a comma, then its trigger
    within a few words), so the list of A's counterparts ends before it."""
    text, at = sent.s.text, sent.s.start
    for k in range(1, len(objects)):
        o, prev = objects[k], objects[k - 1]
        nxt = next((t for t in triggers if t.start >= o.end), None)
        if nxt is not None and "," in text[prev.end - at:o.start - at] and \
                len(text[o.end - at:nxt.start - at].split()) <= CLAUSE_SUBJECT_WORDS and \
                not any(o.end <= a.start < nxt.start for a in sent.actors):
            return objects[:k]
    return objects


def _explicit(frame: Frame) -> bool:
    """The frame's counterparts are leaders named or titled in the sentence itself."""
    return len(frame.objects) >= 2 and all(a.kind == LEADER for a in frame.objects)


def sentence_contacts(doc: Document, sent: Sent, triggers: list[Trigger], ctx: Context, kb: KnowledgeBase,
                      look: Lookup) -> list[Contact]:
    """The contacts one sentence reports, one per kind and set of countries."""
    language = kb.languages.get(doc.lang)
    verb_final, case_suffixes = language.has("verb_final"), language.has("case_suffixes")
    lexicons = look.lexicons
    out: dict[tuple[str, tuple[str, ...]], Contact] = {}
    taken: set[int] = set()
    if len(triggers) > 1:  # "met in Busan and spoke for two hours": the spoken words are the meeting's
        triggers = [t for t in triggers if not reciprocal(t, lexicons)]
    sent.triggers = triggers
    off = called_off_before(sent.s, triggers, [(a.start, a.end) for a in sent.actors], lexicons)
    for t in triggers:
        if t.start < off or modality(sent.s, t, lexicons) or (t.distant and remote_attendance(sent.s, triggers, look)):
            continue
        if verb_final:
            frame = bind_turkic(t, sent.actors, sent.s, lexicons)
        else:
            frame = bind(t, sent.actors, sent.s, lexicons, taken)
        frame.objects = _until_next_clause(frame.objects, triggers, sent)
        mine = {id(a) for a in frame.objects} - taken
        taken |= mine
        sent.objects |= {id(a) for a in frame.objects}
        if is_content(sent.s, t, lexicons):
            # "Japarov spoke about the meeting of A and B": the speaker is no party; "about Modi's visit": Modi is
            frame.subject = [a for a in frame.subject if owns(t, a, sent.s)]
            if not frame.subject and not _explicit(frame):
                continue
        kind = kind_of(t, triggers, kb.kinds)
        groups = _groups(frame, sent, ctx, look, kb, case_suffixes)
        if not groups and not frame.subject:
            taken -= mine  # "На полях саммита Путин встретился …": a lone name the summit word could not use
        for refs, multi in groups:
            c = _contact(doc, sent, t, refs, multi, frame.how, look)
            c.kind = kind
            out.setdefault((c.kind, c.countries), c)
    best: dict[tuple[str, ...], str] = {}  # the most preceding kind reported for each set of countries
    for kind, countries in out:
        best[countries] = kb.kinds.first([kind, best.get(countries, kind)])
    return [c for (kind, countries), c in out.items() if best[countries] == kind]


def _update(ctx: Context, sent: Sent, found: list[Contact]) -> None:
    leaders = [a for a in sent.actors if a.kind == LEADER]
    ctx.named = [r for a in leaders for r in a.refs]
    subject = next((a for a in leaders if id(a) not in sent.objects and not marked(a, sent.s, sent.lexicons)), None)
    if subject is not None:
        ctx.subject = subject.refs[:1]  # "he" in the next sentence; "with the leaders of X" is no subject
    if leaders:
        ctx.leaders = (ctx.leaders + [r for a in leaders for r in a.refs])[-6:]
    if found:
        last = found[-1]
        ctx.last = [Ref(p.country, p.person_id, p.role, p.mentioned_as or "", p.how or "context", p.derivation,
                        last.start) for p in last.participants]
    speaker = _speaker_line(sent.s.text)
    if speaker:
        head = sent.s.start + speaker.end()
        ctx.speaker = [r for a in sent.actors if a.end <= head and a.kind == LEADER for r in a.refs][:1]


def extract_contacts(doc: Document, sentences: list[Sentence], mentions: list[EntityMention],
                     kb: KnowledgeBase, look: Lookup | None = None) -> list[Contact]:
    """Contacts reported sentence by sentence, in text order (dates and salience come later);
    ``look``: the document's lookups, when an earlier stage made them."""
    look = look or kb.lookup(doc.text, doc.lang)
    lexicons, index = look.lexicons, look.index
    by_sentence: dict[int, list[EntityMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    home = home_country(doc, kb)
    ctx = Context()
    contacts: list[Contact] = []
    may = may_trigger(doc.text, sentences, index, kb.kinds)  # the index says where, cheaply
    for i, s in enumerate(sentences):
        ms = by_sentence.get(s.index, [])
        if len(ms) > MAX_SENTENCE_MENTIONS:
            continue  # a run of hundreds of names is a list, not a report
        k = bisect_left(may, i)  # the next sentence that may hold a trigger
        ahead = may[k] if k < len(may) else None
        if (ahead is None or ahead - i > CONTEXT_SENTENCES) and ctx.gathering is None:
            continue  # no contact reported in the next few sentences: nothing will refer back to this one
        cues = Cues(s.text, lexicons)  # the sentence's cue table, built on first use and shared by its rules
        triggers = find_triggers(s, look, kb.kinds, cues) if ahead == i else []
        if not triggers and not any(m.kind in ("person", "role") for m in ms):
            ctx.named = []  # no leader to refer back to: the sentence only breaks "the previous sentence"
            continue
        sent = Sent(s, ms, build_actors(s, ms, kb, look, doc.published, not triggers, cues), home, lexicons)
        found = sentence_contacts(doc, sent, triggers, ctx, kb, look) if triggers else []
        found = found or _attended(doc, sent, triggers, ctx, kb, look)
        ctx.gathering = None if found else gathering(s, triggers, sent.actors, ms, look)
        contacts += found
        _update(ctx, sent, found)
    return contacts or transcript_contact(doc, sentences, by_sentence, kb, look)


def _attended(doc: Document, sent: Sent, triggers: list[Trigger], ctx: Context, kb: KnowledgeBase,
              look: Lookup) -> list[Contact]:
    """The gathering of the sentence before with the attendees this one names, as one meeting."""
    g = ctx.gathering
    if g is None or g.sentence.index != sent.s.index - 1:
        return []
    guests = attendees(sent.s, sent.actors, triggers, look, kb.kinds, g.hosts)
    if not guests:
        return []
    c = _contact(doc, Sent(g.sentence, [], [], sent.home, sent.lexicons), g.trigger, g.hosts + guests,
                 len(g.hosts) + len(guests) > 2, "", look)
    c.sentences.append(sent.s.index)
    return [c]


def _reported_line(head: str, look: Lookup) -> bool:
    """A colon after a clause ("…, Peskov said:") rather than after a name and title ("President of Russia
    Vladimir Putin:"): a comma or a reporting verb before it."""
    return "," in head or any_phrase(look.lexicons, ("reporting_verbs",), head)


def transcript_contact(doc: Document, sentences: list[Sentence], by_sentence: dict[int, list[EntityMention]],
                       kb: KnowledgeBase, look: Lookup) -> list[Contact]:
    """A transcript of talks ("President of Russia Vladimir Putin: Mr Japarov, I am glad to see
    you."): one leader speaks to another, and a trigger word occurs somewhere in the text.  The
    contact is reported at the speaker's line, with a lower confidence."""
    for s in sentences:
        ms = by_sentence.get(s.index, [])
        if s.index == 0 or not 2 <= len(ms) <= MAX_SENTENCE_MENTIONS:
            continue  # cheap checks first (a headline's "Name: quote" is no line of a transcript)
        line = _speaker_line(s.text)
        if line is None or _reported_line(line.group(), look):
            continue  # "Asked if Putin …, Peskov said: …" quotes a spokesman, it is no speaker's line
        actors = build_actors(s, ms, kb, look, doc.published)
        head = s.start + line.end()
        if not any(a.kind == LEADER and head - SPEAKER_TAIL <= a.end <= head for a in actors):
            continue  # "Peskov: …" is a spokesman quoted, "Putin held a Q&A: …" a headline, not a speaker's line
        refs = _distinct(_senior([r for a in actors if a.kind == LEADER for r in a.refs]))
        if len(refs) < 2:
            continue
        all_triggers = [t for x in sentences for t in find_triggers(x, look, kb.kinds)
                        if not modality(x, t, look.lexicons)]  # "Zelensky: ready to meet Putin" is no transcript
        if not all_triggers:
            return []
        kind = kb.kinds.first(t.kind for t in all_triggers)
        sent = Sent(s, ms, actors, None)
        c = _contact(doc, sent, Trigger(kind, s.start, s.start), refs[:2], False, "transcript", look)
        c.status, c.salience, c.confidence = "occurred", "main", 0.6
        return [c]
    return []
