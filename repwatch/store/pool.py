"""Open stores kept for reuse, for a server that would otherwise open one per request.

Opening a store costs a connection, its settings and the schema check (about a
millisecond on SQLite, a round trip or more on PostgreSQL).  `StorePool.open` hands
out a store of the pool's URL; its ``close()`` gives the connection back to the pool
instead of closing it, unless the connection is unfit to share (a transaction left
open, a broken PostgreSQL connection) or the pool is full.  Connections idle for over
`IDLE_S` are closed rather than reused (a server may have dropped them).

Reuse changes nothing a caller sees: both backends read in autocommit mode, so a
reused connection sees every committed write, as a fresh one would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, cast

from repwatch.store.base import Store

#: the most idle stores a pool keeps
SIZE = 64
#: an idle store older than this (seconds) is closed instead of reused
IDLE_S = 60.0


class PooledStore:
    """A store from a `StorePool`: every attribute is the store's, but ``close()``
    gives it back to the pool.  Closing twice is harmless."""

    def __init__(self, pool: StorePool, store: Store) -> None:
        self._pool = pool
        self._store: Store | None = store

    def __getattr__(self, name: str) -> Any:
        store = self.__dict__.get("_store")
        if store is None:
            raise AttributeError(f"{name}: the store was given back to its pool")
        return getattr(store, name)

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            self._pool.give_back(store)


class StorePool:
    """Stores opened by `opener` (`repwatch.store.open_store` of one URL), reused."""

    def __init__(self, opener: Callable[[], Store], size: int = SIZE) -> None:
        self._opener = opener
        self.size = size
        self._idle: list[tuple[float, Store]] = []  # (given back at, store), newest last
        self._lock = threading.Lock()

    def open(self) -> Store:
        """An idle store if there is a fresh one, else a newly opened one."""
        store: Store | None = None
        with self._lock:
            now = time.monotonic()
            fresh = [i for i, (at, _) in enumerate(self._idle) if now - at <= IDLE_S]
            first = fresh[0] if fresh else len(self._idle)  # the oldest are first
            stale = [s for _, s in self._idle[:first]]
            del self._idle[:first]
            if self._idle:
                store = self._idle.pop()[1]
        for old in stale:
            _close_quietly(old)
        if store is None:
            store = self._opener()
        return cast(Store, PooledStore(self, store))

    def give_back(self, store: Store) -> None:
        reusable = getattr(store, "reusable", None)
        if reusable is not None and reusable():
            with self._lock:
                if len(self._idle) < self.size:
                    self._idle.append((time.monotonic(), store))
                    return
        _close_quietly(store)

    def close(self) -> None:
        """Close every idle store."""
        with self._lock:
            idle, self._idle = self._idle, []
        for _, store in idle:
            _close_quietly(store)

    def __len__(self) -> int:
        return len(self._idle)


def _close_quietly(store: Store) -> None:
    try:
        store.close()
    except Exception:  # closing a dead connection: nothing left to release
        pass
