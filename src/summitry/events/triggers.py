"""Triggers and modality: the words that report a call or meeting, and whether it happened.

A trigger is a lexicon phrase ("held talks", "телефонный разговор", "кездесті"); its clause says
whether the contact occurred, is planned, or is no contact at all: denied or cancelled ("no plans
for a call"), hypothetical ("could host talks"), an invitation ("invited him to visit"), or the
content of another contact ("informed him about the talks").  All cue words are lexicon data.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from summitry.events.cues import CUE_LISTS, Cues, cut
from summitry.knowledge import Kinds, Lexicon, Lookup
from summitry.knowledge.lexindex import LexIndex, Path
from summitry.model import Sentence

# "and" joins clauses, but not names: "between myself and Vladimir Putin will take place" is one clause.
# Spelt "[;,:—–]\s | \s(?:but|…)\s | \sand\s(?![A-ZА-ЯЁ])" with the first character of every break as
# one class up front (the branch is told by a look-behind at it): re then skips ahead to a candidate
# character instead of trying three branches at every position (1.5x faster, the same matches).
CLAUSE_BREAK = re.compile(r"[;,:—–\s](?:(?<=[;,:—–])\s|(?<=\s)(?:(?:but|while|а|но|однако)\s|and\s(?![A-ZА-ЯЁ])))")
# How far before (or after) a trigger a negation still governs it: "has no plans to hold phone talks".
NEGATION_WORDS = 6
CONTENT_WORDS = 6
TOPIC_WORDS = 1  # "spoke about the meeting", "о предстоящей встрече", "сүйлөшүүлөр тууралуу"
DURING_WORDS = 2  # between a trigger and the postposition that makes it a setting: "аркылуу болгон маек учурунда"
SETTING_WORDS = 1  # "at their meeting", "во время встречи": a setting right before the trigger
NEGATION_AFTER_WORDS = 9  # "talks between the presidents of A and B were cancelled"
AFTER_BREAK = re.compile(r"[;:—–,\s](?:(?<=[;:—–,])\s|(?<=\s)(?:but|while|а|но|однако)\s)")  # as CLAUSE_BREAK
HYPOTHETICAL_WORDS = 8  # "could become a venue for talks"; not "urged him to stop the war … in a phone call"
@dataclass
class Trigger:
    kind: str  # a name in the kinds table
    start: int  # absolute offsets
    end: int
    visit: bool = False
    summit: bool = False
    surface: str = ""
    # the trigger's clause in its sentence (offsets in the sentence), read by status, modality and
    # content alike: worked out once
    span: tuple[int, int] | None = field(default=None, repr=False, compare=False)
    # the sentence's cue table, shared by its triggers: the sentence is read for the cue lists once
    cues: Cues = field(default_factory=lambda: Cues("", []), repr=False, compare=False)
    distant: bool = False  # its kind has no place (a call): "congratulated him in a call" names both parties


def phrase_spans(lexicons: list[Lexicon], path: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """(start, end) of every phrase of ``path`` in any of the lexicons, in a window of a sentence
    (the frames and hosts read cues so)."""
    return [m.span() for lex in lexicons for m in lex.finditer(path, text)]


def find_triggers(sentence: Sentence, look: Lookup, kinds: Kinds, cues: Cues | None = None) -> list[Trigger]:
    """Contact triggers of a sentence, minus phrases that only look like one ("courtesy call").

    The document's index lets sentences without a trigger word skip the regexes.  Each list is read
    once per sentence, so nothing is kept.  A trigger inside one of a preceding kind ("talks" in
    "phone talks") is that kind's; only a kind with a place is told a visit or a summit.
    """
    text, at = sentence.text, sentence.start
    found = [(kind, look.spans(kind.trigger, text, at)) for kind in kinds.rows]
    if not any(spans for _, spans in found):
        return []  # the index's candidates were no trigger: the other lists need not be read
    blocked = look.spans(("triggers", "not"), text, at)

    def free(span: tuple[int, int]) -> bool:
        return not any(a <= span[0] < b for a, b in blocked)  # "meeting room", not "courtesy call on"

    placed = any(spans and kind.has_place for kind, spans in found)
    visits = {s for s in look.spans(("triggers", "visit"), text, at) if free(s)} if placed else set()
    summits = {s for s in look.spans(("triggers", "summit"), text, at) if free(s)} if placed else set()
    cues = cues if cues is not None else Cues(text, look.lexicons)
    out: list[Trigger] = []
    taken: list[tuple[int, int]] = []  # the spans of the kinds before
    for kind, found_spans in found:
        spans = [(a, b) for a, b in found_spans if free((a, b)) and not any(ta <= a and b <= tb for ta, tb in taken)]
        out += [Trigger(kind.name, a + at, b + at, kind.has_place and (a, b) in visits,
                        kind.has_place and (a, b) in summits, text[a:b], cues=cues, distant=not kind.has_place)
                for a, b in spans]
        taken += spans
    return sorted(out, key=lambda t: t.start)


def cue_spans(trigger: Trigger, lexicons: list[Lexicon], path: Path, window: str, at: int,
              uncut: bool = False) -> list[tuple[int, int]]:
    """Spans of a cue list's matches in ``window``, the piece of the trigger's sentence (or of its lower
    case) at offset ``at``, read through the sentence's cue table (``Cues.spans``)."""
    return trigger.cues.spans(lexicons, path, window, at, uncut)


