"""The store: extractions in SQLite or PostgreSQL behind one `Store` protocol.

    store = open_store("sqlite:///repwatch.db")   # or a path, or postgresql://...
    store.save(extraction)                         # SaveResult(article_id, status)
    store.events(EventQuery(type="COERCE", country="BLR"))

`base.py` holds the contract and its records; `sql.py` the logic both backends
share; `sqlite.py` and `postgres.py` the connections, transactions and errors;
`migrations.py` the ordered schema; `codec.py` the records from their JSON;
`ingest.py` inputs -> NLP -> store.  docs/store.md describes the design.
"""

from __future__ import annotations

import os

from repwatch import settings
from repwatch.errors import StoreUnavailable
from repwatch.store.base import (
    EventQuery,
    Failure,
    Incident,
    SaveResult,
    Stats,
    Store,
    StoredArticle,
    StoredEvent,
)

__all__ = [
    "EventQuery",
    "Failure",
    "Incident",
    "SaveResult",
    "Stats",
    "Store",
    "StoredArticle",
    "StoredEvent",
    "open_store",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def database_url(url: str | None = None) -> str:
    """`url`, else the `db` setting (``REPWATCH_DB``), whose default is ``repwatch.db``."""
    return url or str(settings.get("db"))


def open_store(url: str | None = None) -> Store:
    """The store at `url`: ``postgresql://...``, ``sqlite:///PATH`` or a plain path.

    Creates the SQLite file if needed and migrates the schema in either backend.
    Raises `StoreUnavailable` for a URL that names no reachable database.
    """
    url = database_url(url)
    if url.startswith(_POSTGRES_SCHEMES):
        from repwatch.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:")
        if path.startswith("///"):  # sqlite:///relative or sqlite:////absolute
            path = path[3:]
        elif path.startswith("//"):
            raise StoreUnavailable(
                f"{url}: a SQLite URL is sqlite:///relative/path or sqlite:////absolute/path"
            )
        if not path:
            raise StoreUnavailable(f"{url}: no SQLite file named")
    elif "://" in url:
        scheme = url.split("://", 1)[0]
        raise StoreUnavailable(
            f"{scheme}://...: unsupported database URL; use a path, sqlite:///PATH "
            "or postgresql://..."
        )
    else:
        path = os.path.expanduser(url)
    from repwatch.store.sqlite import SqliteStore

    return SqliteStore(path, url)
