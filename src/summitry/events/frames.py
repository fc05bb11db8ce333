"""Frames: which actors a trigger binds as the parties to a contact.

A contact is a trigger with its participants tied to it: the subject before it ("Putin held talks"),
the counterpart after a marker ("… with Tokayev", "… between A and B", "с Токаевым") or right after
a direct trigger ("met Tokayev", "принял президента Киргизии", "встреча Путина и Токаева"); in
verb-final Kazakh and Kyrgyz, the actors of the clause before the trigger in the nominative, the
comitative (-мен, менен), the genitive or the accusative.  An actor that is not a leader fills its
slot all the same, and an actor the frame does not bind is not a participant, however close it is.
Each frame says how it bound its actors (``how``), which becomes the participants' derivation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summitry.events.actors import COUNTRY, GROUP, LEADER, OTHER, POSSESSIVE, PRONOUN, TITLE, Actor
from summitry.events.cues import cut
from summitry.events.triggers import Trigger, cue_spans, phrase_spans
from summitry.knowledge import Lexicon, any_phrase, word_list
from summitry.model import Sentence

STRONG = re.compile(r"[;:!?()]|\s[—–-]\s")
# In a verb-final sentence a spaced dash joins an apposition ("Сыртқы істер министрі – Премьер-министрдің
# орынбасары", "Қос киенің сақшысы – Сауд Арабиясының Королі"), it does not end the clause.
TURKIC_STRONG = re.compile(r"[;:!?()]")
QUOTED = re.compile(r"[«“\"][^«»“”\"]{1,80}[»”\"]|\([^()]{1,40}\)")


def _quotes_blanked(text: str) -> str:
    """A quoted name or a short parenthesis keeps its length but is no break: "“Central Asia – Japan”
    summit", "the summit of the Turkic Council (CCTS)"."""
    return QUOTED.sub(lambda m: " " * len(m.group()), text)


_BREAK_CHARS = re.compile(r"[;:!?()—–-]")  # what a strong break holds (blanking quotes adds none of them)


def strong(text: str) -> re.Match[str] | None:
    """The first strong break (a clause boundary no frame crosses) outside quoted names."""
    if _BREAK_CHARS.search(text) is None:
        return None  # most gaps: nothing to blank quotes for
    return STRONG.search(_quotes_blanked(text))


def strong_breaks(text: str, pos: int = 0) -> list[re.Match[str]]:
    return list(STRONG.finditer(_quotes_blanked(text), pos))


MAX_GAP_WORDS = 12  # "held talks on the sidelines of the summit in Tirana on Tuesday with …"
REPORTED = re.compile(r"\s*(?:,|:|that\b|что\b|деп\b|dep\b)")
REPORTED_WORDS = 3  # "said that following a call with": the speaker may still be the party
MAX_MODIFIER_WORDS = 2  # words between "with" and the counterpart it introduces
_PUNCT = re.compile(r"[,\s]+")


@dataclass
class Frame:
    """The actors a trigger binds: its subject group, its counterparts, and how they were bound."""

    trigger: Trigger
    subject: list[Actor] = field(default_factory=list)
    objects: list[Actor] = field(default_factory=list)
    how: str = ""
    between: bool = False  # "talks between A and B": the counterparts are all the parties


def _words(lex: Lexicon, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in (lex.raw.get("frames") or {}).get(key) or [])


def _vocab_table(_: Lexicon) -> dict[str, frozenset[str]]:
    return {}


def vocab(lexicons: list[Lexicon], key: str) -> frozenset[str]:
    """The ``frames`` word list ``key`` of all the lexicons; the union is kept on the first, in one table
    per list of lexicons (rules ask for it dozens of times per sentence: one look-up, no key to build)."""
    if not lexicons:
        return frozenset()
    name = "frames" if len(lexicons) == 1 else "frames" + "".join("+" + lex.lang for lex in lexicons[1:])
    table: dict[str, frozenset[str]] = lexicons[0].memo(name, _vocab_table)
    got = table.get(key)
    if got is None:
        got = table[key] = frozenset().union(*(_words(lex, key) for lex in lexicons))
    return got


