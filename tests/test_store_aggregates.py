"""`Store.count_by_month` and `Store.count_by_place` against the same counts computed in
Python over `iter_events`, on both backends; and `overview` built from them."""

from __future__ import annotations

from collections import Counter

import pytest

from repwatch.store import EventQuery, Store
from repwatch.web.aggregates import event_day, overview
from tests.store_samples import QUERIES, Make
from tests.store_samples import fill as _fill


def _months_in_python(store: Store, query: EventQuery) -> list[tuple[str, int]]:
    counts = Counter(d.strftime("%Y-%m") for e in store.iter_events(query) if (d := event_day(e)))
    return sorted(counts.items())


def _places_in_python(store: Store, query: EventQuery) -> Counter[tuple[str, str | None]]:
    return Counter(
        (loc.name, loc.country)
        for e in store.iter_events(query)
        if (loc := e.event.location) is not None and loc.lat is not None and loc.lon is not None
    )


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q)[11:60])
def test_count_by_month_matches_python(
    store: Store, make_extraction: Make, query: EventQuery
) -> None:
    _fill(store, make_extraction)
    assert store.count_by_month(query) == _months_in_python(store, query)


def test_count_by_month_values(store: Store, make_extraction: Make) -> None:
    _fill(store, make_extraction)
    # dated events by their first day, undated ones by publication, neither: left out
    assert store.count_by_month(EventQuery()) == [
        ("2021-06", 1), ("2024-12", 1), ("2025-01", 2), ("2025-02", 2), ("2025-03", 1),
    ]  # fmt: skip
    months = dict(store.count_by_month(EventQuery()))
    assert months["2025-01"] == 2 and months["2024-12"] == 1 and months["2021-06"] == 1
    assert "2020-05" not in months  # the old coding is not counted


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q)[11:60])
def test_count_by_place_matches_python(
    store: Store, make_extraction: Make, query: EventQuery
) -> None:
    _fill(store, make_extraction)
    places = store.count_by_place(query)
    assert Counter({(p.name, p.country): p.count for p in places}) == _places_in_python(
        store, query
    )
    counts = [p.count for p in places]
    assert counts == sorted(counts, reverse=True)  # most frequent first
    for p in places:
        assert (p.lat, p.lon) == (1.5, 2.5)
        assert any(e.event.id == p.event_id for e in store.iter_events(query))


def test_count_by_place_limit(store: Store, make_extraction: Make) -> None:
    _fill(store, make_extraction)
    top = store.count_by_place(EventQuery(), limit=1)
    assert [(p.name, p.country, p.count) for p in top] == [("Minsk", "BLR", 2)]


def test_overview_from_aggregates(store: Store, make_extraction: Make) -> None:
    _fill(store, make_extraction)
    seen = overview(store, EventQuery(country="BLR"))
    assert seen.timeline == [{"period": "2025-01", "count": 2}, {"period": "2025-02", "count": 0},
                             {"period": "2025-03", "count": 1}]  # fmt: skip
    # all the hand-built places share one spot: merged, labelled by the most frequent
    assert seen.points == [{"lat": 1.5, "lon": 2.5, "label": "Minsk, BLR",
                            "href": "/events?country=BLR", "count": 3}]  # fmt: skip
    assert (seen.scanned, seen.truncated) == (3, False)
    assert overview(store, EventQuery(type="PROTEST")) == type(seen)([], [], 0)
