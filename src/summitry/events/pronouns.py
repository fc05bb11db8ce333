"""Whom a pronoun or a plural reference stands for within its own sentence: the leader who said it
("Trump said he …"), the one leader named before it, the first leader when another is the verb's
subject ("where Aliyev met him"), the two leaders named before "they" ("when they meet")."""

from __future__ import annotations

from summitry.events.actors import COUNTRY, LEADER, Actor, Ref
from summitry.knowledge import Lexicon, any_phrase
from summitry.model import Sentence

SPEAKER_GAP_WORDS = 10  # "Trump said on Tuesday that he …", "Ruto, who said last week that he …"


def earlier_in_sentence(a: Actor, actors: list[Actor]) -> Ref | None:
    """"Putin arrived in Baku, where Aliyev met him" / "…, где его встретил Алиев": "him" is the sentence's
    first leader when another leader, of another country, is the verb's subject next to it."""
    leaders = [x for x in actors if x.kind == LEADER and x.refs]
    before = [x for x in leaders if x.end <= a.start]
    after = [x for x in leaders if x.start >= a.end]
    subject = before[-1] if len(before) >= 2 else (after[0] if before and after else None)
    if subject is None or before[0] is subject or before[0].refs[0].country == subject.refs[0].country:
        return None
    return before[0].refs[0]


def sole_leader_before(a: Actor, actors: list[Actor], bound: set[int], s: Sentence | None = None,
                       lexicons: list[Lexicon] | None = None) -> Ref | None:
    """The one leader the sentence names before a pronoun, when nobody else (a leader, an aide, an
    office title) stands there for "he" to mean; a counterpart already bound is not ("A met B, and on
    Wednesday he met C": he is A); of two, the one whose own clause opens after a contrast ("A flew home,
    while B stayed for the summit, where he met C": he is B)."""
    before = [x for x in actors if x.end <= a.start and x.kind != COUNTRY and id(x) not in bound]
    if len(before) == 1 and before[0].kind == LEADER and len(before[0].refs) == 1:
        return before[0].refs[0]
    if len(before) >= 2 and s is not None and before[-1].kind == LEADER and len(before[-1].refs) == 1:
        gap = s.text[before[-2].end - s.start:before[-1].start - s.start].lower()
        if any_phrase((lexicons or [])[:1], ("contrast_clauses",), gap):
            return before[-1].refs[0]
    return None


def speaker_before(a: Actor, actors: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> Ref | None:
    """The leader who reports, in the same sentence, what "he" did: "Trump said (that) he …"."""
    before = [x for x in actors if x.end <= a.start and x.kind == LEADER]
    if not before:
        return None
    gap = s.text[before[-1].end - s.start:a.start - s.start]
    if len(gap.split()) > SPEAKER_GAP_WORDS or not any_phrase(lexicons, ("reporting_verbs",), gap):
        return None
    return before[-1].refs[0] if before[-1].refs else None


def pair_before(a: Actor, actors: list[Actor]) -> list[Ref]:
    """The leaders of two or more countries a sentence names before "they" ("Tusk and Merz are expected to
    discuss it when they meet", "raise it with Trump when they meet"); none if fewer."""
    refs: dict[str, Ref] = {}
    for x in actors:
        if x.kind == LEADER and x.end <= a.start:
            for r in x.refs:
                refs.setdefault(r.country, r)
    return list(refs.values()) if len(refs) >= 2 else []