# a run of characters between commas and spaces, without the quotes it starts or ends with
_TOKEN = re.compile(r"[^,\s'’](?:[^,\s]*[^,\s'’])?")


def _tokens(gap: str) -> list[str]:
    """The gap's words, lower-cased, as split at commas and spaces and stripped of quotes."""
    return _TOKEN.findall(gap.lower())


def _participation(gap: str, lexicons: list[Lexicon]) -> re.Match[str] | None:
    """"An extended meeting with the participation of the presidents of …", "с участием"."""
    for lex in lexicons:
        rx = lex.regex("frames", "participation")
        m = rx.search(gap) if rx is not None else None
        if m is not None and len(gap[m.end():].split()) <= MAX_MODIFIER_WORDS:
            return m
    return None


PLACE_WORDS = 4  # a place phrase between a verb and its object: "принял в загородной резиденции Лукашенко"


def _place_phrase(words: list[str], lexicons: list[Lexicon]) -> bool:
    """Whether ``words`` (lower case) are one place phrase: "в «Бочаровом ручье»", "at the Élysée Palace"."""
    preps = word_list(lexicons[:1], "location_prepositions")
    return 2 <= len(words) <= PLACE_WORDS and words[0] in preps


def _unplaced(gap: str, core: list[str], lexicons: list[Lexicon]) -> list[str]:
    """The gap's words once a place phrase is set aside: "встреча в Астане президентов …", "принял в
    загородной резиденции …"."""
    raw = [w.strip("'’«»\"“”") for w in _PUNCT.split(gap) if w.strip("'’«»\"“”")]
    if "," not in gap and _place_phrase([w.lower() for w in raw], lexicons):
        return []
    if not raw or not raw[-1][:1].isupper() or len(raw) > 2 or "," in gap:
        return core
    preps = vocab(lexicons, "not_subject")
    return [] if len(raw) == 1 or raw[0].lower() in preps else core


