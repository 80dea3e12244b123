"""``/`` and ``/index.json``: what the database holds, at a glance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from repwatch.store.base import EventQuery
from repwatch.web.aggregates import latest_incidents
from repwatch.web.deps import StoreDep
from repwatch.web.pages.records import incident_json
from repwatch.web.views import resource

router = APIRouter()


@resource(router, "/", "index.html", summary="Counts, latest incidents, timeline and map")
def index(request: Request, store: StoreDep) -> dict[str, Any]:
    """The store's counts, the five latest incidents, events per month (``timeline``:
    ``[{period, count}]``) and events by place (``map``: ``[{lat, lon, label, href,
    count}]``, each linking to the events of its country)."""
    seen = request.app.state.summaries.summary(store, EventQuery()).overview
    return {
        "stats": store.stats().to_json(),
        "incidents": [incident_json(i) for i in latest_incidents(store)],
        "timeline": seen.timeline,
        "map": seen.points,
        "charted": {"events": seen.scanned, "truncated": seen.truncated},
    }
