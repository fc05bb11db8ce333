"""Early exit: can a text hold a contact at all?  Decided from its set of words, in microseconds.

Most of a news feed mentions no leader.  A contact needs a contact trigger ("phone call",
"встретился") and a reference to a leader (a name, an office title, or a country for "Russia-China
talks"); each of those requires some word to occur in the text, as a whole word or a word
beginning.  So the knowledge base compiles to two sets of such words, and a document whose
folded words meet neither set is done: no scan, no sentence splitting.  The test is a necessary
condition only (it never drops a document the full pipeline would read a contact from); the
full pipeline decides the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from summitry.knowledge.variants import fold

LEADER_KINDS = ("person", "surname", "country", "adjective")
STEM = 5  # word beginnings are compared on their first STEM characters
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class WordSet:
    """Words that must occur whole (``exact``) or as a word beginning (``prefixes`` by length).

    Tested on a text's words joined by single spaces (" met putin in sochi "): one Aho–Corasick
    pass for " word " and " begin", in C, instead of a set of the text's words and their stems.
    """

    exact: frozenset[str]
    prefixes: dict[int, frozenset[str]]
    always: bool = False  # some phrase could not be reduced to a word: every text passes
    automaton: Any = field(default=None, compare=False, hash=False, repr=False)

    def meets(self, joined: str) -> bool:
        """``joined``: the text's lower-cased words, each between single spaces (see ``_joined``)."""
        if self.always:
            return True
        return self.automaton is not None and next(self.automaton.iter(joined), None) is not None


class _Builder:
    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.prefixes: dict[int, set[str]] = {}
        self.always = False

    def word(self, word: str, prefix: bool) -> None:
        """A phrase's word: whole (the phrase regex ends it at a word boundary or a space), or, before
        a ``*``, a word beginning compared on its first STEM characters."""
        for form in {word, fold(word)}:
            if prefix:
                n = min(len(form), STEM)
                self.prefixes.setdefault(n, set()).add(form[:n])
            else:
                self.exact.add(form)

    def build(self) -> WordSet:
        keys = [f" {w} " for w in self.exact] + [f" {h}" for heads in self.prefixes.values() for h in heads]
        auto = None
        if keys:
            auto = ahocorasick.Automaton()
            for key in keys:
                auto.add_word(key, None)
            auto.make_automaton()
        return WordSet(frozenset(self.exact), {n: frozenset(v) for n, v in sorted(self.prefixes.items())},
                       self.always, auto)


def _phrase_word(entry: str, builder: _Builder) -> None:
    """The longest word a lexicon phrase must contain whole (or, before ``*``, as a beginning)."""
    text = entry.lower().strip()
    bounded = text[:1].isalnum() and text.rstrip("*")[-1:].isalnum()
    words = text.split()
    candidates: list[tuple[str, bool]] = []
    for wi, word in enumerate(words):
        star = word.endswith("*")
        pieces = _TOKEN.findall(word.rstrip("*"))
        for pi, piece in enumerate(pieces):
            if wi == 0 and pi == 0 and not bounded and word[:1].isalnum():
                continue  # no word boundary before a loose phrase: its first piece may sit inside a word
            candidates.append((piece, star and pi == len(pieces) - 1))
    if not candidates:
        builder.always = True
        return
    piece, star = max(candidates, key=lambda c: (len(c[0]), not c[1]))
    builder.word(piece, prefix=star)


@dataclass(frozen=True)
class NameSet:
    """Names by the stem of their first word (which the text must capitalise), with the stems of
    their other words (which must occur too): "The Gambia" needs "The" *and* "gambia"."""

    by_first: dict[str, tuple[frozenset[str], ...]]

    def meets(self, capitalised: set[str], stems: set[str]) -> bool:
        return any(rest <= stems for first in capitalised for rest in self.by_first.get(first, ()))


