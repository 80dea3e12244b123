"""FastAPI dependencies shared by the views."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Path, Request

from repwatch.store.base import Store

StoreFactory = Callable[[], Store]


def get_store(request: Request) -> Iterator[Store]:
    """A store for this request, from the app's factory, closed when it is done.

    One store per request keeps backends free of thread-sharing rules (SQLite
    connections belong to one thread; views run in a thread pool)."""
    factory: StoreFactory = request.app.state.store_factory
    store = factory()
    try:
        yield store
    finally:
        store.close()


#: Annotate a view parameter with this to receive the request's store.
StoreDep = Annotated[Store, Depends(get_store)]


#: The largest id a store holds (SQLite's and PostgreSQL's 64-bit signed integer).
MAX_STORE_ID = 2**63 - 1

#: Annotate a numeric id in a path with this: an id outside 0..`MAX_STORE_ID` is a 400
#: ``invalid_parameter`` (the database could not even look it up), not a 500.
StoreId = Annotated[int, Path(ge=0, le=MAX_STORE_ID)]
