"""A sentence's cue table: where each phrase list the rules read in windows of it may start.

Modality, content, frames and the actor passes read a dozen short lists ("could", "not", "after",
"he", "said") in windows of one sentence, each trigger its own windows.  One Aho–Corasick pass of
the lists' first words over the sentence says where a phrase can start; a list with no candidate in
a window is not run at all, and one with candidates is tried there only (as ``LexIndex`` does for a
document).  The matches are exactly those of the regex run on the window.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from summitry.knowledge import Lexicon, any_phrase
from summitry.knowledge.lexindex import Path, build_first_words, first_word_starts, matches_at

Span = tuple[int, int]

# The lists read in windows of a sentence (the words around a trigger, its clause, a gap between actors)
CUE_LISTS: frozenset[Path] = frozenset({
    ("modality", "negated"), ("modality", "negated_after"), ("modality", "denied"), ("modality", "speculated"),
    ("modality", "hypothetical"),
    ("modality", "hypothetical_after"), ("modality", "invitation"), ("modality", "invitation_after"),
    ("modality", "invitation_not"), ("content",), ("topic_before",), ("content_after",), ("frames", "temporal"),
    ("frames", "fronted"), ("triggers", "multilateral"), ("pronouns",), ("object_pronouns",),
    ("first_person",), ("reporting_verbs",)})


def _first_words(lexicons: list[Lexicon]) -> tuple[Any, frozenset[Path]]:
    """The first words of the cue lists of all the lexicons, kept on the first."""
    name = "events:cue-words" + "".join("+" + lex.lang for lex in lexicons[1:])
    words: tuple[Any, frozenset[Path]] = lexicons[0].memo(name, lambda _: build_first_words(
        (path, entries) for lex in lexicons for path, entries in lex.entries() if path in CUE_LISTS))
    return words


class Cues:
    """Where the cue lists may match in one sentence, worked out on first use and shared by its rules."""

    __slots__ = ("text", "lexicons", "_at", "_anywhere", "_built", "_matched")

    def __init__(self, text: str, lexicons: list[Lexicon]) -> None:
        self.text, self.lexicons = text, lexicons
        # each list's candidate offsets, in order (None: unknown, run every regex); a list with none is absent
        self._at: dict[Path, list[int]] | None = None
        self._anywhere: frozenset[Path] = frozenset()  # the lists a phrase of which may start anywhere
        self._built = False
        self._matched: dict[Path, bool] = {}  # whether a list matches anywhere in the sentence

    def _build(self) -> None:
        self._built = True
        if not self.lexicons:
            return
        words = _first_words(self.lexicons)
        hits = first_word_starts(self.text, words)
        if hits is not None:
            at: dict[Path, list[int]] = {}
            for a, paths in hits:  # by offset: each list's offsets stay in order
                for path in paths:
                    got = at.get(path)
                    if got is None:
                        at[path] = [a]
                    else:
                        got.append(a)
            self._at, self._anywhere = at, words[1]

    def matched(self, path: Path) -> bool:
        """Whether a phrase of ``path`` (a cue list) matches anywhere in the sentence, in any of its
        lexicons.  If not, it matches in no piece of the sentence either, unless the piece is cut
        inside a word: whatever matches in the piece matches at the same place in the sentence."""
        got = self._matched.get(path)
        if got is not None:
            return got
        if not self.lexicons:
            return True  # a table of no sentence (a trigger made up for a transcript): it cannot tell
        if not self._built:
            self._build()
        text, got = self.text, False
        if self._at is None or path in self._anywhere or path not in CUE_LISTS:
            got = any_phrase(self.lexicons, path, text)
        elif (starts := self._at.get(path)) is not None:  # else none of its first words in the sentence
            for lex in self.lexicons:
                rx = lex.regex(*path)
                if rx is not None and any(rx.match(text, a) for a in starts):
                    got = True
                    break
        self._matched[path] = got
        return got

    def absent(self, paths: frozenset[Path]) -> bool:
        """Whether no phrase of ``paths`` matches in the sentence, nor in a piece of it not cut inside a
        word: a rule reading only such lists in such pieces need not look further."""
        if not self._built and self.lexicons:
            self._build()
        if self._at is not None and paths.isdisjoint(self._at) and paths.isdisjoint(self._anywhere) \
                and paths <= CUE_LISTS:
            return True  # none of their first words in the sentence (most asks): no regex, one set test
        for path in paths:
            if self.matched(path):
                return False
        return True

    def candidates(self, path: Path, start: int, end: int) -> list[int] | None:
        """Offsets in [start, end) where a phrase of ``path`` may start (None: anywhere)."""
        if not self._built:
            self._build()
        table = self._at
        if table is None or path not in CUE_LISTS or path in self._anywhere:
            return None
        at = table.get(path)
        if at is None:
            return []
        lo = bisect_left(at, start)
        if lo == len(at) or at[lo] >= end:
            return []
        return at[lo:bisect_left(at, end, lo)]

    def spans(self, lexicons: list[Lexicon], path: Path, window: str, at: int = 0,
              uncut: bool = False) -> list[Span]:
        """(start, end) in ``window``, the piece of the sentence (or of its lower case) at offset ``at``,
        of every phrase of ``path`` in any of ``lexicons``; ``uncut``: the caller knows the window is not
        cut inside a word at either end."""
        if uncut and not self.matched(path):
            return []  # most asks: the list matches nowhere in the sentence
        end, text = at + len(window), self.text
        head = not uncut and at > 0 and inside_word(text, at)  # a phrase may start right where a piece is cut
        tail = not uncut and 0 < end < len(text) and inside_word(text, end)
        out: list[Span] = []
        for lex in lexicons:
            out += [m.span() for m in self._finditer(lex, path, window, at, head, tail)]
        return out

    def _finditer(self, lex: Lexicon, path: Path, window: str, at: int, head: bool,
                  tail: bool) -> Iterator[re.Match[str]]:
        """``rx.finditer(window)`` of ``lex``'s regex, tried only at the candidates (and at 0 when the window
        was cut inside a word at its ``head``; everywhere when cut at its ``tail``: its last word is not the
        sentence's)."""
        rx = lex.regex(*path)
        if rx is None:
            return iter(())
        starts = None if tail else self.candidates(path, at, at + len(window))
        if starts is None:
            return rx.finditer(window)
        if not starts and not head:
            return iter(())
        return matches_at(rx, window, starts, at, head)


def cut(text: str, *offsets: int) -> bool:
    """Whether ``text`` is cut inside a word at one of ``offsets``: a window cut so can match where
    the sentence does not (``Cues.absent`` does not speak for it)."""
    size = len(text)
    for x in offsets:
        if 0 < x < size:
            before, first = text[x - 1], text[x]
            if (before.isalnum() or before == "_") and (first.isalnum() or first == "_"):
                return True
    return False


def inside_word(text: str, at: int) -> bool:
    """Whether ``text`` is cut inside a word at ``at`` (0 < ``at``)."""
    before, first = text[at - 1], text[at:at + 1]
    return (before.isalnum() or before == "_") and (first.isalnum() or first == "_")
