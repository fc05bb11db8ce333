"""Binding: the frame of one trigger, from the rules of ``frames`` and the cases they leave open.

``bind`` tries the verb's own object, the possessor of a noun trigger, the subject before it, a "with"
phrase fronted before the trigger, the parties of a manner phrase after a verb ("congratulated him by
phone"), the owner of a ceremony, a reciprocal verb's pair ("A and B last spoke in March") and a trigger
that opens the sentence ("During a call on Monday, A told B"); each says how it bound its actors.
"""

from __future__ import annotations

import re

from summitry.events.actors import COUNTRY, GROUP, LEADER, TITLE, Actor
from summitry.events.frames import (
    Frame,
    _coordinated,
    _objects,
    _opened_by,
    _possessor,
    _reported,
    _self_fronted,
    _subject,
    _tokens,
    anchored,
    cue_before,
    marked,
    opens_clause,
    strong,
    strong_breaks,
    vocab,
)
from summitry.events.triggers import Trigger, cue_spans, phrase_spans
from summitry.knowledge import Lexicon
from summitry.model import Sentence


def _fronted_object(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon],
                    subject: list[Actor]) -> list[Actor]:
    """"С премьер-министром Армении президент Азербайджана провёл переговоры", "Scholz discussed
    the crisis with Macron by phone": a counterpart marked by "with" before the trigger, in its clause."""
    dets = vocab(lexicons, "determiners")
    markers = vocab(lexicons, "with") - vocab(lexicons, "adjacent_only") - {"between", "между"}
    for a in actors:
        if a.end > t.start:
            break
        if subject[0].start <= a.start < subject[-1].end:
            continue
        if a.kind == COUNTRY or strong(s.text[a.end - s.start:t.start - s.start]):
            continue
        before = _tokens(s.text[max(0, a.start - s.start - 30):a.start - s.start])
        while before and before[-1] in dets:
            before.pop()
        if before and before[-1] in markers:
            return [a]
    return []


def _next_actor(after: int, actors: list[Actor], s: Sentence) -> list[Actor]:
    """The first actor after an offset, when no strong break stands between."""
    nxt = [a for a in actors if a.start >= after and a.kind != COUNTRY]
    if nxt and not strong(s.text[after - s.start:nxt[0].start - s.start]):
        return nxt[:1]
    return []


def _fronted(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon],
             objects: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """"During a phone call on Tuesday, Biden congratulated Ramaphosa": a trigger opening the
    sentence after a "during" word has its parties in the main clause after it.  ("After the
    summit, A and B talked" is a time, not a frame: its participants are the next trigger's.)"""
    if any(a.end <= t.start and a.kind != COUNTRY for a in actors) or len(s.text[:t.start - s.start].split()) > 5 \
            or not (_opened_by(t, s, lexicons) or (objects and anchored(t, s, lexicons))):
        return [], objects  # "after talks with Scholz, Macron said …": with its counterpart, a time is a frame too
    after = [a for a in actors if a.start >= (objects[-1].end if objects else t.end) and a.kind != COUNTRY
             and not marked(a, s, lexicons)]
    if not after:
        return [], objects
    subject = _coordinated(after[0], after[1:], s.text, s.start, lexicons)  # "At the meeting were A, B and C"
    return subject, objects or (_next_actor(subject[0].end, actors, s) if len(subject) == 1 else [])


MANNER_OF_CALL = 3  # words between a call word and the "by phone" that says how it was held


def _by_manner(t: Trigger, lexicons: list[Lexicon]) -> bool:
    """A trigger that says how a verb before it was done: "congratulated him by phone", "по телефону"."""
    words = t.surface.lower().split()
    return bool(words) and words[0] in vocab(lexicons, "manner")


def _manner_parties(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon],
                    taken: set[int]) -> tuple[list[Actor], list[Actor]] | None:
    """"Scholz and Macron urged Putin to … in a phone call": a call named after its verb, as how the
    verb's subject spoke to its object; the parties are the leaders of the clause before it."""
    if not (cue_before(t, s, lexicons[:1], ("frames", "fronted"), 1, 15) or _self_fronted(t, lexicons[:1])
            or _by_manner(t, lexicons[:1])):
        return None  # "in a phone call" after the verb, a trigger that is that phrase ("during a call", "by phone")
    if _by_manner(t, lexicons[:1]) and cue_before(t, s, lexicons[:1], ("triggers", t.kind), MANNER_OF_CALL):
        return None  # "a day after Trump had spoken with Putin by phone": how that call was held
    before = s.text[:t.start - s.start]
    cut = max((m.end() + s.start for m in strong_breaks(before)), default=s.start)
    left = [a for a in actors if cut <= a.start and a.end <= t.start and a.kind == LEADER and id(a) not in taken
            and not marked(a, s, lexicons)]
    rel = cut - s.start  # "Scholz said Putin had threatened Macron by phone": a reporter of two others is no party
    for _, end in cue_spans(t, lexicons, ("reporting_verbs",), before[rel:], rel):
        after = [a for a in left if a.start >= s.start + rel + end]
        if len(after) >= 2:
            left = after
    if len(left) < 2 or any(_reported(t, s.text[a.end - s.start:t.start - s.start], a.end - s.start, lexicons) or
                            opens_clause(s.text[a.end - s.start:t.start - s.start], lexicons) for a in left[:1]):
        return None
    subject = _coordinated(left[0], left[1:], s.text, s.start, lexicons)
    objects = [a for a in left if a not in subject]
    return (subject, objects) if objects else None


