"""Text that is safe to store and to print: file names that are not UTF-8, and terminal control codes.

A file name is bytes on POSIX; Python hands undecodable ones over as lone surrogates, which no
UTF-8 store or terminal accepts.  ``fs_text`` spells such bytes ``\\xe9``, so a name is stored and
reported like any other.  ``printable`` is for the terminal: escape sequences, newlines and
bidirectional overrides in a name, an id or an evidence sentence would otherwise reach it raw (hide
text, move the cursor, forge a "skipped" line), so they are shown as escapes instead.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

# C0 controls but tab, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def fs_text(path: str | PurePath) -> str:
    """A path as valid text: bytes that are not UTF-8 become ``\\xNN`` (``caf\\xe9.txt``)."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: object) -> str:
    """``text`` for a terminal: control characters and bidi overrides spelt as escapes (``\\x1b``)."""
    s = str(text)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (an undecodable file name that skipped fs_text)
        s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSAFE.sub(_escape, s)
