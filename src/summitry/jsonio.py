"""JSON for the hot paths: orjson, with the standard library where orjson says no.

Every document read from JSONL is parsed, and every stored document and mention is serialised
(and read again by the merge and the export): with the standard library that was ~4 % of an
ingest, orjson does the same work several times faster.  orjson refuses a few things the
standard library accepts (a lone surrogate from a malformed input, integers beyond 64 bits,
NaN), so those take the slow path and come out the same as before.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(obj: Any) -> str:
    """Compact JSON text, non-ASCII kept as it is (like ``json.dumps(obj, ensure_ascii=False)``)."""
    try:
        return orjson.dumps(obj).decode()
    except TypeError:  # orjson.JSONEncodeError: surrogates, huge integers, types it does not know
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# orjson reads an integer just outside 64 bits (-2**63 - 1) as a float instead of refusing it: a run
# of 19 or more digits takes the standard library's exact path.  JSON writes numbers in ASCII digits,
# so the run is looked for in the UTF-8 bytes with every digit made "0": one translate and one substring
# search, in C (a regex for the run cost more than orjson's whole parse).
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else b for b in range(256))
_LONG_NUMBER = b"0" * 19


def _long_number(text: str | bytes) -> bool:
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    return _LONG_NUMBER in raw.translate(_DIGITS_AS_ZERO)


def loads(text: str | bytes) -> Any:
    """Parsed JSON; what orjson rejects is parsed (or rejected, with its usual message) by ``json``."""
    if _long_number(text):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except ValueError:  # orjson.JSONDecodeError
        return json.loads(text)