_OWNER_GAP = re.compile(r"^['’]s\s+(?:[\w-]+\s+)?$")  # "Tokayev's (second) inauguration"
_OWNS_GAP = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,2}$")  # "Modi's (four-country) tour", "Xi's (first state) visit"


def owns(t: Trigger, a: Actor, s: Sentence) -> bool:
    """Whether a leader is the possessor written right before a noun trigger ("Modi's four-country tour"):
    the contact is his whoever speaks of it."""
    gap = s.text[a.end - s.start:t.start - s.start]
    return a.kind == LEADER and a.end <= t.start and _OWNS_GAP.match(gap) is not None


def _ceremony_owner(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> Actor | None:
    """The leader whose ceremony a trigger names ("attended Tokayev's inauguration", "на инаугурации
    Токаева"): the counterpart of whoever attends it, not its subject."""
    if not phrase_spans(lexicons[:1], ("frames", "ceremony"), t.surface):
        return None
    for a in actors:
        if a.kind == LEADER and a.end <= t.start and _OWNER_GAP.match(s.text[a.end - s.start:t.start - s.start]):
            return a
        if a.kind == LEADER and a.start >= t.end and not s.text[t.end - s.start:a.start - s.start].strip():
            return a  # a genitive right after it
    return None


def _naming(t: Trigger, objects: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> bool:
    """A call verb that may name rather than phone ("called Netanyahu on Monday" against "called Putin a
    liar"): a call only with its object and, after it, a break or a word of ``call_verb_after``."""
    if t.surface.lower() not in vocab(lexicons, "call_verbs"):
        return False
    if not objects:
        return True
    rest = s.text[objects[-1].end - s.start:].lstrip()
    if not rest or not rest[0].isalnum():  # a break ends the call; a quote or "'s" names ("called Putin 'a friend'")
        return rest[:1] not in tuple(".,;:!?)—–-")
    return rest.split(None, 1)[0].lower().strip(",.;:") not in vocab(lexicons, "call_verb_after")


def _reciprocal(t: Trigger, s: Sentence, lexicons: list[Lexicon]) -> bool:
    """An intransitive "spoke": a call only with a break or a word of ``reciprocal_after`` right after
    it ("last spoke in March", "spoke on Monday"), never "spoke at the forum" or "spoke about trade"."""
    if t.surface.lower() not in vocab(lexicons, "reciprocal"):
        return False
    rest = s.text[t.end - s.start:].lstrip()
    if not rest or not rest[0].isalnum():
        return rest[:1] in tuple(".,;:!?")
    words = rest.lower().split()
    after = vocab(lexicons, "reciprocal_after")
    return words[0].strip(",.;:") in after or " ".join(words[:2]).strip(",.;:") in after


def _pair(subject: list[Actor]) -> bool:
    """Two or more parties in a subject: "Biden and Xi", "the two leaders", "the presidents of A and B"."""
    return len(subject) >= 2 or any(a.kind == GROUP or len(a.refs) >= 2 for a in subject)


def reciprocal(t: Trigger, lexicons: list[Lexicon]) -> bool:
    """A verb that is a call only on its own in its sentence: "met in Busan and spoke for two hours" is the
    meeting's, not a call beside it."""
    return t.surface.lower() in vocab(lexicons, "reciprocal")


def bind(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon], taken: set[int]) -> Frame:
    """The frame of one trigger in an English or Russian sentence (subject–verb–object order)."""
    if reciprocal(t, lexicons):
        subject = _subject(t, actors, s, lexicons, taken) if _reciprocal(t, s, lexicons) else []
        return Frame(t, subject, [], "subject of two (reciprocal verb)") if _pair(subject) else Frame(t, [], [], "")
    owner, objects, how = _objects(t, actors, s, lexicons)
    if _naming(t, objects, s, lexicons):
        return Frame(t, [], [], "")  # "called Putin a liar": no call
    if owner:
        return Frame(t, owner, objects, how)
    if how == "between" and len([r for a in objects for r in a.refs] + [a for a in objects if not a.refs]) >= 2:
        return Frame(t, [], objects, "between", between=True)
    if not objects and t.distant:
        parties = _manner_parties(t, actors, s, lexicons, taken)
        if parties is not None:
            return Frame(t, parties[0], parties[1], "the verb's subject and object, 'in a call' after them")
    owner_of = _ceremony_owner(t, actors, s, lexicons) if not objects else None
    if owner_of is not None:
        attendee = _subject(t, [a for a in actors if a is not owner_of], s, lexicons, taken)
        if attendee:
            return Frame(t, attendee, [owner_of], "attendee + the leader whose ceremony it is")
    owner = [a for a in actors if a.end <= t.start][-1:]
    owner = [a for a in owner if id(a) not in taken and owns(t, a, s)]  # "details of Modi's tour": his
    subject = owner or _possessor(t, actors, s, lexicons, taken) or _subject(t, actors, s, lexicons, taken)
    if subject and not objects:
        objects = _fronted_object(t, [a for a in actors if id(a) not in taken], s, lexicons, subject)
        how = "'with' before the trigger" if objects else how
    if len(subject) == 1 and len(subject[0].refs) <= 1 and not objects and _opened_by(t, s, lexicons):
        # "Xi, during the online meeting, called President Biden an old friend"
        objects = [a for a in _next_actor(t.end, actors, s) if a.kind in (LEADER, TITLE)]
        how = "the verb's object after a 'during' phrase" if objects else how
    if subject:
        return Frame(t, subject, objects, f"subject + {how}" if how else "subject")
    subject, objects = _fronted(t, actors, s, lexicons, objects)
    return Frame(t, subject, objects, "trigger opening the sentence" if subject else how)
