"""What every export writer shares: the error a user can act on, and the context a writer is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from summitry import __version__
from summitry.knowledge import Kinds, shipped_kinds


class ExportError(ValueError):
    """An export that cannot be made as asked (wrong option, missing extra); the message says what to do."""


@dataclass(frozen=True)
class Context:
    """What a writer may need beyond the events: the row unit, names for ISO3 country codes and the
    contact kinds (whose CAMEO code and PLOVER mode the codes of a contact start from)."""

    per: str = "event"
    country_names: Mapping[str, str] = field(default_factory=dict)
    kinds: Kinds = field(default_factory=shipped_kinds)
    coder: str = f"summitry {__version__}"
