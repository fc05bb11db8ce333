"""Serialisation of events and mentions: the JSON shape `score.py` and users read, and back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from summitry import jsonio
from summitry.model import Contact, DateInfo, Event, Location, Participant


def contact_from_dict(d: dict[str, Any]) -> Contact:
    """Rebuild a stored mention (inverse of ``Contact.to_dict``)."""
    date = dict(d.get("date") or {})
    if date.get("month_day"):
        date["month_day"] = tuple(date["month_day"])
    return Contact(
        doc_id=d["doc_id"], kind=d["kind"], status=d["status"], salience=d["salience"],
        participants=[Participant(**p) for p in d.get("participants") or []],
        evidence=d["evidence"], start=d["start"], end=d["end"], date=DateInfo(**date),
        location=Location(**(d.get("location") or {})), topics=list(d.get("topics") or []),
        url=d.get("url"), published=d.get("published"), sentences=list(d.get("sentences") or []),
        confidence=d.get("confidence", 0.5), multilateral=d.get("multilateral", False),
        status_source=d.get("status_source", "default"),
    )


def _range(date: DateInfo) -> tuple[str | None, str | None]:
    if date.date:
        return date.date, date.date
    return date.start, date.end


def mention_dict(m: Contact) -> dict[str, Any]:
    return {
        "doc_id": m.doc_id, "url": m.url, "published": m.published, "salience": m.salience,
        "kind": m.kind, "status": m.status, "evidence": m.evidence, "start": m.start, "end": m.end,
        "date": m.date.date, "date_start": _range(m.date)[0], "date_end": _range(m.date)[1],
        "date_source": m.date.source, "confidence": m.confidence,
    }


def stored_mention_dict(d: dict[str, Any]) -> dict[str, Any]:
    """``mention_dict`` of a stored mention (``Contact.to_dict`` JSON) without rebuilding the Contact:
    what a JSONL export of the store reads, once per mention."""
    date = d.get("date") or {}
    day = date.get("date")
    return {
        "doc_id": d["doc_id"], "url": d.get("url"), "published": d.get("published"), "salience": d["salience"],
        "kind": d["kind"], "status": d["status"], "evidence": d["evidence"], "start": d["start"], "end": d["end"],
        "date": day, "date_start": day if day else date.get("start"), "date_end": day if day else date.get("end"),
        "date_source": date.get("source"), "confidence": d.get("confidence", 0.5),
    }


def stored_event_dict(event_json: str, mention_jsons: Iterable[str]) -> dict[str, Any]:
    """``event_dict`` of a stored event (its row's JSON, which is ``event_dict`` without mentions) and
    its stored mentions in key order: what an export writes, with no object rebuilt."""
    d = jsonio.loads(event_json)
    d["mentions"] = [stored_mention_dict(jsonio.loads(m)) for m in mention_jsons]
    return d


def event_dict(e: Event) -> dict[str, Any]:
    """The export shape of one event (one JSONL line)."""
    start, end = _range(e.date)
    return {
        "id": e.id, "kind": e.kind, "status": e.status, "date": e.date.date,
        "date_start": start, "date_end": end, "date_source": e.date.source,
        "participants": [
            {"country": p.country, "person": p.person, "person_id": p.person_id, "role": p.role,
             "mentioned_as": p.mentioned_as, "derivation": p.derivation}
            for p in e.participants
        ],
        "location": {"city": e.location.city, "country": e.location.country, "derivation": e.location.derivation},
        "topics": list(e.topics), "confidence": e.confidence, "cameo": e.cameo,
        "mentions": [mention_dict(m) for m in e.mentions],
    }


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
