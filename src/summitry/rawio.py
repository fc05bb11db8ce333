"""Bytes in: decoding text of any common encoding, and reading files and lines within bounds.

Kept apart from read.py (which turns text into documents) because these are the parts that meet
hostile input first: a FIFO where a file was expected, a gigabyte on one line, UTF-16 without its
byte-order mark, binary data that happens to decode.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

SNIFF = 8192  # bytes looked at for NUL bytes and declared charsets
# Tried first: unrestricted detection takes short koi8-r Russian for cp932 Japanese.  No mac_cyrillic: it
# shares cp1251's lower case and often wins on a text with few capitals, turning "Лидеры" into "Ћидеры".
LEGACY = ["cp1251", "koi8_r", "cp1252", "iso8859_5"]
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode(data: bytes, declared: str | None = None) -> str:
    """Text from UTF-8 (BOM or not), UTF-16 (BOM or not), a declared or detected charset; ValueError if binary."""
    if data.startswith(UTF16_BOMS):
        return _check_text(data.decode("utf-16"))
    if b"\x00" in data[:SNIFF]:
        text = utf16_without_bom(data)
        if text is None:
            raise ValueError("NUL bytes in the first 8 KB (an image, archive or other binary)")
        return text
    for enc in filter(None, ["utf-8-sig", declared]):
        try:
            return _check_text(data.decode(enc))
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(data, cp_isolation=LEGACY).best() or from_bytes(data).best()
    if best is None:
        raise ValueError("no text encoding fits (tried UTF-8, UTF-16 and legacy encodings)")
    return _check_text(data.decode(best.encoding))


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # below " " but tab, newline, \v, \f, \r; and DEL
# What news in our languages is written in: Latin, Greek and Cyrillic (with their supplements),
# general punctuation and currency signs.  Binary data read as UTF-16 lands mostly elsewhere (CJK).
_PLAUSIBLE = re.compile("[\t\n\r\x20-\x7e\xa0-\u052f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")


def utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 (little or big endian) that has no byte-order mark, or None.

    Only when nearly every character of the first 8 KB is a letter, digit, space or punctuation of
    the scripts we read: a binary file with NUL bytes decodes to CJK-looking noise and stays binary.
    """
    if len(data) % 2:
        return None
    sample = data[:SNIFF]
    for enc in ("utf-16-le", "utf-16-be"):
        head = sample.decode(enc, "replace")
        if head and len(_PLAUSIBLE.findall(head)) >= 0.97 * len(head):
            try:
                return _check_text(data.decode(enc))
            except (UnicodeDecodeError, ValueError):
                return None
    return None


def _check_text(text: str) -> str:
    """Reject decodings full of control characters: binary data that happened to decode."""
    head = text[:SNIFF]
    if len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        raise ValueError("control characters throughout (binary data)")
    return text


def bounded_lines(stream: Any, max_bytes: int) -> Iterator[str | bytes | int]:
    """The lines of a stream, none held in memory beyond ``max_bytes`` (+ its newline): a longer line
    is read past in 1 MB pieces and stands as its size, so a 1 GB line costs no 1 GB to reject."""
    while line := stream.readline(max_bytes + 1):
        if len(line) <= max_bytes or line[-1:] in ("\n", b"\n"):
            yield line
            continue
        size = len(line)
        while True:
            piece = stream.readline(1 << 20)
            size += len(piece)
            if not piece or piece[-1:] in ("\n", b"\n"):
                break
        yield size


def open_input(path: Path, walked: bool) -> BinaryIO:
    """``path`` opened for reading; a file met in a folder must be a regular file.  Opened without
    blocking and checked after opening, so a FIFO (or one swapped in since the listing) never hangs
    the run; a path named on the command line may be a pipe (``<(zcat …)``, /dev/stdin)."""
    if not walked:
        return path.open("rb")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(0, f"not a regular file ({file_kind(mode)}); only regular files in folders are read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"
