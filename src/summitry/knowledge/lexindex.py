"""Where a lexicon can match in a document, from one Aho–Corasick pass over its lower-cased text.

The lexicons compile to regex alternations of hundreds of phrases, which Python's ``re`` tries at
every character: running each of them on every sentence was most of the pipeline's time.  Every
match of a lexicon phrase starts with the literal head of its first word, so one automaton of
those heads (all categories, one pass per document) tells which sentences a category *may* match
in; the exact regex then runs only there.  The result is the same as running the regex
everywhere, at a fraction of the cost.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from operator import itemgetter
from types import MappingProxyType
from typing import Any

import ahocorasick

Path = tuple[str, ...]
_WS = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch != " ")  # what re's \s matches


def _spaces(text: str) -> str:
    """Every whitespace character as a plain space (str.replace per kind beats str.translate)."""
    for ch in _WS:
        if ch in text:
            text = text.replace(ch, " ")
    return text


UNBOUNDED = {("months",)}
# Categories no stage looks up through the index (they run on short windows): left out, since
# "he" and "он" alone were a quarter of the automaton's hits.  Asked anyway, the index says "maybe".
UNINDEXED = {("pronouns",), ("reporting_verbs",), ("year_words",), ("proxy_after",), ("proxy_before",),
             ("object_pronouns",), ("first_person",), ("content",), ("topic_before",), ("content_after",),
             ("honorifics",),
             # read only with their regex, on a gap or a short window ("to", "по" and "до" alone were a
             # sixth of the automaton's hits)
             ("range_joiners",), ("trip_days",), ("capital_words",)}
# Whole groups the events stage reads only in a trigger's clause or a few words around it ("frames":
# with, of, и; "modality": could, не): indexing such short, frequent words cost more than it saved.
UNINDEXED_GROUPS = {"frames", "modality"}


def unindexed(path: Path) -> bool:
    return path in UNINDEXED or path[0] in UNINDEXED_GROUPS


class _Present(set[Path]):
    """Categories with a candidate in a range; an unindexed one is always "maybe" present."""

    def __contains__(self, path: object) -> bool:
        # the set first: most asks are answered there, without the look at the path
        return set.__contains__(self, path) or (isinstance(path, tuple) and bool(path) and unindexed(path))


def _head(entry: str, words: int = 2) -> str:
    """The literal start every match of ``entry`` begins with: up to ``words`` words, cut at any ``*``.

    Two words make heads selective ("the two" rather than "the"); the text is scanned with its
    whitespace runs collapsed to one space, which is all a phrase's ``\\s+`` then needs.
    """
    parts = entry.lower().split()
    head: list[str] = []
    for w in parts[:words]:
        head.append(w.split("*", 1)[0])
        if "*" in w:
            break
    return " ".join(head).strip()


def build_automaton(entries: Iterable[tuple[Path, list[str]]], words: int = 2) -> Any:
    """An automaton from phrase heads to the categories (paths) whose phrases start so."""
    heads: dict[str, set[tuple[Path, bool]]] = {}
    for path, items in entries:
        if unindexed(path):
            continue
        for entry in items:
            head = _head(str(entry), words)
            if head:  # month names also follow digits directly ("15января"): no word boundary for them
                heads.setdefault(head, set()).add((path, head[0].isalnum() and path not in UNBOUNDED))
    if not heads:
        return None
    auto = ahocorasick.Automaton()
    for head, refs in heads.items():
        # what ``index_text`` needs per hit: the head's length, every category, and those split into
        # categories whose phrases need a word boundary before them and those that do not
        ordered = sorted(refs)
        auto.add_word(head, (len(head), tuple(p for p, _ in ordered), tuple(p for p, b in ordered if not b),
                             tuple(p for p, b in ordered if b)))
    auto.make_automaton()
    return auto


class LexIndex:
    """Candidate start offsets per lexicon category in one document's text (``None``: unknown)."""

    __slots__ = ("_starts", "_inner", "_flat")

    def __init__(self, starts: dict[Path, list[int]] | None, inner: dict[int, set[Path]] | None = None) -> None:
        self._starts = starts
        # Heads found inside a word: no phrase starts there in the document, but one may at the
        # very start of a piece cut there (a regex run on the piece alone sees no word before it).
        self._inner = inner or {}
        self._flat: tuple[list[int], list[Path]] | None = None

    def _flattened(self) -> tuple[list[int], list[Path]]:
        """Every candidate offset of the text in order, with its category (built on first use)."""
        if self._flat is None:
            pairs = [(p, path) for path, positions in (self._starts or {}).items() for p in positions]
            pairs.sort(key=itemgetter(0))  # by offset alone: what shares one is read as a set
            self._flat = [p for p, _ in pairs], [path for _, path in pairs]
        return self._flat

    def present(self, start: int, end: int) -> set[Path] | None:
        """The categories with a candidate inside text[start:end] (None: unknown, so any may match)."""
        if self._starts is None:
            return None
        positions, paths = self._flattened()
        out = _Present(paths[bisect_left(positions, start):bisect_left(positions, end)])
        inner = self._inner.get(start)
        if inner:
            out |= inner
        out |= UNINDEXED  # built in place: this is asked per sentence, and copies were most of its cost
        return out

    def among(self, paths: frozenset[Path], start: int, end: int) -> frozenset[Path] | None:
        """``paths & present(start, end)`` without building the whole of ``present`` (None: unknown)."""
        if self._starts is None:
            return None
        positions, found = self._flattened()
        lo, hi = bisect_left(positions, start), bisect_left(positions, end)
        out = paths.intersection(found[lo:hi]) if lo < hi else frozenset()
        inner = self._inner.get(start)
        if inner:
            out |= paths & inner
        if not paths.isdisjoint(UNINDEXED):
            out |= paths & UNINDEXED
        return out

    def may(self, path: Path, start: int, end: int) -> bool:
        """False only when no phrase of ``path`` can match inside text[start:end]."""
        if self._starts is None:
            return True
        starts = self._starts.get(path)
        if starts is not None:  # indexed, with candidates somewhere in the text
            i = bisect_left(starts, start)
            if i < len(starts) and starts[i] < end:
                return True
        elif path in UNINDEXED or path[0] in UNINDEXED_GROUPS:
            return True
        return path in self._inner.get(start, ())

    def may_any(self, paths: Iterable[Path], start: int, end: int) -> bool:
        """``may`` of any of ``paths``: one call where a stage would otherwise ask per category (``may``
        inlined: a call per category was most of the cost of the usual answer, False)."""
        if self._starts is None:
            return True
        get, inner = self._starts.get, self._inner.get(start, ())
        for path in paths:
            starts = get(path)
            if starts is not None:
                i = bisect_left(starts, start)
                if i < len(starts) and starts[i] < end:
                    return True
            elif path in UNINDEXED or path[0] in UNINDEXED_GROUPS:
                return True
            if path in inner:
                return True
        return False

    @property
    def known(self) -> bool:
        """False when the text could not be indexed (every ``may`` is then True)."""
        return self._starts is not None

    def starts(self, path: Path) -> list[int]:
        """Candidate start offsets of ``path`` (all of them unknown: an empty list)."""
        return list((self._starts or {}).get(path, ()))

    def finditer(self, path: Path, rx: re.Pattern[str], text: str, offset: int = 0) -> Iterator[re.Match[str]]:
        """``rx.finditer(text)``, trying ``rx`` only where a phrase of ``path`` can start.

        ``text`` sits at ``offset`` in the indexed document (a sentence, or the document itself).
        Matching at a position still sees the characters before it, so look-behinds behave as in
        a full scan, and the matches are exactly those of ``rx.finditer(text)``.
        """
        starts = self._starts.get(path) if self._starts is not None else None
        if starts is None:  # no candidate in the text, or not indexed (a category with candidates is)
            if self._starts is None or path in UNINDEXED or path[0] in UNINDEXED_GROUPS:
                return rx.finditer(text)
            if path in self._inner.get(offset, ()):
                return self._candidates(path, rx, text, offset)
            return iter(())
        inner = self._inner.get(offset)
        if inner is None or path not in inner:  # ``may``, inlined: this is asked per category and sentence
            i = bisect_left(starts, offset)
            if i == len(starts) or starts[i] >= offset + len(text):
                return iter(())  # most calls: no candidate in this sentence, and no generator to set up
        return self._candidates(path, rx, text, offset)

    def where(self, path: Path, start: int, end: int) -> tuple[list[int], bool] | None:
        """Where ``finditer`` tries a phrase of ``path`` in text[start:end]: (the candidate offsets, whether
        at ``start`` too, the piece being cut inside a word there); None: everywhere (unindexed, unknown).
        Worked out once for all the lexicons a list is read in (``Lookup.spans``)."""
        if self._starts is None:
            return None
        starts = self._starts.get(path)
        cut = path in self._inner.get(start, ())
        if starts is None:
            return None if path in UNINDEXED or path[0] in UNINDEXED_GROUPS else ([], cut)
        lo = bisect_left(starts, start)
        if lo == len(starts) or starts[lo] >= end:
            return [], cut
        return starts[lo:bisect_left(starts, end, lo)], cut

    def _candidates(self, path: Path, rx: re.Pattern[str], text: str, offset: int) -> Iterator[re.Match[str]]:
        starts = (self._starts or {}).get(path) or []
        inside = starts[bisect_left(starts, offset):bisect_left(starts, offset + len(text))]
        return matches_at(rx, text, inside, offset, path in self._inner.get(offset, ()))

    def search(self, path: Path, rx: re.Pattern[str] | None, text: str, offset: int = 0) -> bool:
        """Whether ``rx`` matches anywhere in ``text`` (at ``offset`` in the document)."""
        return rx is not None and next(self.finditer(path, rx, text, offset), None) is not None


