"""A small store that both the aggregate tests and the fast-path tests read: articles in
three countries, ranges and missing dates, events with no place, a recoded article
(only its newest coding counts), and the filters they are queried with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from repwatch.model import Extraction
from repwatch.store import EventQuery, Store

Make = Callable[..., Extraction]
D = dt.date

QUERIES = [
    EventQuery(),
    EventQuery(type="COERCE"),
    EventQuery(country="BLR"),
    EventQuery(since=D(2025, 1, 1), until=D(2025, 1, 31)),
    EventQuery(type="ASSAULT", country="IRN"),
    EventQuery(q="journalists"),
    EventQuery(type="PROTEST"),  # nothing matches
]


def fill(store: Store, make: Make, tehran_extra: Sequence[dict[str, Any]] = ()) -> None:
    """Save the sample articles; `tehran_extra` adds events to the Tehran article."""
    store.save(make("Police arrested two journalists in Minsk.", [
        {"type": "COERCE", "country": "BLR", "place": "Minsk", "date": D(2025, 1, 3)},
        {"type": "ASSAULT", "country": "BLR", "place": "Minsk", "date": D(2025, 1, 20)},
        {"type": "COERCE", "country": "BLR", "place": "Grodno", "date": D(2025, 3, 1)},
    ], published=D(2025, 3, 2)))  # fmt: skip
    store.save(make("Guards beat a lawyer in Tehran.", [
        {"type": "ASSAULT", "country": "IRN", "place": "Tehran",
         "date": (D(2024, 12, 30), D(2025, 1, 2))},
        {"type": "COERCE", "country": "IRN", "place": "Tehran"},  # no date: published
        {"type": "COERCE"},  # no place, no date
        *tehran_extra,
    ], published=D(2025, 2, 14)))  # fmt: skip
    store.save(make("Officers detained a blogger.", [{"type": "COERCE"}], published=None))
    text = "Police detained an activist in Baku."  # recoded: only the newest coding counts
    store.save(make(text, [{"type": "COERCE", "country": "AZE", "place": "Baku",
                            "date": D(2020, 5, 5)}], extractor="repwatch-0.1+rules"))  # fmt: skip
    store.save(make(text, [{"type": "COERCE", "country": "AZE", "place": "Baku",
                            "date": D(2021, 6, 6)}], extractor="repwatch-0.2+rules"))  # fmt: skip
