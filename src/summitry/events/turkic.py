"""Frames of verb-final sentences (Kazakh, Kyrgyz): the case of each actor of the trigger's clause says its slot.

Split from ``frames`` (subject–verb–object languages): the two share a ``Frame`` and the strong-break
rules, and differ in everything else.
"""

from __future__ import annotations

from summitry.events.actors import COUNTRY, LEADER, OTHER, Actor
from summitry.events.frames import TURKIC_STRONG, Frame, _quotes_blanked, vocab
from summitry.events.triggers import Trigger
from summitry.knowledge import Lexicon
from summitry.model import Sentence

_TURKIC_SLOTS = ("", "with", "genitive", "accusative")
_AFTER_SLOTS = ("with", "accusative", "dative", "genitive")


def _clause_actors(t: Trigger, actors: list[Actor], s: Sentence) -> tuple[list[Actor], list[Actor]]:
    """Actors of the trigger's clause before it, and after it up to the next strong break."""
    rel, text = t.start - s.start, _quotes_blanked(s.text)
    cut = max((m.end() + s.start for m in TURKIC_STRONG.finditer(text[:rel])), default=s.start)
    stop = next((m.start() + s.start for m in TURKIC_STRONG.finditer(text, t.end - s.start)), s.end)
    before = [a for a in actors if cut <= a.start and a.end <= t.start and a.kind != COUNTRY]
    after = [a for a in actors if t.end <= a.start and a.end <= stop and a.kind != COUNTRY]
    return before, after


def _postposition(a: Actor, actors: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> str:
    """An unmarked actor followed by a separate "менен"/"мен": the comitative ("Мирзиёев менен
    жолугушту"), unless another actor follows it ("Жапаров менен Рахмон" = Japarov and Rahmon)."""
    rest = s.text[a.end - s.start:]
    word = rest.split(maxsplit=1)[0].strip(",").lower() if rest.strip() else ""
    if a.case or word not in vocab(lexicons, "with"):
        return a.case
    after = a.end + rest.lower().index(word) + len(word)
    nxt = next((b for b in actors if b.start >= after), None)
    if nxt is not None and not s.text[after - s.start:nxt.start - s.start].strip():
        return a.case
    return "with"


def _comitative_list(left: list[Actor], s: Sentence, lexicons: list[Lexicon]) -> None:
    """"Жапаров Си Цзиньпин жана Моди менен жолугушту": the ending or postposition of the last of a list
    joined by "жана"/"және" or commas marks the whole list (Japarov met Xi and Modi), not only the last."""
    joiners = {w for w in vocab(lexicons, "coordination") if w not in vocab(lexicons, "with")} | {","}
    for i in range(len(left) - 1, 0, -1):
        a, b = left[i], left[i - 1]
        gap = s.text[b.end - s.start:a.start - s.start].replace(",", " , ").split()
        if a.case == "with" and b.case == "" and gap and all(w.lower() in joiners for w in gap):
            b.case = "with"


def bind_turkic(t: Trigger, actors: list[Actor], s: Sentence, lexicons: list[Lexicon] | None = None) -> Frame:
    """The frame of one trigger in a verb-final sentence: the actors of its clause before it.

    The nominative is the subject; the comitative (Путинмен, Путин менен), the genitive (the
    possessor of a noun trigger: Жапаровдун … жолугушуусу) and the accusative (Тоқаевты … қарсы
    алды) are counterparts.  A dative, locative or ablative actor is a place or a direction, and an
    actor right before a non-leader is its possessor ("президенттин … кеңешчиси", an adviser's principal).
    A trigger that is not the clause's verb ("Кездесу барысында …", "телефондук сүйлөшүүдө …")
    also binds the nominative and the comitative, accusative or dative actors after it.
    """
    left, right = _clause_actors(t, actors, s)
    for a in left + right if lexicons else []:
        a.case = _postposition(a, actors, s, lexicons or [])
    _comitative_list(left + right, s, lexicons or [])
    kept: list[Actor] = []
    for i, a in enumerate(left):
        nxt = left[i + 1] if i + 1 < len(left) else None
        if a.case not in _TURKIC_SLOTS and not (t.distant and a.case == "dative"):
            continue  # a call has no destination: its dative is whom it was made to ("Тоқаевқа … телефон шалды")
        if nxt is not None and nxt.kind == OTHER and len(s.text[a.end - s.start:nxt.start - s.start].split()) <= 1:
            continue  # the possessor of a non-leader
        kept.append(a)
    how = "clause before the trigger"
    later = [a for a in right if a.case in ("", *_AFTER_SLOTS)]
    if later and (not kept or not any(a.case == "" for a in kept) or all(a.case == "" for a in kept)):
        kept += [a for a in later if a.case in _AFTER_SLOTS or not any(k.case == "" for k in kept)]
        how = "clause around the trigger"
    subject = [a for a in kept if a.case == "" and a.kind != OTHER] or [a for a in kept if a.case == ""][:1]
    objects = [a for a in kept if a not in subject and a.case]  # a second nominative is not a counterpart
    owners = [a for a in objects if a.case == "genitive" and a.kind == LEADER]
    if owners and all(a.kind == OTHER for a in subject) and len(objects) > len(owners):
        # "Сыртқы істер министрлігі Тоқаевтың Мирзиёевпен кездесуі туралы мәлімдеді": the press service reports the
        # meeting; its possessor is the party
        subject, objects = owners, [a for a in objects if a not in owners]
    if any(a.kind == OTHER for a in objects) and not any(a.kind == LEADER for a in objects):
        return Frame(t, subject, objects, how)
    return Frame(t, subject, [a for a in objects if a.kind != OTHER], how)
