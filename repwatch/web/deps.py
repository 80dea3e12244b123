"""FastAPI dependencies shared by the views."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, cast

from fastapi import Depends, Path, Request

from repwatch.store.base import Store

StoreFactory = Callable[[], Store]


class LazyStore:
    """The request's store, opened by the factory on first use, so in the thread that
    uses it (the view's, in the thread pool) rather than in a thread of its own."""

    def __init__(self, factory: StoreFactory) -> None:
        self._factory = factory
        self._store: Store | None = None

    def __getattr__(self, name: str) -> Any:
        store = self.__dict__["_store"]
        if store is None:
            store = self._store = self._factory()
        return getattr(store, name)

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            store.close()


async def get_store(request: Request) -> AsyncIterator[Store]:
    """A store for this request, from the app's factory, closed when it is done.

    One store per request keeps backends free of thread-sharing rules (SQLite
    connections belong to one thread; views run in a thread pool).  It is opened when
    the view first uses it, so that the dependency itself costs no trip to the thread
    pool; closing it (or giving it back to a `repwatch.store.pool.StorePool`) is quick."""
    store = LazyStore(request.app.state.store_factory)
    try:
        yield cast(Store, store)
    finally:
        store.close()


#: Annotate a view parameter with this to receive the request's store.
StoreDep = Annotated[Store, Depends(get_store)]


#: The largest id a store holds (SQLite's and PostgreSQL's 64-bit signed integer).
MAX_STORE_ID = 2**63 - 1

#: Annotate a numeric id in a path with this: an id outside 0..`MAX_STORE_ID` is a 400
#: ``invalid_parameter`` (the database could not even look it up), not a 500.
StoreId = Annotated[int, Path(ge=0, le=MAX_STORE_ID)]
