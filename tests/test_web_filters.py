"""Query-string filters, paging and chart data: bad input is a 400, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest

from repwatch.store.base import EventQuery
from repwatch.web.charts import MapMark, map_points, timeline_series
from repwatch.web.errors import BadRequest
from repwatch.web.filters import parse_event_query
from repwatch.web.paging import paging


def test_filters_empty_fields_mean_any() -> None:
    blank = {k: "" for k in ("type", "mode", "country", "actor", "certainty", "since", "q")}
    assert parse_event_query(blank) == EventQuery()


def test_filters_parse_and_normalise() -> None:
    query = parse_event_query(
        {"type": "coerce", "mode": "Arrest", "country": "irn", "since": "2025-01-01",
         "until": "2025-02-01", "certainty": "ALLEGED", "q": "journalist", "limit": "10",
         "offset": "20", "actor": "IRNGOV"}
    )  # fmt: skip
    assert query == EventQuery(
        type="COERCE", mode="arrest", country="IRN", actor="IRNGOV", certainty="alleged",
        since=dt.date(2025, 1, 1), until=dt.date(2025, 2, 1), q="journalist", limit=10,
        offset=20,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"type": "FLY"}, "type="),
        ({"country": "IR"}, "ISO-3"),
        ({"country": "I1N"}, "ISO-3"),
        ({"mode": "<script>"}, "mode="),
        ({"certainty": "sure"}, "certainty="),
        ({"since": "2025-02-30"}, "YYYY-MM-DD"),
        ({"since": "20250101"}, "YYYY-MM-DD"),
        ({"until": "yesterday"}, "YYYY-MM-DD"),
        ({"since": "2025-03-01", "until": "2025-01-01"}, "after"),
        ({"limit": "0"}, "limit="),
        ({"limit": "501"}, "limit="),
        ({"limit": "ten"}, "limit="),
        ({"offset": "-5"}, "offset="),
        ({"offset": "1e9"}, "offset="),
        ({"q": "x" * 201}, "at most 200"),
        ({"actor": "a\x00b"}, "printable"),
        ({"tpye": "COERCE"}, "unknown parameter 'tpye'"),
    ],
)
def test_filters_bad_values_are_bad_requests(params: dict[str, str], needle: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_event_query(params)
    assert caught.value.status == 400 and caught.value.code == "bad_filter"
    assert needle in str(caught.value)


def test_filters_extra_parameters_allowed_when_named() -> None:
    assert parse_event_query({"unit": "week"}, extra=("unit",)) == EventQuery()


def test_paging_first_middle_last() -> None:
    first = paging("/events?type=COERCE&offset=0", 0, 50, 120)
    assert first["prev"] is None and first["next"] == "/events?type=COERCE&limit=50&offset=50"
    assert (first["first"], first["last"]) == (1, 50)
    middle = paging("/events", 60, 50, 120)
    assert middle["prev"] == "/events?limit=50&offset=10"
    last = paging("/events", 100, 50, 120)
    assert last["next"] is None and (last["first"], last["last"]) == (101, 120)
    empty = paging("/events", 0, 50, 0)
    assert (empty["first"], empty["last"], empty["prev"], empty["next"]) == (0, 0, None, None)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("day", [("2025-01-30", 1), ("2025-01-31", 0), ("2025-02-01", 2)]),
        ("week", [("2025-01-27", 3)]),
        ("month", [("2025-01", 1), ("2025-02", 2)]),
    ],
)
def test_charts_timeline_series_fills_gaps(unit: str, expected: list[tuple[str, int]]) -> None:
    days = [dt.date(2025, 1, 30), dt.date(2025, 2, 1), dt.date(2025, 2, 1)]
    series = timeline_series(days, unit)  # type: ignore[arg-type]
    assert [(s["period"], s["count"]) for s in series] == expected


def test_charts_timeline_series_month_rollover_and_empty() -> None:
    days = [dt.date(2024, 12, 31), dt.date(2025, 3, 1)]
    periods = [s["period"] for s in timeline_series(days, "month")]
    assert periods == ["2024-12", "2025-01", "2025-02", "2025-03"]
    assert timeline_series([], "day") == []


def test_charts_timeline_series_refuses_too_many_periods() -> None:
    with pytest.raises(BadRequest):
        timeline_series([dt.date(2000, 1, 1), dt.date(2025, 1, 1)], "day")


def test_charts_map_points_merge_same_spot() -> None:
    marks = [
        MapMark(35.691, 51.389, "Tehran", "/e/1"),
        MapMark(35.6912, 51.3891, "Tehran", "/e/2"),
        MapMark(53.9, 27.57, "Minsk", "/e/3"),
    ]
    points = map_points(marks)
    assert points[0] == {"lat": 35.69, "lon": 51.39, "label": "Tehran", "href": "/e/1", "count": 2}
    assert points[1]["label"] == "Minsk" and points[1]["count"] == 1