def clause(text: str, pos: int) -> tuple[int, int]:
    """The comma-delimited clause of ``text`` around ``pos`` (offsets relative to the text)."""
    a, b = 0, len(text)
    for m in CLAUSE_BREAK.finditer(text):  # in order: the last break ending by pos, the first starting after
        if _in_list(text, m):
            continue
        if m.start() >= pos:
            b = m.start()
            break
        if m.end() <= pos:
            a = m.end()
    return a, b


_LISTED = re.compile(r"(?<![\w'’])[A-ZА-ЯЁ][\w'’-]*$")


def _in_list(text: str, m: re.Match[str]) -> bool:
    """A comma between two names of a list ("the presidents of Kazakhstan, Kyrgyzstan and Uzbekistan would
    meet") joins them: the clause goes on."""
    return m.group().startswith(",") and text[m.end():m.end() + 1].isupper() and \
        _LISTED.search(text, 0, m.start()) is not None


def _clause_of(sentence: Sentence, trigger: Trigger) -> tuple[int, int]:
    """``clause`` around the trigger, kept on it."""
    if trigger.span is None:
        trigger.span = clause(sentence.text, trigger.start - sentence.start)
    return trigger.span


def _first(lex: Lexicon, key: str, text: str, look: Lookup, at: int) -> re.Match[str] | None:
    """The first match of one lexicon phrase list in ``text`` (at offset ``at`` of the document)."""
    return next(lex.finditer((key,), text, look.index, at), None)


def status_of(sentence: Sentence, trigger: Trigger, look: Lookup) -> str:
    """"planned" for a future marker in the trigger's clause, "occurred" for a past verb, else "default"."""
    a, b = _clause_of(sentence, trigger)
    text, at = sentence.text[a:b], sentence.start + a
    for lex in look.lexicons:
        if _first(lex, "future", text, look, at):
            return "planned"
        m = _first(lex, "future_infinitive", text, look, at)
        if m and not _first(lex, "past_verbs", text[: m.start()], look, at) \
                and not _first(lex, "factual_infinitive", text[: m.start()], look, at):
            return "planned"
        if _first(lex, "future_adverbs", text, look, at) and not _past_trigger(lex, trigger):
            return "planned"  # "talks later today", not "spoke with … later in the day"
    # a past verb anywhere in the sentence (any lexicon's): read once per sentence, not per contact
    return "occurred" if look.in_sentence(("past_verbs",), sentence) else "default"


def _past_trigger(lex: Lexicon, trigger: Trigger) -> bool:
    """The trigger is itself a past verb ("spoke with", "met")."""
    rx = lex.regex("past_verbs")
    return rx is not None and rx.search(trigger.surface) is not None


def is_reference(sentence: Sentence, look: Lookup) -> bool:
    """The sentence points back at an earlier contact ("their last meeting")."""
    return bool(look.in_sentence(("past_reference",), sentence))


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[a:b].split())


def _plain_words(text: str, a: int, b: int) -> int:
    """Words between a and b, names and titles left out: "a call between President Vladimir Putin and
    French President Emmanuel Macron was not planned" is as near its cue as "a call between them"."""
    return sum(1 for w in text[a:b].split() if not w[0].isupper())


_ASIDE = re.compile(r",\s+[^\W\d_A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^,;:—–]{0,60},\s")  # ", намеченные на среду, "


def _after_end(text: str, start: int) -> int:
    """Where the words after a trigger stop counting: the first break, past a short aside that opens
    in lower case ("Переговоры Путина и Эрдогана, намеченные на среду, отменены"; a list of names
    opens in capitals and stays a break)."""
    stop = AFTER_BREAK.search(text, start)
    if stop is None:
        return len(text)
    aside = _ASIDE.match(text, stop.start())
    if aside is not None:
        stop = AFTER_BREAK.search(text, aside.end()) or None
        return stop.start() if stop else len(text)
    return stop.start()


