"""Names that stand for someone acting for a leader ("Putin's envoy", "послание Путина", "envoy of the
Russian President"): the ``proxy_after`` and ``proxy_before`` phrases of the lexicons, with the first words
of all of them tried first so that most names cost one search."""

from __future__ import annotations

import re

from summitry.knowledge import Lexicon, any_phrase
from summitry.model import SENIOR_ROLES


def heads_of(lex: Lexicon) -> set[str]:
    """The literal first word (up to any ``*``) of every proxy phrase, lower-cased ("" matches all)."""
    entries = [str(e) for key in ("proxy_after", "proxy_before") for e in lex.raw.get(key) or []]
    return {e.lower().split()[0].split("*")[0] for e in entries if e.strip()}


def alternation(heads: set[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(heads))) if heads else "(?!)")


def _proxy_heads(lex: Lexicon) -> re.Pattern[str]:
    """The proxy phrases' first words as one alternation (one search, not a test per word)."""
    return alternation(heads_of(lex))


def proxy(text: str, start: int, end: int, lexicons: list[Lexicon], heads: re.Pattern[str] | None = None) -> bool:
    """The name stands for someone acting for the leader: "Putin's envoy", "послание Путина";
    ``heads``: the first words of all the lexicons' proxy phrases (``_Tables``), tried first."""
    after = text[end:end + 30]
    before = text[max(0, start - 40):start]
    window = (before + "\0" + after).lower()
    if heads is not None and heads.search(window) is None:
        return False  # no lexicon's proxy phrase can start in the window: most names
    for lex in lexicons:
        if lex.memo("proxy_heads", _proxy_heads).search(window) is None:
            continue  # every proxy phrase starts with one of these words: no regex needed
        rx_after, rx_before = lex.regex("proxy_after"), lex.regex("proxy_before")
        if rx_after is not None and (m := rx_after.match(after)) is not None and m.start() == 0:
            return True
        if rx_before is not None and any(not before[m.end():].strip(" ,") or _only_titles(before[m.end():], lexicons)
                                         for m in rx_before.finditer(before)):
            return True
    return False


def _only_titles(gap: str, lexicons: list[Lexicon]) -> bool:
    """Between "envoy of" and the name only a title (and a country): "envoy of the Russian President"."""
    if len(gap.split()) > 4 or re.search(r"[.;:]", gap):
        return False
    return any(any_phrase(lexicons, ("roles", role), gap) for role in (*SENIOR_ROLES, "leader"))
