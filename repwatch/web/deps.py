"""FastAPI dependencies shared by the views."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request

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