# the lists modality always reads ("invitation_not" only once an invitation was found)
MODALITY = frozenset(p for p in CUE_LISTS if p[0] == "modality") - {("modality", "invitation_not")}
CONTENT = frozenset({("content",), ("topic_before",), ("content_after",)})


def modality(sentence: Sentence, trigger: Trigger, lexicons: list[Lexicon]) -> str | None:
    """Why a trigger reports no contact — "negated", "hypothetical" or "invitation" — or None.

    Cues count only inside the trigger's clause: a negation within a few words before it ("has no
    plans to hold talks") or after it ("the summit was cancelled"), a hypothetical or an
    invitation anywhere before it ("could become a venue for talks", "invited him to visit"); a
    denial or a guess governs everything after it ("denied reports that …", "analysts expect …").
    """
    lexicons = lexicons[:1]  # the document's own language: a Russian cue word is a name in Kyrgyz ("Ли")
    rel, rel_end = trigger.start - sentence.start, trigger.end - sentence.start
    text = sentence.text
    # the windows are cut at clause breaks (after a space), at 0 and at the trigger: cut inside a word only there
    uncut = not cut(text, rel, rel_end)
    if text.rstrip(" \t\"'»”").endswith("?"):
        return "hypothetical"  # "Will Trump and Xi meet next week?": asked, not reported
    if uncut and trigger.cues.absent(MODALITY):
        return None  # no cue word in the sentence
    a, b = _clause_of(sentence, trigger)
    before = text[a:rel]
    after = text[rel_end:_after_end(text, rel_end)]  # "the meeting between A and B was cancelled"
    # the trigger word itself may end the cue ("не встретится", "won't meet")
    if any(_words_between(before, e, len(before)) <= NEGATION_WORDS for _, e in
           cue_spans(trigger, lexicons, ("modality", "negated"), text[a:rel_end], a, uncut)):
        return "negated"
    if _negated_after(trigger, lexicons, after, rel_end, uncut):
        return "negated"
    if cue_spans(trigger, lexicons, ("modality", "denied"), text[:rel], 0, uncut):
        return "negated"  # "denied reports that A had spoken to B": the whole clause after it is denied
    if cue_spans(trigger, lexicons, ("modality", "speculated"), text[:rel], 0, uncut):
        return "hypothetical"  # "analysts expect A to meet B": a guess about the clause after it
    # the trigger word itself may end the cue ("may meet")
    if any(_words_between(before, e, len(before)) <= HYPOTHETICAL_WORDS for _, e in
           cue_spans(trigger, lexicons, ("modality", "hypothetical"), text[a:rel_end], a, uncut)) or \
            cue_spans(trigger, lexicons, ("modality", "hypothetical_after"), after, rel_end, uncut):
        return "hypothetical"
    if cue_spans(trigger, lexicons, ("modality", "invitation_after"), after, rel_end, uncut) and \
            not any(_words_between(after, 0, s) <= DURING_WORDS
                    for s, _ in cue_spans(trigger, lexicons, ("frames", "during_after"), after, rel_end, uncut)):
        return "invitation"  # verb-final: "… расмий сапар менен келүүгө чакырды" (not "сөйлесу барысында … шақырды")
    wide = text[:rel_end]  # "he had asked Ramaphosa to come and to visit Pretoria": the ask may open the sentence
    invited = cue_spans(trigger, lexicons, ("modality", "invitation"), wide, 0, uncut)
    if invited:
        real = cue_spans(trigger, lexicons, ("modality", "invitation_not"), wide, 0, uncut)
        if any(not any(ra <= s < rb or s <= ra < e for ra, rb in real) for s, e in invited):
            return "invitation"
    return None


def _negated_after(trigger: Trigger, lexicons: list[Lexicon], after: str, at: int, uncut: bool) -> bool:
    """A negation after the trigger, near it when names are left out ("the meeting was cancelled")."""
    return any(_plain_words(after, 0, s) <= NEGATION_AFTER_WORDS for s, _ in
               cue_spans(trigger, lexicons, ("modality", "negated_after"), after, at, uncut))


