"""ICEWS/CAMEO-style dyadic rows, tab-separated: one row per directed pair (source, target) of every contact.

Column names are ICEWS's where ICEWS has the column ("Event ID", "Event Date", "Source Name", "Source
Sectors", "Source Country", "Event Text", "CAMEO Code", "Intensity", "Target …", "Story ID", "City",
"Country"); the rest say what they hold.  The code of each row comes from CAMEO's CONSULT family as
seen from its source (041 telephone, 042 make a visit, 043 host a visit, 044 meet at a third location,
040 otherwise); a planned contact is CAMEO's 036 ("express intent to meet or negotiate"), not a
consultation.  "Intensity" is the code's Goldstein scale value, as ICEWS names it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from itertools import permutations
from typing import IO, Any

from summitry.exports.common import Context
from summitry.knowledge import Kinds

# CAMEO code → (CAMEO's event text, Goldstein scale value)
CODES = {
    "036": ("Express intent to meet or negotiate", 4.0),
    "040": ("Consult, not specified below", 1.0),
    "041": ("Discuss by telephone", 1.0),
    "042": ("Make a visit", 1.9),
    "043": ("Host a visit", 2.8),
    "044": ("Meet at a 'third' location", 2.5),
}
# summitry role → sectors in ICEWS's style (comma-separated, most specific first); summitry's own choice.
SECTORS = {"head_of_state": "Executive,Government", "head_of_government": "Executive,Government",
           "foreign_minister": "Foreign Ministry,Government", "other": "Government"}
COLUMNS = ["Event ID", "Event Date", "Date Start", "Date End", "Source Name", "Source Sectors", "Source Country",
           "Source Country Code", "Source Role", "Event Text", "CAMEO Code", "Intensity", "Target Name",
           "Target Sectors", "Target Country", "Target Country Code", "Target Role", "City", "Country",
           "Country Code", "Kind", "Status", "Confidence", "Number of Sources", "Number of Mentions", "Story ID"]
# What to give pandas.read_csv(sep="\t", dtype=DTYPES, keep_default_na=False) so every column keeps its type:
# codes stay strings ("041", not 41) and an empty cell stays "" in a text column.
DTYPES = {c: "str" for c in COLUMNS} | {"Intensity": "float64", "Confidence": "float64",
                                        "Number of Sources": "int64", "Number of Mentions": "int64"}


def write(events: Iterable[dict[str, Any]], out: IO[str], ctx: Context) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for d in events:
        for row in rows(d, ctx):
            writer.writerow([_cell(row[c]) for c in COLUMNS])
            n += 1
    return n


def code(d: dict[str, Any], source: str, target: str, kinds: Kinds) -> str:
    """The CAMEO code of the contact as its ``source`` country did it towards ``target``: the kind's
    own (``kinds.yaml``) for a kind without a place or a contact with none known."""
    place = d["location"]["country"]
    kind = kinds[d["kind"]]
    if d["status"] == "planned":
        return "036"
    if not kind.has_place or not place:
        return kind.cameo
    return "043" if place == source else "042" if place == target else "044"


def rows(d: dict[str, Any], ctx: Context) -> list[dict[str, Any]]:
    """The directed rows of one event: every ordered pair of its participants' countries."""
    names = ctx.country_names
    place = d["location"]
    stories = sorted({m["doc_id"] for m in d["mentions"]})
    common = {
        "Event ID": d["id"], "Event Date": d["date"], "Date Start": d["date_start"], "Date End": d["date_end"],
        "City": place["city"], "Country": names.get(place["country"], place["country"]) if place["country"] else None,
        "Country Code": place["country"], "Kind": d["kind"], "Status": d["status"], "Confidence": d["confidence"],
        "Number of Sources": len(stories), "Number of Mentions": len(d["mentions"]), "Story ID": ";".join(stories),
    }
    out = []
    for src, tgt in permutations(d["participants"], 2):
        if src["country"] == tgt["country"]:
            continue
        cameo = code(d, src["country"], tgt["country"], ctx.kinds)
        out.append(common | _side("Source", src, names) | _side("Target", tgt, names)
                   | {"CAMEO Code": cameo, "Event Text": CODES[cameo][0], "Intensity": CODES[cameo][1]})
    return out


def _side(which: str, p: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    country = names.get(p["country"], p["country"])
    return {f"{which} Name": p["person"] or country, f"{which} Sectors": SECTORS.get(p["role"], "Government"),
            f"{which} Country": country, f"{which} Country Code": p["country"], f"{which} Role": p["role"]}


def _cell(value: Any) -> Any:
    """A TSV cell: None as empty, tabs and line breaks in text as spaces (a row is one line)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value
    return value
