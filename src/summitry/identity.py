"""Document identity: when two inputs are the same document, and the readable id each one gets.

An identity says what a document *is*, so that distinct inputs never overwrite each other and the
same input is recognised on every re-run:

* a file: ``file:`` + its path under the folder that was ingested, starting with that folder's name
  (``file:articles/en-002.txt``; a file named on its own counts under its parent folder).  The
  store also keeps where the file was (its absolute path, the *origin*) and a hash of its text: the
  same origin is the same document (edited or not), and the same label at another origin with the
  same text is the same document moved.  The same label at another origin with other text is
  another document, labelled with as many of its parent folders as it takes
  (``b//articles/en-002.txt``: ``//`` marks the added parents, which no plain label has);
* a JSONL/JSON record or an API article with an id: ``id:`` + the id, in any file;
* standard input and pasted text: ``text:`` + the SHA-256 of the text.

The ``doc_id`` users see (exports, ``show``, the scorer's ``Path(doc_id).stem``) is readable: a
file's stem when no other document holds it, else its label (``outletB/article.txt``), whose stem
is the file's too; a record's id; ``stdin-`` or ``web-`` + 16 hex digits of a text's hash.  First
come, first served, and remembered by the store, so ids are stable across runs.  Stores made before
identities existed are migrated with ``legacy_identity``: their documents keep their ids, and the
first new input that the old scheme would have written over one takes it over instead.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Protocol

from summitry.printable import fs_text

FILE, RECORD, TEXT, LEGACY = "file:", "id:", "text:", "legacy:"
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".parquet")


@dataclass(frozen=True)
class Want:
    """An input asking for a doc id: its identity, the id it would like, where it is."""

    identity: str
    first: str  # a file's stem, a record's id, a text's ``stdin-…``
    origin: str | None = None  # absolute path of a file
    digest: str | None = None  # SHA-256 of a file's text


@dataclass(frozen=True)
class Row:
    """One row of the store's ``identities`` table."""

    identity: str
    doc_id: str
    origin: str | None = None
    digest: str | None = None


class View(Protocol):
    """The stored identities, looked up three ways (a store, or a dict for a new one)."""

    def by_origin(self, origin: str) -> Row | None: ...

    def by_identity(self, identity: str) -> Row | None: ...

    def by_doc_id(self, doc_id: str) -> Row | None: ...


def folder_label(folder: str | Path) -> str:
    """The label of an ingested folder: its name (``/`` for the root)."""
    name = Path(os.path.abspath(folder)).name
    return fs_text(name) if name else "/"


def file_label(root_label: str, relative: str | Path) -> str:
    """The label of a file under a labelled folder: ``articles/en-002.txt``."""
    rel = "/".join(fs_text(p) for p in Path(relative).parts)
    return f"{root_label.rstrip('/')}/{rel}"


def origin_of(path: str | Path) -> str:
    return fs_text(os.path.abspath(path))


def record_identity(record_id: str) -> str:
    return RECORD + record_id


def text_identity(text: str) -> str:
    return TEXT + text_digest(text)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_doc_id(identity: str, prefix: str) -> str:
    """The readable id of a text: ``stdin-`` or ``web-`` and 16 hex digits of its hash."""
    return f"{prefix}-{identity.removeprefix(TEXT)[:16]}"


def names(identity: str, first: str) -> tuple[str, ...]:
    """The readable ids an input may take, best first: a file's stem, then its label."""
    if identity.startswith(FILE) and identity[len(FILE):] != first:
        return first, identity[len(FILE):]
    return (first,)


def legacy_identity(doc_id: str, source: str | None) -> str:
    """The identity of a document stored before identities existed, from its id and source.

    Records keep their id.  A file only tells its name (``legacy:file:x.txt``) and an unnamed web
    text its hash prefix (``legacy:text:web-…``): the first new input of that kind and name claims
    it (``claims``).  The old ``stdin`` document is nobody's: new stdin ids differ from it.
    """
    source = source or ""
    if source == "<stdin>":
        return LEGACY + "stdin:" if doc_id == "stdin" else record_identity(doc_id)
    if source == "request":
        return LEGACY + "text:" + doc_id if doc_id.startswith("web-") else record_identity(doc_id)
    if source.lower().endswith(RECORD_SUFFIXES):
        return record_identity(doc_id)
    return LEGACY + "file:" + PurePosixPath(source.replace("\\", "/")).name


def claims(identity: str, doc_id: str, holder: str) -> bool:
    """May ``identity`` take ``doc_id`` over from its ``holder``, a document of an older store?"""
    if identity.startswith(FILE):
        return holder == LEGACY + "file:" + PurePosixPath(identity[len(FILE):]).name
    if identity.startswith(TEXT):
        return holder == LEGACY + "text:" + doc_id
    return False