def _instrumental(right: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> list[Actor]:
    """The actors from the first one whose first word is in the instrumental case (Russian: "-ом",
    "-ами"), when a long participle phrase separates it from "с"."""
    endings = tuple(vocab(lexicons, "instrumental"))
    if not endings:
        return []
    for i, a in enumerate(right):
        if strong(s.text[right[0].start - s.start:a.start - s.start]):
            return []
        word = s.text[a.start - s.start:a.end - s.start].split()[0].lower()
        if a.kind == LEADER and word.endswith(endings):
            return right[i:]
    return []


def _tail(gap: str, marker: str) -> list[str]:
    """The gap's words after its last ``marker`` word, in their case."""
    raw = [w.strip("'’") for w in _PUNCT.split(gap) if w.strip("'’")]
    last = max((i for i, w in enumerate(raw) if w.lower() == marker), default=len(raw))
    return raw[last + 1:]


def _is_direct(t: Trigger, lexicons: list[Lexicon]) -> bool:
    for lex in lexicons:
        rx = lex.regex("frames", "direct")
        if rx is not None and rx.fullmatch(t.surface.lower()) is not None:
            return True
    return False


def _coordinated(first: Actor, rest: list[Actor], text: str, at: int, lexicons: list[Lexicon]) -> list[Actor]:
    """"A, B and C": actors joined by commas and conjunctions only (juxtaposed names are not a
    list: "the deputy of the president of Russia" is one non-leader and his principal)."""
    coordination = vocab(lexicons, "coordination")
    phrases = sorted((p for p in coordination if " " in p), key=len, reverse=True)  # "as well as", "а также"
    coordination |= {p.replace(" ", "_") for p in phrases}
    joiners = coordination | vocab(lexicons, "determiners")
    out, last, before = [first], first, ""
    for nxt in rest:
        if nxt.kind == PRONOUN:
            break  # "met A, and on Wednesday he met B": a subject pronoun opens the next clause
        between = text[last.end - at:nxt.start - at]
        owned = POSSESSIVE.match(between)  # "China's Xi Jinping": the country qualifies the name after it
        gap = before + (between[owned.end():] if owned else between) if before else between
        if last.refs and all(r.person_id is None for r in last.refs):
            gap = " ".join(w for w in gap.split(" ") if not w[:1].isupper())  # "his counterpart Pravind Jugnauth and …"
        low = gap.lower()
        for p in phrases:
            low = low.replace(p, p.replace(" ", "_"))
        words = _tokens(low)
        before = ""
        if nxt.kind == COUNTRY and (words == ["of"] or _qualifies(nxt, rest, text, at)):
            # "Rahmon of Tajikistan and Putin of Russia"; "президентов Таджикистана Рахмона, России Путина":
            # the comma before the qualifying country joins the leader after it
            before = "" if words == ["of"] else gap
            last = nxt
            continue
        joined = set(words) & coordination
        repeated = set(words) & vocab(lexicons, "with") if joined else set()  # "и с A, и с B", "with A and with B"
        if strong(gap) or nxt.kind == COUNTRY or not set(words) <= joiners | repeated:
            break
        if not joined and "," not in gap:
            break
        out.append(nxt)
        last = nxt
    return out


def _qualifies(country: Actor, rest: list[Actor], text: str, at: int) -> bool:
    """A country right before a leader of its own ("России Владимира Путина") qualifies him."""
    nxt = next((a for a in rest if a.start >= country.end), None)
    between = text[country.end - at:nxt.start - at].strip() if nxt is not None else "-"
    return nxt is not None and nxt.kind == LEADER and between in ("", "'s", "’s") and \
        {r.country for r in nxt.refs} == {r.country for r in country.refs}


def _split_owner(objects: list[Actor], rest: list[Actor], s: Sentence,
                 lexicons: list[Lexicon]) -> tuple[list[Actor], list[Actor]]:
    """"встреча Путина с Токаевым", "the meeting of A with B": a possessor, then its counterparts."""
    last = objects[-1]
    nxt = next((a for a in rest if a.start >= last.end), None)
    if nxt is None or nxt.kind == COUNTRY:
        return [], objects
    gap = s.text[last.end - s.start:nxt.start - s.start]
    core = [w for w in _tokens(gap) if w not in vocab(lexicons, "determiners")]
    if strong(gap) or len(core) != 1 or core[0] not in vocab(lexicons, "with") or core[0] == "of":
        return [], objects
    return objects, _coordinated(nxt, [a for a in rest if a.start > nxt.start], s.text, s.start, lexicons)


def _objects(t: Trigger, actors: list[Actor], s: Sentence,
             lexicons: list[Lexicon]) -> tuple[list[Actor], list[Actor], str]:
    """The possessor of a noun trigger (if any), the counterparts after a trigger, and how they are tied to it.

    "with" may come after a few words ("held talks in Tirana on Tuesday with …") and be followed by
    a modifier or two ("with the visiting …", "с сидевшим рядом президентом"); "of" and "between"
    must follow the trigger directly ("the visit of …", "talks between …").
    """
    right = [a for a in actors if a.start >= t.end]
    if not right:
        return [], [], ""
    first = right[0]
    gap = s.text[t.end - s.start:first.start - s.start]
    if first.kind == COUNTRY and _qualifies(first, right[1:], s.text, s.start):
        right = right[1:]  # "hosted Jordan's King Abdullah": the country qualifies the leader after it
        first = right[0]
    words = _tokens(gap)
    if strong(gap) or len(words) > MAX_GAP_WORDS or first.kind == COUNTRY:
        return [], [], ""
    dets = vocab(lexicons, "determiners")
    core = [w for w in words if w not in dets]
    with_words = vocab(lexicons, "with")
    marker = next((i for i in range(len(core) - 1, -1, -1) if core[i] in with_words), None)
    if marker is not None and core[marker] in vocab(lexicons, "adjacent_only") and marker != 0 and \
            not _place_phrase(words[:words.index(core[marker])], lexicons):  # "welcomed at the Élysée by X"
        marker = None
    part = _participation(gap, lexicons)
    if part is not None:
        return [], _coordinated(first, right[1:], s.text, s.start, lexicons), "with the participation of"
    if marker is None and t.surface.split()[-1].lower() in with_words and len(core) <= MAX_MODIFIER_WORDS:
        # the trigger ends with its marker: "a conversation with", "sat down with"
        return [], _coordinated(first, right[1:], s.text, s.start, lexicons), f"'{t.surface}'"
    far = _instrumental(right, s, lexicons) if core and core[0] in with_words and len(core) > 1 else []
    if far:  # "переговоры с приехавшими накануне на форум Президентами Армении …, Азербайджана …"
        return [], _coordinated(far[0], far[1:], s.text, s.start, lexicons), "'с' and the instrumental case"
    if marker is not None and any(w[:1].isupper() for w in _tail(gap, core[marker])):
        return [], [], ""  # "with John Smith, the president's envoy": someone the knowledge base does not know
    if marker is not None and len(core) - marker - 1 <= MAX_MODIFIER_WORDS:
        how = "between" if core[marker] in ("between", "между") else f"'{core[marker]}' after the trigger"
    elif not _unplaced(gap, core, lexicons) and _is_direct(t, lexicons):
        objects = _coordinated(first, right[1:], s.text, s.start, lexicons)
        owner, counterparts = _split_owner(objects, right, s, lexicons)
        if owner:
            return owner, counterparts, "possessor of the trigger + its counterpart"
        if len(objects) >= 2 and any(phrase_spans([lex], ("frames", "nouns"), t.surface) for lex in lexicons[:1]):
            return [], objects, "between"  # "назвал важной встречу Мирзиёева и Рахмона": theirs, not his
        return [], objects, "object of the trigger"
    else:
        return [], [], ""
    objects = _coordinated(first, right[1:], s.text, s.start, lexicons)
    if core[marker] == "of" and _refs(objects) >= 2:
        how = "between"  # "the meeting of the presidents of China and the United States": theirs
    return [], _including(objects, right, s, lexicons) or objects, how


def _refs(actors: list[Actor]) -> int:
    return sum(max(len(a.refs), 1) for a in actors)


def _including(objects: list[Actor], right: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> list[Actor]:
    """"Meetings with leaders of several countries, including the King of Jordan, the President of
    …": a plural reference opens a list its "including" names."""
    if len(objects) != 1 or objects[0].kind not in (GROUP, TITLE):
        return []
    nxt = next((a for a in right if a.start >= objects[0].end and a.kind != COUNTRY), None)
    if nxt is None:
        return []
    gap = s.text[objects[0].end - s.start:nxt.start - s.start].lower()
    if strong(gap) or not any_phrase(lexicons, ("frames", "including"), gap):
        return []
    return _coordinated(nxt, [a for a in right if a.start > nxt.start], s.text, s.start, lexicons)


def marked(a: Actor, s: Sentence, lexicons: list[Lexicon]) -> bool:
    """The actor follows a preposition ("with X", "to X", "of X", "для X"): it cannot be a subject.
    Kept on the actor (asked per trigger and once more for the context; the lexicons are the sentence's)."""
    if a.marked is None:
        before = _tokens(s.text[max(0, a.start - s.start - 40):a.start - s.start])
        dets = vocab(lexicons, "determiners")
        while before and before[-1] in dets:
            before.pop()
        a.marked = bool(before) and (before[-1] in vocab(lexicons, "with") or
                                     before[-1] in vocab(lexicons, "not_subject"))
    return a.marked


def _reported(t: Trigger, gap: str, at: int, lexicons: list[Lexicon]) -> bool:
    """A reporting verb opens a clause of its own: "said that", "заявил, что"; ``gap``: the piece of the
    trigger's sentence at offset ``at``, read through its cue table (most sentences have no reporting verb)."""
    for _, end in cue_spans(t, lexicons, ("reporting_verbs",), gap, at):
        opened = REPORTED.match(gap, end)
        if opened is not None and len(gap[opened.end():].split()) >= REPORTED_WORDS:
            return True
    return False


def _addressee(t: Trigger, a: Actor, s: Sentence, lexicons: list[Lexicon]) -> bool:
    """Someone who is no leader right after a reporting verb is whom it was said to ("told reporters at the
    summit"): not the subject of the trigger after it."""
    if a.kind != OTHER:
        return False
    at = max(0, a.start - s.start - 24)
    return any(not s.text[at + end:a.start - s.start].strip()
               for _, end in cue_spans(t, lexicons, ("reporting_verbs",), s.text[at:a.start - s.start], at))


def opens_clause(gap: str, lexicons: list[Lexicon]) -> bool:
    return bool(set(_tokens(gap)) & vocab(lexicons, "complementizers"))


def _gerund_clause(t: Trigger, s: Sentence, lexicons: list[Lexicon]) -> int | None:
    """Where a participle clause that holds the trigger starts (", hours before holding a call with …"):
    its subject is the main clause's, not the object just before the comma."""
    before = s.text[:t.start - s.start]
    comma = before.rfind(", ")
    temporal = vocab(lexicons, "temporal")
    suffixes = tuple(vocab(lexicons, "gerund_suffixes"))
    last = before.rstrip().rsplit(None, 1)
    if suffixes and len(last) == 2 and last[1].lower() in temporal and _tokens(t.surface)[0].endswith(suffixes) \
            and comma < len(last[0]):  # "thanked Putin for the welcome after arriving in Moscow": Modi arrived
        return len(last[0]) + s.start
    if comma < 0 or strong(before[comma:]):
        return None
    words = _tokens(before[comma:]) + _tokens(t.surface)[:1]  # "after meeting": the trigger is the participle
    for i, w in enumerate(words[:-1]):
        if w in temporal and suffixes and words[i + 1].endswith(suffixes) and len(words) - i <= 5:
            return comma + s.start
    return None


def _possessor(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon],
               taken: set[int]) -> list[Actor]:
    """"Kallas said she had told Scholz about her visit to Tokyo": a possessive right before a noun
    trigger stands for the clause's subject (the pronoun "she", else its first leader), not the name nearest."""
    owners = vocab(lexicons[:1], "possessives") | vocab(lexicons[:1], "plural_possessives")
    before = s.text[:t.start - s.start].lower()
    if not any(w in before for w in owners):
        return []  # no possessive word anywhere before the trigger: the common case, decided without a pass
    left = [a for a in actors if a.end <= t.start and id(a) not in taken and not marked(a, s, lexicons)]
    gap = s.text[(left[-1].end if left else s.start) - s.start:t.start - s.start]
    words = set(re.findall(r"[\w'’]+", gap.lower()))
    if strong(gap) or not left:
        return []
    leaders = [a for a in left if a.kind == LEADER]
    if vocab(lexicons[:1], "plural_possessives") & words and len(leaders) >= 2:
        return leaders[-2:]  # "Mirziyoyev told Japarov during their talks": the two of them
    if not vocab(lexicons[:1], "possessives") & words:
        return []  # "… on her trip to Washington for talks with …": the trip and the talks are hers
    pronoun = [a for a in left if a.kind == PRONOUN]
    return pronoun[-1:] or leaders[:1]


RELATIVE_WORDS = 4  # words between a relative pronoun and the trigger of its clause: "who was visiting"


def _antecedent(t: Trigger, left: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> list[Actor]:
    """The leaders a relative clause that holds the trigger is about (", who was visiting Turkey", "Merz
    and Fico, who spoke by phone"): the actors right before its comma, taken or not."""
    if not left or left[-1].kind != LEADER:
        return []
    gap = s.text[left[-1].end - s.start:t.start - s.start]
    words = _tokens(gap)
    pronouns = word_list(lexicons[:1], "relative_pronouns")
    if not gap.lstrip().startswith(",") or not words or words[0] not in pronouns or len(words) > RELATIVE_WORDS:
        return []
    group = [left[-1]]
    for b in reversed(left[:-1]):
        if b.kind == COUNTRY or _coordinated(b, [group[0]], s.text, s.start, lexicons) == [b]:
            break
        group.insert(0, b)
    return group


def _subject(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon],
             taken: set[int]) -> list[Actor]:
    """The nearest free actor group before the trigger, in the same sentence and without a strong break;
    for a trigger in a participle clause, the main clause's first leader."""
    left = [a for a in actors if a.end <= t.start]
    antecedent = _antecedent(t, left, s, lexicons)
    if antecedent:
        return antecedent  # "spoke with Zelensky, who was visiting Turkey": the visit is Zelensky's
    cut = _gerund_clause(t, s, lexicons)
    if cut is not None:
        main = [a for a in left if a.end <= cut and a.kind == LEADER and id(a) not in taken
                and not marked(a, s, lexicons)]
        return main[:1]
    for i in range(len(left) - 1, -1, -1):
        a = left[i]
        if strong(s.text[a.end - s.start:t.start - s.start]) or \
                _reported(t, s.text[a.end - s.start:t.start - s.start], a.end - s.start, lexicons):
            return []  # "Peskov said that the talks …": the speaker is not a party
        if opens_clause(s.text[a.end - s.start:t.start - s.start], lexicons) and \
                not anchored(t, s, lexicons) and not _opened_by(t, s, lexicons):
            return []  # "told Scholz that talks with Putin …": Scholz is the outer clause's
        if a.kind == COUNTRY or id(a) in taken or marked(a, s, lexicons) or _addressee(t, a, s, lexicons):
            continue
        group = [a]
        for b in reversed(left[:i]):
            if b.kind == COUNTRY or id(b) in taken or _coordinated(b, [group[0]], s.text, s.start, lexicons) == [b]:
                break
            group.insert(0, b)
        return group
    return []


def cue_before(t: Trigger, s: Sentence, lexicons: list[Lexicon], path: tuple[str, ...], words: int,
               chars: int = 40) -> bool:
    """A phrase of ``path`` ends at most ``words`` words before the trigger (within ``chars`` characters)."""
    at, rel = max(0, t.start - s.start - chars), t.start - s.start
    uncut = not cut(s.text, at, rel)
    if uncut and not t.cues.matched(path):
        return False  # the list matches nowhere in the sentence
    before = s.text[at:rel].lower()
    return any(any(len(before[e:].split()) <= words for _, e in cue_spans(t, [lex], path, before, at, uncut))
               for lex in lexicons)


def anchored(t: Trigger, s: Sentence, lexicons: list[Lexicon]) -> bool:
    """A temporal word right before the trigger: "after the summit", "после окончания саммита"."""
    return cue_before(t, s, lexicons[:1], ("frames", "temporal"), 2)

def _opened_by(t: Trigger, s: Sentence, lexicons: list[Lexicon]) -> bool:
    """A "during" word right before the trigger ("During a phone call …", "в ходе онлайн-встречи"), or
    opening a trigger phrase of its own ("In a call with Macron, Zelensky …")."""
    return cue_before(t, s, lexicons, ("frames", "fronted"), 3) or _self_fronted(t, lexicons)

def _self_fronted(t: Trigger, lexicons: list[Lexicon]) -> bool:
    """A trigger phrase that opens with a "during" word of its own ("in a call", "during the call")."""
    return any(a == 0 for a, _ in phrase_spans(lexicons, ("frames", "fronted"), t.surface))
