"""A store holding every kind of contact the export formats tell apart, for the export and schema tests.

The bundled examples plus three short articles written for these tests: a planned visit, a meeting of
three presidents (multilateral) and a leader hosting another (visit / host).
"""

from __future__ import annotations

from pathlib import Path

from summitry import api

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
EXTRA = {
    "planned.txt": " date 2024-02-10 Kassym-Jomart Tokayev will travel to Tashkent next month for talks with "
                   "Shavkat Mirziyoyev, the Kazakh president's office said on Saturday.\n",
    "trio.txt": " date 2024-04-18 The presidents of Kazakhstan, Kyrgyzstan and Uzbekistan, Kassym-Jomart Tokayev, "
                "Sadyr Japarov and Shavkat Mirziyoyev, met in Astana on Thursday to discuss water sharing and new "
                "railway links.\n",
    "hosted.txt": " date 2024-06-03 Russian President Vladimir Putin received Kyrgyz President Sadyr Japarov in the "
                  "Kremlin in Moscow today; they discussed migration and trade.\n",
}


def build(folder: Path) -> Path:
    """The store (a SQLite file in ``folder``) of the examples and the extra articles."""
    extra = folder / "extra"
    extra.mkdir()
    for name, text in EXTRA.items():
        (extra / name).write_text(text, encoding="utf-8")
    db = folder / "exports.db"
    api.ingest([EXAMPLES, extra], db)
    return db
