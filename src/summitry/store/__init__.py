"""Store stage: documents, mentions and merged events in SQLite (a file) or PostgreSQL (a URL).

Incremental and idempotent: a document whose text is unchanged is skipped, a changed one has
its mentions replaced, and only the merge blocks (kind + countries) that gained or lost a
mention are re-merged.  Each batch is one transaction, so a killed run leaves the store as it
was before that batch.  SQLite runs in WAL mode so readers (the web app) work while an ingest
writes; PostgreSQL lets several ingest processes write at once (see ``Store``).

    Store("contacts.db")                          # SQLite
    Store("postgresql://user@host/summitry")      # PostgreSQL: pip install 'summitry[postgres]'
"""

from summitry.store.core import Store, StoreVersionError
from summitry.store.dialect import display, is_url
from summitry.store.errors import NotAStore, StoreDamaged, StoreError, StoreUnavailable, explain, is_store_error
from summitry.store.query import EventFilter
from summitry.store.rows import SCHEMA_VERSION, Prepared, content_hash, prepare
from summitry.store.tables import IngestResult, Tables

__all__ = ["SCHEMA_VERSION", "EventFilter", "IngestResult", "NotAStore", "Prepared", "Store", "StoreDamaged",
           "StoreError", "StoreUnavailable", "StoreVersionError", "Tables", "content_hash", "display", "explain",
           "is_store_error", "is_url", "prepare"]
