"""Re-merging the store's blocks: a block's events rebuilt from every mention it holds.

A block (kind + countries) is re-merged whole whenever it gains or loses a mention, so the store
always equals a merge of everything it holds, whatever order documents came in.  Three paths:

* a small block (at most ``SKETCH_ABOVE`` mentions) is planned by ``plan_block``, a pure
  function of the block's stored JSON, so the planning can run in worker processes
  (``Store.merge_pending(map_fn=...)``) while the store writes the plans as they come back;
* a large block is clustered from small sketches of its mentions and each event folded from its
  mentions read a chunk at a time, so memory stays bounded whatever the block's size;
* the writing (events, their links to mentions, the text index) is the store's row writer's
  (``Tables.replace_events``, ``Tables.write_event``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import Any

from summitry import jsonio
from summitry.export import contact_from_dict
from summitry.merge import EventFold, cluster_sketches, mention_key, merge, sketch
from summitry.model import Contact, Event
from summitry.store.checks import verified
from summitry.store.tables import Tables

SKETCH_ABOVE = 10_000  # mentions in a block beyond which it is re-merged from sketches (~30 MB of contacts)
Planned = tuple[Event, list[str], list[str]]  # an event without its mentions, their keys, their evidence
MapFn = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]  # map, or a process pool's ordered map


def plan_block(rows: Sequence[str]) -> list[Planned]:
    """The events of one block from its mentions' stored JSON (pure: runs in any process)."""
    events = merge(contact_from_dict(jsonio.loads(data)) for data in rows)
    return [(replace(e, mentions=[]), [mention_key(m) for m in e.mentions], [m.evidence for m in e.mentions])
            for e in events]


def merge_marked(store: Tables, map_fn: MapFn = map) -> int:
    """Re-merge every block marked dirty, inside the caller's write transaction (SQLite).

    Small blocks are planned through ``map_fn`` (in order) and written as their plans arrive;
    large ones are merged here, one at a time.
    """
    blocks = [b for (b,) in store._q("SELECT block FROM dirty ORDER BY block").fetchall()]
    sizes = dict(store._q("SELECT block, COUNT(*) FROM mentions WHERE block IN (SELECT block FROM dirty) "
                          "GROUP BY block").fetchall())
    # largest first: a pool then ends with small blocks, not with one worker still on a big one
    small = sorted((b for b in blocks if sizes.get(b, 0) <= SKETCH_ABOVE), key=lambda b: -sizes.get(b, 0))
    plans = zip(small, map_fn(plan_block, _rows_of(store, small)), strict=True)
    for block, plan in islice(plans, 1):  # with a pool, the next few blocks are being planned meanwhile
        _write_marked(store, block, plan)
    for block in blocks:
        if sizes.get(block, 0) > SKETCH_ABOVE:
            store._q("DELETE FROM dirty WHERE block=?", (block,))
            _merge_sketched(store, block)
    for block, plan in plans:
        _write_marked(store, block, plan)
    return len(blocks)


def _write_marked(store: Tables, block: str, plan: list[Planned]) -> None:
    store._q("DELETE FROM dirty WHERE block=?", (block,))
    write_plan(store, block, plan)


def remerge(store: Tables, block: str) -> None:
    """Replace one block's events (the caller holds the block's mark)."""
    size = store._q("SELECT COUNT(*) FROM mentions WHERE block=?", (block,)).fetchone()[0]
    if size > SKETCH_ABOVE:
        _merge_sketched(store, block)
    else:
        write_plan(store, block, plan_block(next(_rows_of(store, [block]))))


def write_plan(store: Tables, block: str, plan: list[Planned]) -> None:
    store.replace_events(block)
    for event, links, evidence in plan:
        store.write_event(block, event, links, evidence)


def _rows_of(store: Tables, blocks: list[str]) -> Iterator[list[str]]:
    """Each block's stored mention JSON, read as a consumer asks for it (a pool keeps a few in flight)."""
    for block in blocks:
        rows = store._q(f"SELECT key, data, {store._crc()} FROM mentions WHERE block=?", (block,)).fetchall()
        yield [_verified(store, key, data, stored) for key, data, stored in rows]


def _verified(store: Tables, key: str, data: str, stored: int | None) -> str:
    """A mention's JSON, checked against its checksum: a damaged one must not be merged into events."""
    return verified(data, stored, f"mention {key}", store.where)


def _merge_sketched(store: Tables, block: str) -> None:
    """A large block: clustered from sketches, each event folded from its mentions 500 at a time."""
    keys: list[str] = []
    sketches = []
    shared: dict[frozenset[str], frozenset[str]] = {}  # one country set per distinct set, not per mention
    for key, data, stored in store._q(f"SELECT key, data, {store._crc()} FROM mentions WHERE block=?", (block,)):
        s = sketch(contact_from_dict(jsonio.loads(_verified(store, key, data, stored))), len(keys))
        sketches.append(replace(s, countries=shared.setdefault(s.countries, s.countries)))
        keys.append(s.key)  # the stored key is mention_key of the same mention
    store.replace_events(block)
    for cluster in cluster_sketches(sketches):
        members = sorted(keys[s.index] for s in cluster)  # mention-key order, as build_event folds them
        fold, evidence = EventFold(), dict[str, None]()  # the distinct evidence sentences, in order
        for i in range(0, len(members), 500):
            for c in _load_mentions(store, members[i:i + 500]):
                fold.add(c)
                evidence.setdefault(c.evidence)
        store.write_event(block, fold.event([]), members, list(evidence))


def _load_mentions(store: Tables, keys: list[str]) -> list[Contact]:
    found = {key: _verified(store, key, data, stored) for key, data, stored in store._q(
        f"SELECT key, data, {store._crc()} FROM mentions WHERE key IN ({','.join('?' * len(keys))})", keys).fetchall()}
    return [contact_from_dict(jsonio.loads(found[k])) for k in keys]