def name_set(patterns: dict[str, list[list[str]]], suffixes: Iterable[str]) -> NameSet:
    """The names of people and countries (and country adjectives) a leader reference needs."""
    by_first: dict[str, set[frozenset[str]]] = {}
    suffixes = list(suffixes)
    for key, refs in patterns.items():
        if not any(kind in LEADER_KINDS for kind, _ in refs):
            continue
        tokens = _TOKEN.findall(key)
        if not tokens:
            continue
        first, rest = tokens[0], tokens[1:]
        if rest and len(rest[-1]) < STEM and "\u0400" <= rest[-1][-1] <= "\u04ff":
            rest = rest[:-1]  # a short last word may carry a Turkic suffix: leave it out
        need = frozenset(t[:STEM] for t in rest)
        firsts = {first[:STEM]}
        if not rest and "\u0400" <= first[-1] <= "\u04ff":
            firsts |= {(first + suffix)[:STEM] for suffix in suffixes}
        for f in firsts:
            by_first.setdefault(f, set()).add(need)
    return NameSet({f: tuple(sorted(v, key=len)) for f, v in by_first.items()})


def role_words(phrases: Iterable[str]) -> WordSet:
    """Words one of which a text with an office title ("President", "премьер-министр") contains."""
    b = _Builder()
    for phrase in phrases:
        _phrase_word(phrase, b)
    return b.build()


def trigger_words(phrases: Iterable[str]) -> WordSet:
    """Words one of which a text reporting a call or a meeting must contain."""
    b = _Builder()
    for phrase in phrases:
        _phrase_word(phrase, b)
    return b.build()


# ASCII punctuation to spaces in one bytes.translate (C speed), so most words split out clean.
_ASCII_PUNCT = bytes(32 if b < 128 and not chr(b).isalnum() and b != 95 else b for b in range(256))  # keep "_"
# The non-ASCII punctuation news is full of (none of it is \w), replaced too so its words need no regex.
_UNICODE_PUNCT = "«»—–‘’“”„…•·№"


def _spaced(text: str) -> str:
    """The text with ASCII and common non-ASCII punctuation as spaces (words and "_" kept)."""
    spaced = text.encode("utf-8", "surrogatepass").translate(_ASCII_PUNCT).decode("utf-8", "surrogatepass")
    for ch in _UNICODE_PUNCT:
        if ch in spaced:
            spaced = spaced.replace(ch, " ")
    return spaced


def _words(text: str, spaced: str | None = None) -> list[str]:
    """The distinct ``\\w+`` words of a text, without a regex pass over all of it."""
    words = set((spaced if spaced is not None else _spaced(text)).split())
    if "".join(words).isalnum():  # every word is all letters and digits: the common case, tested in C
        return list(words)
    mixed = [w for w in words if not w.isalnum()]  # other punctuation, or "_": the regex decides
    words.difference_update(mixed)
    for chunk in mixed:
        words.update(_TOKEN.findall(chunk))
    return list(words)


def _joined(text: str, spaced: str) -> str:
    """The text's words lower-cased, each between single spaces: split from the lower-cased text when
    that is safe (the same length, every piece letters and digits), else lower-cased one by one."""
    low = spaced.lower()
    words = low.split()
    if not (len(low) == len(spaced) and ("".join(words).isalnum() or not words)):
        words = [w.lower() for w in _words(text, spaced)]
    return " " + " ".join(words) + " "


@dataclass(frozen=True)
class Gate:
    names: NameSet
    roles: WordSet
    triggers: WordSet

    def may_hold_contact(self, text: str) -> bool:
        """False only when no contact can be read from ``text``: no trigger word, or no leader,
        office or country named."""
        spaced = _spaced(text)
        joined = _joined(text, spaced)  # triggers and titles are matched ignoring case, unfolded
        if not self.triggers.meets(joined):
            return False  # most of a feed stops here, before any folding
        if self.roles.meets(joined):
            return True
        words = _words(text, spaced)  # names need the capitals
        folded = fold(" ".join(words)).split(" ")  # names are keyed folded; one call for all (fold keeps lengths)
        capitalised = {f[:STEM] for w, f in zip(words, folded, strict=True) if w[0].isupper() or not w[0].isalpha()}
        return self.names.meets(capitalised, {f[:STEM] for f in folded})