def matches_at(rx: re.Pattern[str], text: str, starts: list[int], at: int, cut: bool) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, trying ``rx`` only at the candidate ``starts`` (offsets of the document, ``text``
    beginning at ``at``) and at 0 when ``cut`` (the text begins inside a phrase's first word)."""
    last = 0
    if cut and (m := rx.match(text, 0)):
        yield m
        last = max(m.end(), 1)
    for start in starts:
        rel = start - at
        if rel < last:
            continue
        m = rx.match(text, rel)
        if m:
            yield m
            last = max(m.end(), rel + 1)


def spans_at(rx: re.Pattern[str], text: str, starts: list[int], at: int, cut: bool) -> list[tuple[int, int]]:
    """The spans of ``matches_at``, as a list (no generator to set up: most lists match once or never)."""
    out: list[tuple[int, int]] = []
    last = 0
    if cut and (m := rx.match(text, 0)):
        out.append(m.span())
        last = max(m.end(), 1)
    for start in starts:
        rel = start - at
        if rel < last:
            continue
        m = rx.match(text, rel)
        if m:
            out.append(m.span())
            last = max(m.end(), rel + 1)
    return out


_RUNS = re.compile("  (?: )*")  # two or more spaces; spelt with a literal "  " prefix, which re scans for 7x faster


def _collapse(low: str) -> tuple[str, list[int], list[int]]:
    """Whitespace runs as one space (so two-word heads meet), with what maps offsets back."""
    at: list[int] = []  # offsets in the collapsed text just after each run
    shift: list[int] = []  # characters removed up to and including that run
    removed = 0
    for m in _RUNS.finditer(low):
        removed += m.end() - m.start() - 1
        at.append(m.end() - removed)
        shift.append(removed)
    return (_RUNS.sub(" ", low) if at else low), at, shift


def index_text(text: str, automata: Iterable[Any]) -> LexIndex:
    """One pass per lexicon's automaton over ``text``; offsets refer to ``text`` itself.

    Two-word heads would miss a phrase split by a line break or a double space, so the pass runs
    over the text with whitespace runs collapsed, and offsets are mapped back.
    """
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer ("İ"): offsets would drift
        return LexIndex(None)
    low, at, shift = _collapse(_spaces(low))
    starts: dict[Path, list[int]] = {}
    inner: dict[int, set[Path]] = {}
    get = starts.get
    for auto in automata:
        if auto is None:
            continue
        for end, (size, every, loose, bounded) in auto.iter(low):  # kept lean: ~50 hits per document
            start = end - size + 1
            # inside a word (no boundary before the head): its bounded categories cannot start here
            within = bounded and start and (low[start - 1].isalnum() or low[start - 1] == "_")
            if at:
                i = bisect_right(at, start)
                if i:
                    start += shift[i - 1]
            for path in loose if within else every:
                positions = get(path)
                if positions is None:
                    starts[path] = [start]
                else:
                    positions.append(start)
            if within:
                inner.setdefault(start, set()).update(bounded)
    # sorted, each offset once: heads of one category that start alike ("held", "held talks") would
    # have the regex tried twice at the same offset
    return LexIndex({path: sorted(set(positions)) if len(positions) > 1 else positions
                     for path, positions in starts.items()}, inner)


# Characters ``re.IGNORECASE`` equates beyond what ``str.lower`` does ("ı" matches "i", "ᲀ" matches
# "в"): CPython's ``re._casefix``, written out.  A phrase is folded to each group's first member; a
# text holding any other member is not prefiltered at all.
_CASE_GROUPS = ("iı", "sſ", "µ\u03bc", "\u0345\u03b9\u1fbe", "\u0390\u1fd3", "\u03b0\u1fe3", "\u03b2\u03d0",
                "\u03b5\u03f5", "\u03b8\u03d1", "\u03ba\u03f0", "\u03c0\u03d6", "\u03c1\u03f1", "\u03c2\u03c3",
                "\u03c6\u03d5", "в\u1c80", "д\u1c81", "о\u1c82", "с\u1c83", "т\u1c84\u1c85", "ъ\u1c86", "ѣ\u1c87",
                "\u1c88\ua64b", "\u1e61\u1e9b", "\ufb05\ufb06")
_FOLD = MappingProxyType({ord(ch): group[0] for group in _CASE_GROUPS for ch in group[1:]})
_UNFOLDED = re.compile("[" + "".join(re.escape(g[1:]) for g in _CASE_GROUPS) + "]")


# every non-word character but the plain space, which needs no replacing and is most of them: the same
# result as replacing all of ``\W`` by spaces, four times faster
_NON_WORD = re.compile(r"[^\w ]")


def first_word(entry: str) -> str:
    """The literal every match of a lexicon entry starts with (its first word up to any ``*``),
    folded; "" when a match may start anywhere ("~ to", "*ов")."""
    words = entry.lower().split()
    if not words or words[0] == "~":
        return ""
    return words[0].split("*", 1)[0].translate(_FOLD)


def build_first_words(entries: Iterable[tuple[Path, list[str]]]) -> tuple[Any, frozenset[Path]]:
    """An automaton from the entries' first words, with their non-word characters as spaces, a space
    before and (a whole word) after, to (its length, their categories); and the categories with an
    entry that may start anywhere or inside a word (always tried)."""
    heads: dict[str, set[Path]] = {}
    anywhere: set[Path] = set()
    for path, items in entries:
        for entry in items:
            head, low = first_word(str(entry)), str(entry).lower()
            if head and low[:1].isalnum() and low.rstrip("*")[-1:].isalnum():  # bounded: see ``_phrase_regex``
                whole = "*" not in low.split()[0]  # then a space or the phrase's end follows it
                heads.setdefault(" " + _NON_WORD.sub(" ", head) + (" " if whole else ""), set()).add(path)
            else:
                anywhere.add(path)
    auto = ahocorasick.Automaton()
    for head, paths in heads.items():
        auto.add_word(head, (len(head), tuple(sorted(paths))))
    if heads:
        auto.make_automaton()
    return (auto if heads else None), frozenset(anywhere)


def first_word_starts(text: str, first_words: tuple[Any, frozenset[Path]]) -> list[tuple[int, tuple[Path, ...]]] | None:
    """Where in ``text`` a phrase may start: (offset, categories) of every word that begins with one of
    the categories' first words, by offset.  A category matches at no other offset of the text or of a
    piece of it, except at the very start of a piece cut inside a word, and except the categories that
    may start anywhere.  None (any may, anywhere) for a text ``re.IGNORECASE`` reads beyond lower case.

    The pass runs over the text with every non-word character as a space and a space at each end, so
    a first word is found only where a word starts (and, unless it ends in ``*``, ends): a bounded
    phrase starts nowhere else, and "i" or "я" inside words were most of the hits."""
    low = text.lower()
    if len(low) != len(text) or _UNFOLDED.search(low):
        return None
    auto = first_words[0]
    if auto is None:
        return []
    # ends are in order, starts of heads of unequal length not
    hits = [(end - size + 1, paths) for end, (size, paths) in auto.iter(" " + _NON_WORD.sub(" ", low) + " ")]
    hits.sort()
    return hits
