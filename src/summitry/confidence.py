"""Event confidence: the probability that an event is a real contact with the right countries, kind and date.

A logistic model over the decisions that produced the event (how its participants were found, where
its date came from, how many mentions and documents report it, its tense and kind).  The weights
are data (``confidence.json`` beside this module), fitted on the evaluation collections by
``summitry calibrate`` (``summitry.calibrate``), which also reports their calibration by
cross-validation; the features are gathered mention by mention, so the store and the Spark job,
which fold mentions without keeping them, score events exactly as an in-memory merge does.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from summitry.knowledge import Kinds, shipped_kinds
from summitry.model import Contact

WEIGHTS_PATH = Path(__file__).with_name("confidence.json")
# Words that make a sentence less than a report of a contact: denials, plans, wishes, hypotheses.
HEDGE = re.compile(r"(?i)\b(?:no plans?|not|expected|scheduled|may|might|could|would|ready|invit\w*|propos\w*|if|"
                   r"не|нет|может|могут|готов\w*|планир\w*|предлож\w*|ожида\w*|возможн\w*|якобы|"
                   r"мүмкін|жоспар\w*|күтіл\w*|мүмкүн|пландал\w*|күтүл\w*)\b")


@dataclass
class Evidence:
    """What the mentions of one event say about how it was found, added up mention by mention.

    Features were kept when cross-validation showed they help (issue 12): the number of mentions
    or documents, the events stage's own score and whether a mention is the main one did not.
    """

    mentions: int = 0
    named: float = 0.0  # share of participants found by name, best mention
    weak: float = 0.0  # share of participants guessed (pronoun, host, home country), best mention
    text_day: bool = False  # a day read from the text itself, not the publication day by convention
    open_range: bool = True  # no mention bounds its date on both sides
    no_date: bool = True  # no mention has a date or even a lower bound (no reference date, no term to start from)
    occurred: bool = False
    tensed: bool = False  # a past or future marker decided the status
    hedged: bool = True  # every mention's sentence hedges ("no plans", "может", "expected to")
    sentences: int = 0  # most sentences one mention is described by
    call: bool = False  # the kind has no place (a call); "call" in ``confidence.json``
    countries: set[str] = field(default_factory=set)
    place: bool = False
    kinds: Kinds = field(default_factory=shipped_kinds, repr=False, compare=False)

    def add(self, m: Contact) -> None:
        """Fold one mention in."""
        people = m.participants or []
        n = len(people) or 1
        self.named = max(self.named, sum(p.by_name for p in people) / n)
        weak = sum(p.guessed for p in people) / n
        self.weak = weak if self.mentions == 0 else min(self.weak, weak)
        self.mentions += 1
        self.text_day |= bool(m.date.date) and m.date.kind != "published"
        self.open_range &= not (m.date.date or (m.date.start and m.date.end))
        self.no_date &= not (m.date.date or m.date.start)
        self.occurred |= m.status == "occurred"
        self.tensed |= m.status_source != "default"
        self.hedged &= bool(HEDGE.search(m.evidence or ""))
        self.sentences = max(self.sentences, len(m.sentences))
        self.call = not self.kinds[m.kind].has_place
        self.countries.update(p.country for p in people)
        self.place |= bool(m.location.city)

    def features(self) -> dict[str, float]:
        """The model's inputs, named as in ``confidence.json``."""
        return {
            "named": self.named, "weak": self.weak, "text_day": float(self.text_day),
            "open_range": float(self.open_range), "no_date": float(self.no_date),
            "planned": float(not self.occurred), "tensed": float(self.tensed),
            "hedged": float(self.hedged), "sentences": math.log1p(max(self.sentences - 1, 0)),
            "call": float(self.call), "multilateral": float(len(self.countries) > 2), "place": float(self.place),
        }


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_PATH) -> dict[str, float]:
    """The shipped coefficients (``bias`` plus one per feature); none means every event gets 0.5."""
    if not path.exists():
        return {"bias": 0.0}
    return {str(k): float(v) for k, v in json.loads(path.read_text(encoding="utf-8"))["weights"].items()}


def probability(features: dict[str, float], weights: dict[str, float] | None = None) -> float:
    """The logistic model's probability for one event's features."""
    w = load_weights() if weights is None else weights
    z = w.get("bias", 0.0) + sum(w.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def confidence(evidence: Evidence) -> float:
    """An event's calibrated confidence, rounded to three places."""
    return round(probability(evidence.features()), 3)