def called_off_before(sentence: Sentence, triggers: list[Trigger], named: list[tuple[int, int]],
                      lexicons: list[Lexicon]) -> int:
    """Where a later clause calls off the contact reported before it ("were due to hold talks in Berlin,
    but the meeting was postponed"): the offset of a negated trigger whose clause names nobody (so it
    can only be the contact already told), or -1.  ``named``: the spans of the sentence's actors."""
    for t in triggers[1:]:
        a, b = _clause_of(sentence, t)
        lo, hi = sentence.start + a, sentence.start + b
        end = t.end - sentence.start
        after = sentence.text[end:_after_end(sentence.text, end)]
        if not any(lo <= s < hi for s, _ in named) and _negated_after(t, lexicons[:1], after, end, False):
            return t.start
    return -1


def _manner_words(lex: Lexicon) -> frozenset[str]:
    return frozenset(str(w).lower() for w in (lex.raw.get("frames") or {}).get("manner") or [])


def _manner(trigger: Trigger, lexicons: list[Lexicon]) -> bool:
    words = trigger.surface.lower().split()
    if not words:
        return False
    return any(words[0] in m or words[-1] in m for m in (lex.memo("trigger:manner", _manner_words) for lex in lexicons))


def is_content(sentence: Sentence, trigger: Trigger, lexicons: list[Lexicon]) -> bool:
    """The trigger names what a contact was about ("discussed preparations for the summit",
    "проинформировал о переговорах"): no new contact unless its participants are named."""
    lexicons = lexicons[:1]
    if _manner(trigger, lexicons):
        return False  # "discussed the crisis with Macron by phone": how the contact was held, not its topic
    rel, rel_end = trigger.start - sentence.start, trigger.end - sentence.start
    text = sentence.text
    uncut = not cut(text, rel, rel_end, rel_end + 40)  # the windows' ends: a clause break, the trigger, 40 after it
    if uncut and trigger.cues.absent(CONTENT):
        return False  # no cue word in the sentence
    a, _ = _clause_of(sentence, trigger)
    before = text[a:rel]
    after = text[rel_end:rel_end + 40]
    near = [(e, CONTENT_WORDS) for _, e in cue_spans(trigger, lexicons, ("content",), before, a, uncut)]
    if near:  # a past verb between cue and trigger, or as the trigger, asserts the contact: "Путин накануне
        # провел разговор", "Накануне вечером Моди встретил Путина"
        verbs = [v for v, _ in cue_spans(trigger, lexicons, ("past_verbs",), before, a, uncut)]
        if any(_past_trigger(lex, trigger) for lex in lexicons):
            verbs.append(len(before))
        near = [(e, n) for e, n in near if not any(v >= e for v in verbs)]
    near += [(e, TOPIC_WORDS) for _, e in cue_spans(trigger, lexicons, ("topic_before",), before, a, uncut)]
    if near and any(_words_between(before, e, len(before)) <= SETTING_WORDS and e > max(x for x, _ in near)
                    for path in (("frames", "fronted"), ("frames", "settings"))
                    for _, e in cue_spans(trigger, lexicons, path, before, a, uncut)):
        return False  # "discussed trade at their meeting", "will discuss it when they meet": when, not what about
    return any(_words_between(before, e, len(before)) <= limit for e, limit in near) or \
        any(_words_between(after, 0, s) <= TOPIC_WORDS for s, _ in cue_spans(trigger, lexicons, ("content_after",),
                                                                           after, rel_end, uncut))


CALL_AFTER = 30  # characters between a meeting word and the call words that say how it was held


def kind_of(t: Trigger, triggers: list[Trigger], kinds: Kinds) -> str:
    """"A summit via video conference", "talks by phone": a trigger of a preceding kind right after
    this one says how the contact was held."""
    return kinds.first([t.kind, *(c.kind for c in triggers if 0 <= c.start - t.end <= CALL_AFTER)])


def may_trigger(text: str, sentences: list[Sentence], index: LexIndex, kinds: Kinds) -> list[int]:
    """The sentences (by position) where the index has a trigger candidate: its candidates of all kinds,
    merged once per document, then one look-up per sentence."""
    if not index.known:
        return list(range(len(sentences)))
    starts = sorted({p for path in kinds.triggers for p in index.starts(path)})
    out = []
    for i, s in enumerate(sentences):
        k = bisect_left(starts, s.start)
        if k < len(starts) and starts[k] < s.end:
            out.append(i)
        elif s.start > 0 and (text[s.start - 1].isalnum() or text[s.start - 1] == "_") and \
                any(index.may(path, s.start, s.end) for path in kinds.triggers):
            out.append(i)  # a sentence cut inside a word: a head found there only counts at its start
    return out
