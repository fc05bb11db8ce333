"""Languages as registered data: one record per language, read from the ``language:`` block of its lexicon.

Like spaCy's ``lang/<code>/``: what the stages need to know about a language (its script, which
lexicons stand in for words it lacks, the markers that tell it apart, the endings its place names
take, the traits rules ask about, the generator of its inflected name forms) is listed in its
lexicon YAML, so that adding a language is adding files, not editing stage code.  The detector is
built once per knowledge base: detection runs on every document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

SCRIPTS = ("Latn", "Cyrl")  # ISO 15924: the scripts ``Languages.detect`` tells apart
# What rules ask of a language instead of its code:
TRAITS = {
    "verb_final": "clauses end in their verb: a trigger's actors stand before it, marked by case (events.frames)",
    "case_suffixes": "names take case endings: a dative names a host, a locative or dative a place (events.hosts, "
                     "resolve); the endings are the record's place_suffixes",
    "capitalized_months": "a month name is written with a capital letter: 'may' is no month (dates.expressions)",
}
INFLECTIONS = ("russian", "none")  # the generators of name forms in knowledge.variants (``inflect``)

_WORDS = re.compile(r"[^\W\d_]+")
# ASCII characters that are no letter, and the non-ASCII punctuation news is full of: spaces in ``_words``
_NOT_LETTER = bytes(b if b >= 128 or chr(b).isalpha() else 32 for b in range(256))
_PUNCT = "«»—–‘’“”„…•·№"
_NOT_LATIN = bytes(b for b in range(256) if not (0x61 <= b <= 0x7A))  # deleted: all but a-z
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")  # UTF-8 lead bytes of U+0400..U+04FF
SAMPLE = 4000  # characters of a text detection reads


class LanguageError(ValueError):
    """A language record is malformed; the message names the language and the field."""


@dataclass(frozen=True)
class Language:
    """One registered language (see the ``language:`` block in ``source/README.md``)."""

    code: str
    name: str
    script: str = "Latn"
    default: bool = False  # the script's language when no other's markers dominate
    fallbacks: tuple[str, ...] = ()  # lexicons read after its own, for words it lacks
    traits: frozenset[str] = frozenset()
    inflection: str = "none"
    marker_words: frozenset[str] = frozenset()  # frequent words: each occurrence scores one
    marker_letters: str = ""  # letters of its own: each occurrence scores ``letter_weight``
    letter_weight: int = 1
    place_suffixes: tuple[str, ...] = ()  # locative/dative endings of a place "in" or "to" it
    place_adjective_suffixes: tuple[str, ...] = ()  # what makes a locative an adjective: Казань шаарында|гы

    def has(self, trait: str) -> bool:
        return trait in self.traits

    @cached_property
    def place_ending(self) -> re.Pattern[str]:
        """A name, or the word after it, ending in one of ``place_suffixes`` (matched from the name's start);
        matches nothing for a language without them."""
        ends = "|".join(re.escape(s) for s in self.place_suffixes) or r"(?!)"
        adjective = "|".join(re.escape(s) for s in self.place_adjective_suffixes)
        more = f"(?:{adjective})?" if adjective else ""
        return re.compile(rf"^(?:\S+\s+)?\S*(?:{ends}){more}(?:\s|$|[,.;:!?»\"])", re.IGNORECASE)

    def score(self, counts: Counter[str], sample: str) -> int:
        """How strongly a lower-cased sample (its words counted) looks like this language."""
        words = sum(counts[w] for w in counts.keys() & self.marker_words)  # the markers the sample has, in C
        return words + self.letter_weight * sum(sample.count(ch) for ch in self.marker_letters)

    @classmethod
    def read(cls, code: str, raw: dict[str, Any]) -> Language:
        """The record as compiled (``as_json``), checked: a bad script, trait or hook names the language."""
        detection = raw.get("detection") or {}
        lang = cls(code, str(raw.get("name") or code), str(raw.get("script") or "Latn"), bool(raw.get("default")),
                   tuple(str(f) for f in raw.get("fallbacks") or ()),
                   frozenset(str(t) for t in raw.get("traits") or ()), str(raw.get("inflection") or "none"),
                   frozenset(str(w).lower() for w in detection.get("words") or ()),
                   str(detection.get("letters") or "").lower(), int(detection.get("letter_weight", 1)),
                   tuple(str(s) for s in raw.get("place_suffixes") or ()),
                   tuple(str(s) for s in raw.get("place_adjective_suffixes") or ()))
        lang._check()
        return lang

    def _check(self) -> None:
        bad: list[tuple[str, tuple[str, ...]]] = []
        bad += [(f"script {self.script!r}", SCRIPTS)] if self.script not in SCRIPTS else []
        bad += [(f"trait {t!r}", tuple(TRAITS)) for t in sorted(self.traits - set(TRAITS))]
        bad += [(f"inflection {self.inflection!r}", INFLECTIONS)] if self.inflection not in INFLECTIONS else []
        if bad:
            what, known = bad[0]
            raise LanguageError(f"language {self.code}: unknown {what} (use one of {', '.join(known)})")

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "script": self.script, "default": self.default, "fallbacks": list(self.fallbacks),
                "traits": sorted(self.traits), "inflection": self.inflection,
                "detection": {"words": sorted(self.marker_words), "letters": self.marker_letters,
                              "letter_weight": self.letter_weight},
                "place_suffixes": list(self.place_suffixes),
                "place_adjective_suffixes": list(self.place_adjective_suffixes)}


class Languages:
    """The registry: every language by code (in the order registered), and detection precomputed per script."""

    def __init__(self, records: dict[str, Language]) -> None:
        self._records = dict(records)

    @classmethod
    def read(cls, raw: dict[str, Any]) -> Languages:
        return cls({code: Language.read(code, rec) for code, rec in raw.items()})

    def __contains__(self, code: object) -> bool:
        return code in self._records

    def __iter__(self) -> Iterator[Language]:
        return iter(self._records.values())

    @property
    def codes(self) -> list[str]:
        return list(self._records)

    def get(self, code: str) -> Language:
        """The record of ``code``; an unregistered code gets a bare one (no traits, no fallbacks)."""
        return self._records.get(code) or Language(code, code)

    @cached_property
    def _candidates(self) -> dict[str, tuple[Language, ...]]:
        """Per script, the languages detection weighs: the default first, then those with markers."""
        out: dict[str, tuple[Language, ...]] = {}
        for script in SCRIPTS:
            langs = [lang for lang in self if lang.script == script]
            first = [lang for lang in langs if lang.default][:1] or langs[:1]
            out[script] = tuple(first + [lang for lang in langs if lang not in first
                                         and (lang.marker_words or lang.marker_letters)])
        return out

    def detect(self, text: str) -> str:
        """The language of a text: its script (Cyrillic or Latin letters in the majority), then the language of
        that script whose markers score highest; the script's default when none scores."""
        sample = text[:SAMPLE].lower()
        raw = sample.encode("utf-8", "replace")
        cyrillic = sum(raw.count(lead) for lead in _CYRILLIC_LEADS)
        script = "Latn" if cyrillic <= len(raw.translate(None, _NOT_LATIN)) else "Cyrl"  # bytes ops: C speed
        candidates = self._candidates[script] or self._candidates["Latn"] or tuple(self)
        if len(candidates) <= 1:
            return candidates[0].code if candidates else ""
        counts = Counter(_words(sample))
        scores = [lang.score(counts, sample) for lang in candidates]
        best = max(range(len(candidates)), key=scores.__getitem__)  # the first of equals: the default
        return candidates[best].code if scores[best] > 0 else candidates[0].code


def _words(sample: str) -> list[str]:
    """``_WORDS.findall(sample)``, its runs of letters, split out in C: ASCII non-letters and common
    punctuation as spaces (one bytes.translate, a few str.replace), then str.split.  When every piece
    is letters only, the pieces are exactly the runs; else (a "©", a non-ASCII digit) the regex decides.
    The regex's class test per character was most of the cost of telling Cyrillic languages apart."""
    spaced = sample.encode("utf-8", "surrogatepass").translate(_NOT_LETTER).decode("utf-8", "surrogatepass")
    for ch in _PUNCT:
        if ch in spaced:
            spaced = spaced.replace(ch, " ")
    words = spaced.split()
    if "".join(words).isalpha() or not words:
        return words
    return _WORDS.findall(sample)
