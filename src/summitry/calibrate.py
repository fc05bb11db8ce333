"""Fit the confidence model on annotated collections and report its calibration (``summitry calibrate``).

Each event the pipeline finds in a collection is labelled by the collection's own scorer
(``score.py`` beside the gold files): 1 when it is paired with a gold event of one of its documents
(right countries, kind and a compatible date), else 0.  A logistic regression with a small L2
penalty is fitted on the features ``summitry.confidence.Evidence`` gathers; k-fold cross-validation
over documents gives the expected calibration error (ten bins) and how often events scored
≥ 0.9 are right, on events the fold's model never saw.
"""

from __future__ import annotations

import importlib.util
import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from summitry.confidence import WEIGHTS_PATH, Evidence, probability
from summitry.export import event_dict
from summitry.knowledge import KnowledgeBase
from summitry.merge import merge
from summitry.model import RawDocument
from summitry.pipeline import process
from summitry.read import iter_documents

L2 = 3.0  # penalty on the weights (not the bias): ~200 events, 12 features; among 1, 3, 10 the lowest CV Brier
# score with an ECE under 0.01 (10 left nearly every event at the base rate, above 0.9)
STEPS = 50  # Newton iterations; it converges in under ten


@dataclass
class Sample:
    """One predicted event: its features, whether the gold confirms it, the document that groups it in CV."""

    features: dict[str, float]
    label: int
    group: str


def load_scorer(eval_dir: Path) -> ModuleType:
    """The evaluation's ``score.py``, loaded as a module."""
    spec = importlib.util.spec_from_file_location("summitry_eval_score", eval_dir / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def samples(eval_dir: Path, collections: Sequence[str], kb: KnowledgeBase) -> list[Sample]:
    """Every event predicted in the collections, with its features and gold label."""
    scorer = load_scorer(eval_dir)
    out: list[Sample] = []
    for name in collections:
        contacts = []
        for item in iter_documents([eval_dir / name / "articles"]):
            if isinstance(item, RawDocument):
                contacts += process(item, kb).contacts
        events = merge(contacts, kb.kinds)
        preds = [json.loads(json.dumps(event_dict(e), default=str)) for e in events]
        labels = _labels(scorer, scorer.load_gold(str(eval_dir / name / "gold")), preds)
        for e, label in zip(events, labels, strict=True):
            ev = Evidence(kinds=kb.kinds)
            for m in e.mentions:
                ev.add(m)
            out.append(Sample(ev.features(), label, f"{name}/{min(m.doc_id for m in e.mentions)}"))
    return out


def _labels(scorer: ModuleType, gold: dict, preds: list[dict]) -> list[int]:
    """1 for each prediction the scorer pairs with a gold event (main or mentioned) of one of its documents."""
    by_doc: dict[str, list[int]] = {}
    for i, p in enumerate(preds):
        for doc in {Path(str(m.get("doc_id"))).stem for m in p.get("mentions") or []}:
            by_doc.setdefault(doc, []).append(i)
    labels = [0] * len(preds)
    for doc, idxs in by_doc.items():
        golds = (gold.get(doc) or {}).get("events", [])
        for j in scorer.best_pairing(golds, [preds[i] for i in idxs]).values():
            labels[idxs[j]] = 1
    return labels


def fit(data: Sequence[Sample], l2: float | None = None) -> dict[str, float]:
    """Logistic regression by Newton's method (the bias is not penalised)."""
    l2 = L2 if l2 is None else l2
    names = ["bias", *sorted({k for s in data for k in s.features})]
    rows = [[1.0, *(s.features.get(k, 0.0) for k in names[1:])] for s in data]
    w = [0.0] * len(names)
    for _ in range(STEPS):
        grad = [l2 * x if i else 0.0 for i, x in enumerate(w)]
        hess = [[(l2 if i == j and i else 0.0) for j in range(len(w))] for i in range(len(w))]
        for x, s in zip(rows, data, strict=True):
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, sum(a * b for a, b in zip(w, x, strict=True))))))
            for i, xi in enumerate(x):
                grad[i] += (p - s.label) * xi
                for j, xj in enumerate(x):
                    hess[i][j] += p * (1 - p) * xi * xj
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(b) for b in step) < 1e-6:
            break
    return {k: round(v, 4) for k, v in zip(names, w, strict=True)}


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """``a x = b`` by Gaussian elimination with partial pivoting (a small, well-conditioned system)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r] if abs(m[r][r]) > 1e-12 else 0.0
    return x


def ece(pairs: Sequence[tuple[float, int]], bins: int = 10) -> float:
    """Expected calibration error: the bins' |accuracy − mean confidence|, weighted by their share."""
    total = 0.0
    for b in range(bins):
        inside = [(p, y) for p, y in pairs if min(int(p * bins), bins - 1) == b]
        if inside:
            total += abs(sum(y for _, y in inside) - sum(p for p, _ in inside)) / len(pairs)
    return total


def cross_validate(data: Sequence[Sample], folds: int = 5, seed: int = 0) -> list[tuple[float, int]]:
    """Out-of-fold (probability, label) pairs, folds drawn by document (``seed`` reshuffles them)."""
    fold_of = [zlib.crc32(f"{seed}:{s.group}".encode()) % folds for s in data]
    out: list[tuple[float, int]] = []
    for k in range(folds):
        w = fit([s for s, f in zip(data, fold_of, strict=True) if f != k])
        out += [(probability(s.features, w), s.label) for s, f in zip(data, fold_of, strict=True) if f == k]
    return out


def calibration(data: Sequence[Sample], repeats: int = 5) -> dict[str, float | None]:
    """Cross-validated figures averaged over ``repeats`` draws of the folds (one draw of ~250 events is noisy)."""
    runs = [report(cross_validate(data, seed=seed)) for seed in range(repeats)]
    out: dict[str, float | None] = {}
    for k in runs[0]:
        vals = [r[k] for r in runs if r[k] is not None]
        out[k] = round(sum(vals) / len(vals), 4) if vals else None  # type: ignore[arg-type]
    out["events"] = len(data)
    return out


def report(pairs: Sequence[tuple[float, int]]) -> dict[str, float | None]:
    """Calibration figures of (probability, label) pairs."""
    high = [y for p, y in pairs if p >= 0.9]
    brier = sum((p - y) ** 2 for p, y in pairs) / (len(pairs) or 1)
    return {"events": len(pairs), "right": round(sum(y for _, y in pairs) / (len(pairs) or 1), 3),
            "ece": round(ece(pairs), 4), "brier": round(brier, 4), "at_0.9": len(high),
            "right_at_0.9": round(sum(high) / len(high), 3) if high else None}


def write_weights(weights: dict[str, float], figures: dict[str, float | None], collections: Sequence[str],
                  path: Path = WEIGHTS_PATH) -> Path:
    """Ship the coefficients with where they came from and how well they are calibrated."""
    doc = {"model": "logistic regression over summitry.confidence.Evidence features", "l2": L2,
           "trained_on": list(collections), "cross_validation": figures, "weights": weights}
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
