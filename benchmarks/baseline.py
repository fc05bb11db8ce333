"""The pipeline a user would otherwise assemble from popular libraries, for the ratio in perf.py.

Same input, same output shape, same store: natasha (Segmenter + NewsNERTagger) for Russian,
Kazakh and Kyrgyz names, a compiled regex alternation of the knowledge base's English names
(IGNORECASE) as the English gazetteer, dateparser's ``search_dates`` for dates, and a contact
wherever a sentence holds two person names and a trigger word.  It is a fair, plain build of
the same job — not a straw man: every library is used as its documentation shows.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

TRIGGERS = re.compile(r"\b(?:met|meet\w*|talks|phone\w*|call\w*|visit\w*|summit|встреч\w*|встрет\w*|переговор\w*|"
                      r"телефон\w*|визит\w*|саммит\w*|сүйлөш\w*|жолук\w*|сөйлес\w*|кездес\w*)\b", re.IGNORECASE)
CYRILLIC = re.compile("[\u0400-\u04ff]")


class Baseline:
    """Loads the models once; ``process`` is one document → contact records."""

    def __init__(self, names: list[str]) -> None:
        import dateparser.search  # noqa: F401  (imported here: the import alone takes a second)
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        self.segmenter = Segmenter()
        self.ner = NewsNERTagger(NewsEmbedding())
        alternation = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
        self.gazetteer = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)

    def process(self, doc_id: str, text: str, published: str | None) -> list[dict[str, Any]]:
        import dateparser.search
        from natasha import Doc

        lang = "ru" if len(CYRILLIC.findall(text[:2000])) > 100 else "en"
        doc = Doc(text)
        doc.segment(self.segmenter)
        if lang == "ru":
            doc.tag_ner(self.ner)
            people = [(s.start, s.stop, s.text) for s in doc.spans if s.type == "PER"]
        else:
            people = [(m.start(), m.end(), m.group(0)) for m in self.gazetteer.finditer(text)]
        dates = dateparser.search.search_dates(text, languages=[lang]) or []
        out = []
        for sent in doc.sents:
            names = sorted({p[2] for p in people if sent.start <= p[0] < sent.stop})
            if len(names) >= 2 and TRIGGERS.search(sent.text):
                day = next((d.date().isoformat() for s, d in dates if s in sent.text), published)
                out.append({"doc_id": doc_id, "people": names, "date": day, "evidence": sent.text,
                            "start": sent.start, "end": sent.stop})
        return out


def run(path: Path, db: Path, names: list[str]) -> tuple[int, dict[str, float]]:
    """ingest → store → export with the baseline; returns documents read and seconds per stage."""
    import time

    timings = {"load": 0.0, "process": 0.0, "store": 0.0, "export": 0.0}
    t0 = time.perf_counter()
    base = Baseline(names)
    timings["load"] = time.perf_counter() - t0
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, text TEXT)")
    con.execute("CREATE TABLE IF NOT EXISTS contacts (doc_id TEXT, data TEXT)")
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            t0 = time.perf_counter()
            contacts = base.process(rec["id"], rec["text"], rec.get("published"))
            t1 = time.perf_counter()
            con.execute("INSERT OR REPLACE INTO documents VALUES (?,?)", (rec["id"], rec["text"]))
            con.executemany("INSERT INTO contacts VALUES (?,?)",
                            [(rec["id"], json.dumps(c, ensure_ascii=False)) for c in contacts])
            if n % 200 == 199:
                con.commit()  # batched like summitry's, so the comparison is of the pipelines
            timings["process"] += t1 - t0
            timings["store"] += time.perf_counter() - t1
            n += 1
    con.commit()
    t0 = time.perf_counter()
    with open("/dev/null", "w", encoding="utf-8") as out:
        for (data,) in con.execute("SELECT data FROM contacts ORDER BY doc_id"):
            out.write(data + "\n")
    timings["export"] = time.perf_counter() - t0
    con.close()
    return n, timings
