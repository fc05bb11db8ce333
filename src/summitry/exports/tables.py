"""The project's own formats: JSONL (the evaluation format), one JSON array, and CSV per event or per mention."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from summitry import jsonio, shape
from summitry.export import CSV_FIELDS, csv_row
from summitry.exports.common import Context

# An event's columns first (prefixed: a mention has a kind, status and dates of its own), then the mention's.
MENTION_EVENT_FIELDS = ["event_id", "event_kind", "event_status", "event_date", "event_date_start",
                        "event_date_end", "countries", "people", "city", "location_country", "cameo"]
MENTION_FIELDS = list(shape.MENTION.names)  # the JSONL line's mention fields, in its order
CSV_MENTION_FIELDS = MENTION_EVENT_FIELDS + MENTION_FIELDS


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str], ctx: Context) -> int:
    """One event per line, exactly the lines ``api.export_jsonl`` gives (the store's JSON, streamed)."""
    n = 0
    for d in events:
        out.write(jsonio.dumps(d) + "\n")
        n += 1
    return n


def write_json(events: Iterable[dict[str, Any]], out: IO[str], ctx: Context) -> int:
    """One indented JSON array (held in memory: for small exports and eyes; JSONL streams)."""
    found = list(events)
    out.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    return len(found)


def write_csv(events: Iterable[dict[str, Any]], out: IO[str], ctx: Context) -> int:
    """A row per event (``export.CSV_FIELDS``), or with ``--per mention`` a row per mention."""
    per_mention = ctx.per == "mention"
    writer = csv.DictWriter(out, fieldnames=CSV_MENTION_FIELDS if per_mention else CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for d in events:
        rows = mention_rows(d) if per_mention else [csv_row(d)]
        writer.writerows(rows)
        n += len(rows)
    return n


def mention_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV rows of one event's mentions: the event's identity and place, then the mention's own fields."""
    event = {
        "event_id": d["id"], "event_kind": d["kind"], "event_status": d["status"], "event_date": d["date"] or "",
        "event_date_start": d["date_start"] or "", "event_date_end": d["date_end"] or "",
        "countries": ";".join(p["country"] for p in d["participants"]),
        "people": ";".join(p["person"] or "" for p in d["participants"]),
        "city": d["location"]["city"] or "", "location_country": d["location"]["country"] or "", "cameo": d["cameo"],
    }
    return [{**event, **{k: "" if m.get(k) is None else m[k] for k in MENTION_FIELDS}} for m in d["mentions"]]
