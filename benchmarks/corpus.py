"""Benchmark corpora: N documents as one JSONL file, built from the project's own fixtures.

Every benchmark in this folder builds its input here so their figures are comparable.  Sources:
the bundled example corpus (always), and ``../shared/eval/dev/articles`` beside the project when it
is present (real articles; never copied into the project, only read at benchmark time).

    python benchmarks/corpus.py 10000 /tmp/corpus.jsonl [--irrelevant]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles"

# Sentences with no leader, no contact: what most of a news feed is.  Written here.
FILLER = [
    "The city council approved a new budget for road repairs after a long debate on Tuesday.",
    "Heavy rain is expected across the northern regions over the weekend, forecasters said.",
    "The national football team won its qualifying match 2-1 in front of a home crowd.",
    "Local farmers reported a record wheat harvest thanks to a warm and wet spring.",
    "Городской совет утвердил новый бюджет на ремонт дорог после долгого обсуждения.",
    "Синоптики обещают сильные дожди в северных районах в выходные дни.",
    "A new museum of modern art opened its doors to visitors in the old railway station.",
    "Prices of vegetables at the central market rose slightly compared with last month.",
    "В центральном парке открылась выставка современной фотографии.",
    "The university announced scholarships for students of engineering and medicine.",
]


def fixture_texts(include_dev: bool = True) -> list[tuple[str, str, str | None, str | None]]:
    """(name, text, url, published) of every fixture: the bundled examples and, if present, the dev articles."""
    from summitry.model import RawDocument
    from summitry.read import iter_documents

    paths = [EXAMPLES] + ([DEV] if include_dev and DEV.is_dir() else [])
    out = []
    for item in iter_documents(paths):
        if isinstance(item, RawDocument) and not item.doc_id.startswith("feed"):
            out.append((item.doc_id, item.text, item.url, item.published))
    return sorted(out, key=lambda t: t[0])


def irrelevant_text(rng: random.Random, sentences: int = 14) -> str:
    """A news-like document in which no leader is mentioned at all, about as long as the fixtures
    (14 sentences: ~1 KB), so that the two throughputs compare documents of one size."""
    paras = []
    for i in range(0, sentences, 5):
        paras.append(" ".join(rng.choice(FILLER) for _ in range(min(5, sentences - i))))
    return "\n\n".join(paras)


def build(n: int, out: Path, *, irrelevant: bool = False, include_dev: bool = True, seed: int = 7) -> Path:
    """Write ``n`` JSONL documents to ``out`` (distinct ids, texts cycling over the fixtures)."""
    rng = random.Random(seed)
    texts = fixture_texts(include_dev)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if irrelevant:
                rec = {"id": f"bench-{i:07d}", "text": irrelevant_text(rng), "published": "2021-06-01"}
            else:
                name, text, url, published = texts[i % len(texts)]
                rec = {"id": f"bench-{i:07d}-{Path(name).stem}", "text": text, "url": url, "published": published}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--irrelevant", action="store_true", help="documents with no leader mentioned")
    ap.add_argument("--no-dev", action="store_true", help="only the bundled examples")
    args = ap.parse_args(argv)
    path = build(args.n, args.out, irrelevant=args.irrelevant, include_dev=not args.no_dev)
    print(f"{args.n} documents → {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
