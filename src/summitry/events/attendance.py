"""Leaders a sentence names as attending the gathering the sentence before reported.

"Macron hosted European leaders in Paris on Monday. Among those attending were Scholz, Starmer and
Tusk." and "В Душанбе состоялось заседание Совета глав государств СНГ. В нем приняли участие Путин,
Лукашенко и Токаев." report one meeting in two sentences: the first has the gathering and its host
but no counterpart, the second the attendees but no contact word.  A leader who joined by video
link ("while Putin joined by video link") was not there.
"""

from __future__ import annotations

from dataclasses import dataclass

from summitry.events.actors import LEADER, Actor, Ref
from summitry.events.hosts import summit_host
from summitry.events.triggers import Trigger, clause
from summitry.knowledge import Kinds, Lookup
from summitry.model import EntityMention, Sentence

ATTENDED = "named as attending in the sentence after the gathering"
EVENT_WORDS = 4  # words between "attended"/"hosted" and an event of its own: "attended a charity concert"


@dataclass
class Gathering:
    """A gathering a sentence reported without a counterpart: where to look for its attendees next."""

    sentence: Sentence
    trigger: Trigger
    hosts: list[Ref]


def gathering(s: Sentence, triggers: list[Trigger], actors: list[Actor], mentions: list[EntityMention],
              look: Lookup) -> Gathering | None:
    """A summit (a summit word, or a meeting word beside an organisation: "заседание Совета глав государств
    СНГ") or a hosting word, with its host: the leader named before it, else the summit's city."""
    org = any(m.kind == "org" for m in mentions)
    for t in triggers:
        summit = t.summit or org
        if not (summit or look.in_sentence(("frames", "hosting"), s)) or _other_event(s, t.end - s.start, look):
            continue  # "hosted the Olympic opening ceremony": a ceremony is no summit of leaders
        before = [r for a in actors if a.kind == LEADER and a.end <= t.start for r in a.refs]
        place = summit_host(s, mentions) if summit else None
        hosts = before[:1] or ([place] if place is not None else [])
        if hosts:
            return Gathering(s, t, hosts)
    return None


def _other_event(s: Sentence, end: int, look: Lookup) -> bool:
    """An event of its own (a ceremony, a match, a forum) within a few words after ``end``."""
    paths = (("frames", "remote_events"), ("frames", "trip_events"))
    return any(0 <= a - end and len(s.text[end:a].split()) <= EVENT_WORDS
               for path in paths for a, _ in look.in_sentence(path, s))


def attendees(s: Sentence, actors: list[Actor], triggers: list[Trigger], look: Lookup, kinds: Kinds,
              hosts: list[Ref]) -> list[Ref]:
    """The leaders an attendance sentence names, less those in a clause of their own contact word (by
    video link: not there in person) and the hosts' countries; none without an attendance word."""
    cues = look.in_sentence(("frames", "attendees"), s)
    if not cues or any(_other_event(s, end, look) for _, end in cues):
        return []  # "Scholz attended a concert": another event, not the gathering
    remote = [clause(s.text, t.start - s.start) for t in triggers if not kinds[t.kind].has_place]
    taken = {r.country for r in hosts}
    out: list[Ref] = []
    for a in actors:
        rel = a.start - s.start
        if a.kind != LEADER or any(lo <= rel < hi for lo, hi in remote):
            continue
        for r in a.refs:
            if r.country not in taken:
                taken.add(r.country)
                out.append(Ref(r.country, r.person_id, r.role, r.surface, r.how, f"{r.derivation} ({ATTENDED})",
                               r.start, r.current))
    return out
