"""What a filter's pages share, computed once per filter and data version.

Every page of ``/events`` (and ``/``) shows, beside its own rows, the total of the
matching events, their timeline and their map: an SQL aggregate over every matching
event (`Store.summarize`), the same for each page and costly for a broad filter (the
whole table when there is none).  `SummaryCache` keeps them per filter (the `EventQuery` without
`limit` and `offset`), keyed by the store's `Store.data_version`, which every
committed write bumps, whichever process or connection made it (an ingest, ``POST
/api/articles``, a review, incident merging).  So a cached summary is never older than
the data: each request reads the version first (one indexed row), and a write makes
every older entry unreachable; those are dropped as soon as another version is seen.
A database starts at a random version, so one recreated at the same URL does not meet
the entries of its predecessor.

One cache per app (``app.state.summaries``), shared by the threads that run the views,
bounded to `SIZE` filters, least recently used first out.  A summary is computed once
even when many requests want it at the same moment (the first computes, the others
wait for it), so a burst of unfiltered requests after a write costs one scan.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from dataclasses import dataclass

from repwatch.store.base import EventQuery, Store
from repwatch.web.aggregates import MAX_PLACES, Overview, overview_of

#: the most filters a cache holds (a summary of a broad filter holds a few hundred months)
SIZE = 256
#: how long a request waits for another thread's computing of the summary it needs
WAIT_S = 30.0


@dataclass(frozen=True)
class Summary:
    """What every page of one filter shows: the total and the overview."""

    total: int
    overview: Overview


class SummaryCache:
    """`Summary` per (store, filter), for the store's current data version."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, EventQuery], Summary] = OrderedDict()
        self._versions: dict[str, int] = {}  # store url -> the version the entries hold
        # summaries being computed: the threads that want one as well wait for it
        self._running: dict[tuple[tuple[str, EventQuery], int], threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def summary(self, store: Store, query: EventQuery) -> Summary:
        """The total and overview of the events matching `query` (paging ignored)."""
        version = store.data_version()  # before the data: an entry is never older
        key = (store.url, dataclasses.replace(query, limit=0, offset=0))
        with self._lock:
            if self._versions.get(store.url) != version:  # a write (or another database)
                self._drop(store.url)
                self._versions[store.url] = version
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
            running = self._running.get((key, version))
            if running is None:  # this thread computes it; others asking meanwhile wait
                running = self._running[(key, version)] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            running.wait(WAIT_S)
            with self._lock:
                if self._versions.get(store.url) == version:
                    found = self._entries.get(key)
            if found is not None:
                return found
            return _summary(store, query)
        try:
            made = _summary(store, query)
            with self._lock:
                if self._versions.get(store.url) == version:  # no other version seen meanwhile
                    self._entries[key] = made
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.size:
                        self._entries.popitem(last=False)
        finally:
            with self._lock:
                del self._running[(key, version)]
            running.set()
        return made

    def _drop(self, url: str) -> None:
        for key in [k for k in self._entries if k[0] == url]:
            del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)


def _summary(store: Store, query: EventQuery) -> Summary:
    found = store.summarize(query, place_limit=MAX_PLACES)  # total, months, places: one pass
    return Summary(found.total, overview_of(found))
