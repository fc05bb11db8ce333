"""PLOVER event records, one JSON object per line (the exchange format PLOVER suggests).

Field names and values follow the PLOVER manual (github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex,
draft 2.0): the "Data Fields" chapter (record, entity, location and citation objects), the CONSULT and
AGREE sections (modes; the visitor is the actor and the host the recipient; a future meeting is AGREE),
the sector codes and the conflict–cooperation scores.  summitry's own facts that PLOVER has no field for
(kind, status, CAMEO code, confidence, sources) sit in one ``summitry`` object, as the manual allows
("providers should feel free to include named fields beyond those provided").  docs/schema.md says
how each field is filled.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from summitry import jsonio
from summitry.exports.common import Context
from summitry.knowledge import Kinds

CODEBOOK = "plover-base-2.0"
QUAD_VERBAL_COOPERATION = 1  # AGREE and CONSULT are both verbal cooperation
# The manual's conflict–cooperation scores for CONSULT by mode ("" = no mode) and for AGREE.
CONSULT_SCALE = {"": 2.5, "visit": 4.0, "third-party": 1.0, "multilateral": 4.0, "phone": 1.5}
AGREE_SCALE = 2.5
# summitry topic → PLOVER context; every record also has "diplomatic" (a leaders' contact is diplomacy).
CONTEXTS = {
    "trade_economy": "economic", "transport_infrastructure": "economic", "energy": "natural_resource",
    "security_defense": "military", "border_conflict": "territory", "health": "health",
    "elections_politics": "election", "regional_integration": "diplomatic", "migration": "migration",
    "agriculture_food": "human_security", "international_affairs": "diplomatic",
}
OFFICES = {"head_of_state": "head of state", "head_of_government": "head of government",
           "foreign_minister": "foreign minister", "other": "official"}


def write(events: Iterable[dict[str, Any]], out: IO[str], ctx: Context) -> int:
    n = 0
    for d in events:
        out.write(jsonio.dumps(record(d, ctx)) + "\n")
        n += 1
    return n


def mode(d: dict[str, Any], kinds: Kinds) -> str | None:
    """The CONSULT mode: the kind's own (phone for a call), else multilateral (three or more countries),
    visit (met in a participant's country), third-party (met elsewhere), or none (place unknown)."""
    countries = {p["country"] for p in d["participants"]}
    place = d["location"]["country"]
    fixed = kinds[d["kind"]].plover_mode
    if fixed:
        return fixed
    if len(countries) > 2:
        return "multilateral"
    if place:
        return "visit" if place in countries else "third-party"
    return None


def record(d: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """One event as a PLOVER record."""
    planned = d["status"] == "planned"
    how = None if planned else mode(d, ctx.kinds)
    host = d["location"]["country"] if how == "visit" else None
    actors = [p for p in d["participants"] if p["country"] != host]
    hosts = [p for p in d["participants"] if p["country"] == host]
    urls = [m["url"] for m in d["mentions"] if m.get("url")]
    return {
        "id": d["id"], "has_event": True, "date": d["date"],  # only an exact day: a range is no date
        "actor": [entity(p) for p in actors], "recipient": [entity(p) for p in hosts],
        "event": ["AGREE" if planned else "CONSULT"], "mode": [how] if how else [],
        "context": sorted({"diplomatic", *(CONTEXTS[t] for t in d["topics"] if t in CONTEXTS)}),
        "event_loc": location(d["location"], ctx), "quad_code": QUAD_VERBAL_COOPERATION,
        "event_scale": AGREE_SCALE if planned else CONSULT_SCALE[how or ""],
        "event_text": list(dict.fromkeys(m["evidence"] for m in d["mentions"])),
        "cite_info": {"url": urls[0] if urls else None, "coder": ctx.coder, "codebook": CODEBOOK},
        "summitry": {
            "kind": d["kind"], "status": d["status"], "cameo": d["cameo"], "confidence": d["confidence"],
            "date_start": d["date_start"], "date_end": d["date_end"], "date_source": d["date_source"],
            "topics": list(d["topics"]), "mentions": len(d["mentions"]),
            "documents": sorted({m["doc_id"] for m in d["mentions"]}),
        },
    }


def entity(p: dict[str, Any]) -> dict[str, Any]:
    """A participant as a PLOVER entity: every leader summitry reports is government (sector GOV)."""
    return {"code": p["country"], "sector": "GOV", "entity_text": p["mentioned_as"], "identifier_id": p["person_id"],
            "identifier_text": p["person"], "office": OFFICES.get(p["role"], p["role"])}


def location(loc: dict[str, Any], ctx: Context) -> dict[str, Any] | None:
    """The place as PLOVER's location object (resolution 4: a city, 1: only a country), or None."""
    if not loc["city"] and not loc["country"]:
        return None
    country = ctx.country_names.get(loc["country"], loc["country"]) if loc["country"] else None
    return {"resolved_place": loc["city"] or country, "city": loc["city"], "country": country,
            "country_code": loc["country"], "resolution": 4 if loc["city"] else 1}
