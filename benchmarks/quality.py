"""Extraction quality on the evaluation collections, scored by ``../shared/eval/score.py``.

    python benchmarks/quality.py                    # dev, dev2, dev3: headline figures
    python benchmarks/quality.py dev2 --misses      # one collection, with every miss and extra
    python benchmarks/quality.py --write PRED_DIR   # also keep each collection's JSONL

The pipeline runs in memory (read → process → merge → export), exactly as ``summitry ingest``
followed by ``summitry export`` would, without a store: a full pass over the 206 documents takes a
few seconds, so a rule can be tried against every collection at once.  Skips, saying so, when
``../shared/eval`` is absent (a fresh clone has none).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from summitry.export import to_jsonl
from summitry.knowledge import load_kb
from summitry.merge import merge
from summitry.model import RawDocument
from summitry.pipeline import process
from summitry.read import iter_documents

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
HEADLINE = ("docs", "main_events", "precision", "recall", "f1", "f1_by_lang", "all_events_recall",
            "person_accuracy", "date_accuracy", "city_accuracy", "topic_f1", "same_event_precision",
            "same_event_recall")


def _scorer():  # noqa: ANN202 - the scorer is a script, loaded as a module
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(articles: Path, kb) -> list[str]:  # noqa: ANN001
    """JSONL lines of the events the pipeline finds in a folder of articles."""
    contacts = []
    for item in iter_documents([articles]):
        if isinstance(item, RawDocument):
            contacts += process(item, kb).contacts
    return list(to_jsonl(merge(contacts)))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("collections", nargs="*", default=["dev", "dev2", "dev3"])
    ap.add_argument("--misses", action="store_true", help="list every missed and extra event")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--write", type=Path, help="keep each collection's predictions in this folder")
    args = ap.parse_args(argv)
    if not (EVAL / "score.py").exists():
        print(f"skipped: no evaluation collections at {EVAL}")
        return 0
    score, kb = _scorer(), load_kb()
    results = {}
    for name in args.collections:
        lines = predict(EVAL / name / "articles", kb)
        out_dir = args.write or Path(tempfile.mkdtemp(prefix="summitry-quality-"))
        out_dir.mkdir(parents=True, exist_ok=True)
        pred = out_dir / f"{name}.jsonl"
        pred.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        results[name] = score.score(str(EVAL / name / "gold"), str(pred))
    if args.json:
        print(json.dumps({k: {f: v[f] for f in HEADLINE} for k, v in results.items()}, ensure_ascii=False))
        return 0
    for name, r in results.items():
        print(f"{name:5} " + "  ".join(f"{f}={r[f]}" for f in HEADLINE if f not in ("docs",)))
        if args.misses:
            for kind in ("misses", "extras"):
                for item in r[kind]:
                    print(f"    {kind[:-2] if kind == 'misses' else 'extra'}: {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
