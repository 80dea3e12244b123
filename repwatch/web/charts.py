"""Data for the map and the timeline, in the shapes `static/map.js` and
`static/timeline.js` read: ``[{lat, lon, label, href, count}]`` and
``[{period, count}]``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from repwatch.web.errors import BadRequest

Unit = Literal["day", "week", "month"]
UNITS: tuple[Unit, ...] = ("day", "week", "month")
MAX_PERIODS = 1000


def period_start(day: dt.date, unit: Unit) -> dt.date:
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
    return day.replace(day=1)


def _next(start: dt.date, unit: Unit) -> dt.date:
    if unit == "day":
        return start + dt.timedelta(days=1)
    if unit == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _label(start: dt.date, unit: Unit) -> str:
    return start.strftime("%Y-%m") if unit == "month" else start.isoformat()


def timeline_series(days: Iterable[dt.date], unit: Unit = "month") -> list[dict[str, Any]]:
    """Counts per period, oldest first, with empty periods in between filled with 0.
    A week is labelled by its Monday, a month as YYYY-MM."""
    counts = Counter(period_start(d, unit) for d in days)
    if not counts:
        return []
    start, end = min(counts), max(counts)
    series = []
    while start <= end:
        series.append({"period": _label(start, unit), "count": counts.get(start, 0)})
        if len(series) > MAX_PERIODS:
            raise BadRequest(
                f"over {MAX_PERIODS} {unit}s to chart; choose a longer unit or a shorter range",
                code="bad_filter",
            )
        start = _next(start, unit)
    return series


@dataclass(frozen=True)
class MapMark:
    """One located thing to plot: an event, say, at its place."""

    lat: float
    lon: float
    label: str
    href: str


def map_points(marks: Iterable[MapMark]) -> list[dict[str, Any]]:
    """Marks at the same spot (rounded to 0.01 degree) merged into one point with a
    count; the point keeps the first mark's label and link.  Biggest first."""
    merged: dict[tuple[float, float], dict[str, Any]] = {}
    for mark in marks:
        key = (round(mark.lat, 2), round(mark.lon, 2))
        if key in merged:
            merged[key]["count"] += 1
        else:
            merged[key] = {"lat": key[0], "lon": key[1], "label": mark.label,
                           "href": mark.href, "count": 1}  # fmt: skip
    return sorted(merged.values(), key=lambda p: -p["count"])