def describe(identity: str) -> str:
    """An identity in words, for messages."""
    for prefix, what in ((FILE, "the file "), (RECORD, "the record with id "), (TEXT, "a text with SHA-256 "),
                         (LEGACY, "a document stored by an older summitry, ")):
        if identity.startswith(prefix):
            return what + identity[len(prefix):]
    return identity


def extend(identity: str, origin: str) -> str | None:
    """The file identity with one more parent folder of ``origin`` before ``//``; None at the top."""
    label = identity[len(FILE):]
    extra, _, core = label.rpartition("//") if "//" in label else ("", "", label)
    parents = [p for p in PurePosixPath(origin[: len(origin) - len(core)]).parts if p != "/"]
    have = len(extra.split("/")) if extra else 0
    if not origin.endswith("/" + core) or have >= len(parents):
        return None
    return f"{FILE}{'/'.join(parents[-(have + 1):])}//{core}"


class Allocation:
    """Doc ids for a run's inputs in read order (``take``), and the rows the store must write."""

    def __init__(self, view: View, exists: Callable[[str], bool] = os.path.exists) -> None:
        self.view, self.exists = view, exists
        self.written: dict[str, Row] = {}  # identity → row, to upsert
        self.deleted: set[str] = set()  # identities of claimed legacy rows
        self._by: dict[str, dict[str, Row]] = {"origin": {}, "doc_id": {}}

    def _get(self, key: str, value: str) -> Row | None:
        row = self.written.get(value) if key == "identity" else self._by[key].get(value)
        if row is not None:
            return row
        row = getattr(self.view, "by_" + key)(value)
        return None if row is None or row.identity in self.deleted or row.identity in self.written else row

    def _write(self, row: Row) -> Row:
        old = self.written.get(row.identity)
        for key, index in self._by.items():
            if old is not None and index.get(getattr(old, key)) is old:
                del index[getattr(old, key)]
            if getattr(row, key) is not None:
                index[getattr(row, key)] = row
        self.written[row.identity] = row
        return row

    def take(self, want: Want) -> tuple[Row | None, str]:
        """The row ``want`` now has, or None and the identity holding the id it needs."""
        identity: str | None = want.identity
        if want.origin is not None:
            same = self._get("origin", want.origin)
            if same is not None:  # the same file as before, edited or not
                return (same if same.digest == want.digest else self._write(replace(same, digest=want.digest))), ""
            identity, found = self._label(want)
        else:
            found = self._get("identity", want.identity)
        if found is not None:
            return found, ""
        if identity is None:
            return None, want.identity
        holder = ""
        for name in names(identity, want.first):
            held = self._get("doc_id", name)
            if held is None or claims(identity, name, held.identity):
                if held is not None:
                    self.deleted.add(held.identity)
                return self._write(Row(identity, name, want.origin, want.digest)), ""
            holder = holder or held.identity
        return None, holder

    def _label(self, want: Want) -> tuple[str | None, Row | None]:
        """A file's identity, and its row when stored: its label, unless a file at another origin
        with another text has it (then the label with more parent folders)."""
        identity: str | None = want.identity
        while identity is not None:
            stored = self._get("identity", identity)
            if stored is None:
                return identity, None
            if stored.digest == want.digest:  # the same text: the same document, copied or moved
                moved = stored.origin is None or not self.exists(stored.origin)
                return identity, self._write(replace(stored, origin=want.origin)) if moved else stored
            identity = extend(identity, want.origin or "")
        return None, None


def allocate(wants: Sequence[Want], view: View,
             exists: Callable[[str], bool] = os.path.exists) -> tuple[list[tuple[Row | None, str]], Allocation]:
    """``Allocation.take`` for each input in order: (row or None, the identity in the way)."""
    alloc = Allocation(view, exists)
    return [alloc.take(w) for w in wants], alloc


class MemoryView:
    """A ``View`` over rows held in memory (a new store, the Spark job's driver, tests)."""

    def __init__(self, rows: Sequence[Row] = ()) -> None:
        self.index: dict[str, dict[str, Row]] = {"origin": {}, "identity": {}, "doc_id": {}}
        for row in rows:
            for key, index in self.index.items():
                if getattr(row, key) is not None:
                    index.setdefault(getattr(row, key), row)

    def by_origin(self, origin: str) -> Row | None:
        return self.index["origin"].get(origin)

    def by_identity(self, identity: str) -> Row | None:
        return self.index["identity"].get(identity)

    def by_doc_id(self, doc_id: str) -> Row | None:
        return self.index["doc_id"].get(doc_id)
