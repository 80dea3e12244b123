"""Counts the pages need, over the `Store` protocol.

`overview` (the timeline and map of a query) asks the store's SQL aggregate
(`Store.summarize`: the counts by month and by place in one pass), so it reads no
event.  The others
are pure functions over `Store.iter_events` / `Store.incidents`, reading at most
`MAX_SCAN` events, so a page stays bounded on a large database.  Store methods that
would make them fast, as one SQL query each:

* ``events(EventQuery(source_code=..., target_code=...))``     for `actor_events`;
* ``articles(limit, offset)`` and ``count_articles()``          for `article_index`;
* ``incidents(order="latest")`` and ``count_incidents()``        for `latest_incidents`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from repwatch.store.base import (
    EventQuery,
    EventSummary,
    Incident,
    PlaceCount,
    Store,
    StoredEvent,
)
from repwatch.web.charts import MapMark, timeline_series

#: the most events one page reads for `actor_events` and `article_index`
MAX_SCAN = 20_000
#: the most places (name, country, lat, lon) `overview`'s map shows, most frequent first
MAX_PLACES = 500
#: the longest timeline, in months; older event dates are left off the chart
MAX_MONTHS = 900


def event_day(e: StoredEvent) -> dt.date | None:
    """The day an event is charted on: its date's start, else the publication date."""
    return e.event.date.first if e.event.date else e.published


def monthly(days: Iterable[dt.date]) -> list[dict[str, Any]]:
    """`timeline_series` by month, over at most the `MAX_MONTHS` up to the latest day."""
    days = list(days)
    if not days:
        return []
    latest = max(days)
    oldest = dt.date(latest.year - MAX_MONTHS // 12, latest.month, 1)
    return timeline_series([d for d in days if d >= oldest], "month")


def place_mark(e: StoredEvent) -> MapMark | None:
    """The event at its location, linked to the events of that country (or to the
    event itself when the place has no country)."""
    loc = e.event.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    label = loc.name + (f", {loc.country}" if loc.country else "")
    href = f"/events?{urlencode({'country': loc.country})}" if loc.country else event_href(e)
    return MapMark(loc.lat, loc.lon, label, href)


def event_href(e: StoredEvent) -> str:
    return f"/events/{e.event.id}"


def monthly_counts(counts: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
    """`monthly`, from counts per "YYYY-MM" month (`Store.count_by_month`): every month
    from the first to the last, gaps filled with 0, over at most `MAX_MONTHS`."""
    months: dict[int, int] = {}  # months since year 0: 12 * year + month - 1
    for label, n in counts:
        try:
            year, month = int(label[:4]), int(label[5:7])
        except ValueError:
            continue
        if 1 <= year <= 9999 and 1 <= month <= 12:
            index = 12 * year + month - 1
            months[index] = months.get(index, 0) + n
    if not months:
        return []
    latest = max(months)
    get = months.get
    return [{"period": f"{i // 12:04d}-{i % 12 + 1:02d}", "count": get(i, 0)}
            for i in range(max(min(months), latest - MAX_MONTHS), latest + 1)]  # fmt: skip


def place_points(places: Iterable[PlaceCount]) -> list[dict[str, Any]]:
    """`map_points` from counts per place (`Store.count_by_place`): places at the same
    spot (rounded to 0.01 degree) merged, keeping the label and link of the first (most
    frequent) place; each links to the events of its country, or to one of its events
    when it has no country.  Biggest first."""
    merged: dict[tuple[float, float], dict[str, Any]] = {}
    for p in places:
        key = (round(p.lat, 2), round(p.lon, 2))
        if key in merged:
            merged[key]["count"] += p.count
            continue
        label = p.name + (f", {p.country}" if p.country else "")
        href = (
            f"/events?{urlencode({'country': p.country})}" if p.country else f"/events/{p.event_id}"
        )
        merged[key] = {"lat": key[0], "lon": key[1], "label": label, "href": href,
                       "count": p.count}  # fmt: skip
    return sorted(merged.values(), key=lambda p: -p["count"])


@dataclass(frozen=True)
class Overview:
    """A timeline and a map of the events matching a query."""

    timeline: list[dict[str, Any]]
    points: list[dict[str, Any]]
    scanned: int  # the events counted on the timeline (all the matching ones with a day)
    truncated: bool = False  # kept for the pages' "charted" field: the charts are never cut


def overview(store: Store, query: EventQuery | None = None) -> Overview:
    """The timeline (events per month) and the map (events per place, at most
    `MAX_PLACES` places) of the events matching `query`, from `Store.summarize`."""
    return overview_of(store.summarize(query or EventQuery(), place_limit=MAX_PLACES))


def overview_of(summary: EventSummary) -> Overview:
    """`overview` from the store's `EventSummary`."""
    months = summary.months
    return Overview(monthly_counts(months), place_points(summary.places),
                    sum(n for _, n in months))  # fmt: skip


@dataclass
class ActorEvents:
    """The events an actor code takes part in, by role, newest first."""

    code: str
    as_source: list[StoredEvent] = field(default_factory=list)
    as_target: list[StoredEvent] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)  # dictionary names seen, with counts


def actor_events(store: Store, code: str, limit: int = MAX_SCAN) -> ActorEvents:
    """Events whose source or target has exactly this code (the store's actor filter
    matches words, so its answers are checked here)."""
    found = ActorEvents(code)
    for e in islice(store.iter_events(EventQuery(actor=code)), limit):
        for role, actor in (("source", e.event.source), ("target", e.event.target)):
            if actor is None or actor.code != code:
                continue
            (found.as_source if role == "source" else found.as_target).append(e)
            found.names[actor.name] = found.names.get(actor.name, 0) + 1

    def newest_first(e: StoredEvent) -> tuple[dt.date, str]:
        return (event_day(e) or dt.date.min, e.event.id)

    found.as_source.sort(key=newest_first, reverse=True)
    found.as_target.sort(key=newest_first, reverse=True)
    return found


def shared_monthly(groups: Mapping[str, Sequence[StoredEvent]]) -> dict[str, list[dict[str, Any]]]:
    """One monthly series per group, all over the same months (so that two timelines
    side by side line up)."""
    days = {name: [d for e in events if (d := event_day(e))] for name, events in groups.items()}
    frame = monthly(d for ds in days.values() for d in ds)
    out = {}
    for name, ds in days.items():
        counts: dict[str, int] = {}
        for d in ds:
            counts[d.strftime("%Y-%m")] = counts.get(d.strftime("%Y-%m"), 0) + 1
        out[name] = [{"period": p["period"], "count": counts.get(p["period"], 0)} for p in frame]
    return out


def article_index(store: Store, limit: int = MAX_SCAN) -> list[dict[str, Any]]:
    """The articles that have events, newest publication first, with their counts
    (articles without any event are not found this way)."""
    articles: dict[int, dict[str, Any]] = {}
    for e in islice(store.iter_events(), limit):
        row = articles.setdefault(e.article_id, {
            "id": e.article_id, "title": e.article_title, "url": e.article_url,
            "published": e.published, "events": 0, "href": f"/articles/{e.article_id}",
        })  # fmt: skip
        row["events"] += 1
    return sorted(
        articles.values(), key=lambda a: (a["published"] or dt.date.min, a["id"]), reverse=True
    )


def latest_incidents(store: Store, n: int = 5, limit: int = 1000) -> list[Incident]:
    """The `n` incidents whose date window ends latest."""
    incidents = store.incidents(limit=limit)
    return sorted(incidents, key=lambda i: (i.last or dt.date.min, i.id), reverse=True)[:n]
