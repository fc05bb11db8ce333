"""Serialisation of events and mentions: the JSON shape `score.py` and users read, and back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from summitry import jsonio
from summitry.model import Contact, DateInfo, Event, Location, Participant
from summitry.shape import EVENT, MENTION, compile_export

# The export shape's functions (``shape.compile_export``), built once from the declared records.
_event, _mention = compile_export(EVENT), compile_export(MENTION)
_stored_mention = compile_export(MENTION, stored=True)
_event_json = compile_export(EVENT, leave_out=("mentions",))


def contact_from_dict(d: dict[str, Any]) -> Contact:
    """Rebuild a stored mention (inverse of ``Contact.to_dict``: the model's own fields, nested)."""
    fields = dict(d)
    date = dict(fields.pop("date", None) or {})
    for key in ("month_day", "month_day_end"):
        if date.get(key):
            date[key] = tuple(date[key])
    participants = [Participant(**p) for p in fields.pop("participants", None) or []]
    location = Location(**(fields.pop("location", None) or {}))
    topics, sentences = list(fields.pop("topics", None) or []), list(fields.pop("sentences", None) or [])
    return Contact(**fields, participants=participants, date=DateInfo(**date), location=location, topics=topics,
                   sentences=sentences)


def mention_dict(m: Contact) -> dict[str, Any]:
    """The export shape of one mention (``shape.MENTION``)."""
    return _mention(m)


def stored_mention_dict(d: dict[str, Any]) -> dict[str, Any]:
    """``mention_dict`` of a stored mention (``Contact.to_dict`` JSON) without rebuilding the Contact:
    what a JSONL export of the store reads, once per mention."""
    return _stored_mention(d)


def stored_event_dict(event_json: str, mention_jsons: Iterable[str]) -> dict[str, Any]:
    """``event_dict`` of a stored event (its row's JSON, which is ``event_dict`` without mentions) and
    its stored mentions in key order: what an export writes, with no object rebuilt."""
    d = jsonio.loads(event_json)
    d["mentions"] = [stored_mention_dict(jsonio.loads(m)) for m in mention_jsons]
    return d


def event_dict(e: Event) -> dict[str, Any]:
    """The export shape of one event (one JSONL line): ``shape.EVENT``."""
    return _event(e)


def stored_event_json(e: Event) -> dict[str, Any]:
    """What the store keeps of an event (``events.data``): its export line without the mentions, which
    the store keeps as rows of their own."""
    return _event_json(e)


def event_from_dict(d: dict[str, Any], mentions: list[Contact]) -> Event:
    date = DateInfo(date=d.get("date"), start=None if d.get("date") else d.get("date_start"),
                    end=None if d.get("date") else d.get("date_end"), source=d.get("date_source"))
    parts = [Participant(country=p["country"], person=p.get("person"), person_id=p.get("person_id"),
                         role=p.get("role") or "other", mentioned_as=p.get("mentioned_as"),
                         derivation=p.get("derivation") or "name") for p in d.get("participants") or []]
    loc = d.get("location") or {}
    return Event(id=d["id"], kind=d["kind"], status=d["status"], participants=parts, date=date,
                 location=Location(loc.get("city"), loc.get("country"), loc.get("derivation")),
                 topics=list(d.get("topics") or []), confidence=d.get("confidence", 0.5), cameo=d.get("cameo", ""),
                 mentions=mentions)


def to_jsonl(events: Iterable[Event]) -> Iterable[str]:
    for e in events:
        yield jsonio.dumps(event_dict(e))


CSV_FIELDS = ["id", "kind", "status", "date", "date_start", "date_end", "countries", "people", "city",
              "location_country", "topics", "confidence", "cameo", "mentions", "documents", "evidence"]


def csv_row(d: dict[str, Any]) -> dict[str, Any]:
    """One event's CSV row, from its export dict (``event_dict``, or a line the store streams)."""
    mentions = d["mentions"]
    return {
        "id": d["id"], "kind": d["kind"], "status": d["status"], "date": d["date"] or "",
        "date_start": d["date_start"] or "", "date_end": d["date_end"] or "",
        "countries": ";".join(p["country"] for p in d["participants"]),
        "people": ";".join(p["person"] or "" for p in d["participants"]), "city": d["location"]["city"] or "",
        "location_country": d["location"]["country"] or "", "topics": ";".join(d["topics"]),
        "confidence": d["confidence"], "cameo": d["cameo"], "mentions": len(mentions),
        "documents": ";".join(sorted({m["doc_id"] for m in mentions})),
        "evidence": mentions[0]["evidence"] if mentions else "",
    }


def to_csv(events: Iterable[Event]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for e in events:
        writer.writerow(csv_row(event_dict(e)))
    return buf.getvalue()
