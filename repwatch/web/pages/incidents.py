"""``/incidents`` and ``/incidents/{id}``: reports merged into real-world incidents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from repwatch.incidents.merge import outlet
from repwatch.store.base import EventQuery
from repwatch.web.deps import StoreDep, StoreId
from repwatch.web.errors import NotFound
from repwatch.web.pages.params import paging_query
from repwatch.web.pages.records import event_json, incident_json, web_link
from repwatch.web.paging import paging
from repwatch.web.views import resource

router = APIRouter()
MAX_REPORTS = 500


@resource(router, "/incidents", "incidents.html", summary="Incidents, paged")
def incidents(
    request: Request, store: StoreDep, page: Annotated[EventQuery, Depends(paging_query)]
) -> dict[str, Any]:
    """Incidents in the order the store numbered them, ``limit`` at a time."""
    total = store.stats().incidents
    found = store.incidents(limit=page.limit, offset=page.offset)
    return {
        "incidents": [incident_json(i) for i in found],
        "paging": paging(request.url, page.offset, page.limit, total),
    }


@resource(router, "/incidents/{incident_id}", "incident.html", summary="One incident")
def incident(incident_id: StoreId, store: StoreDep) -> dict[str, Any]:
    """The incident, every report of it (an event, with its article), the sources
    (articles: title, url, published, outlet), the earliest report and the fields
    on which the reports disagree (``contradictions``)."""
    found = store.incident(incident_id)
    if found is None:
        raise NotFound(f"no incident {incident_id}")
    reports = store.events(EventQuery(incident_id=incident_id, limit=MAX_REPORTS))
    sources: dict[int, dict[str, Any]] = {}
    for r in reports:
        source = sources.setdefault(r.article_id, {
            "article_id": r.article_id, "href": f"/articles/{r.article_id}",
            "title": r.article_title, "url": r.article_url, "link": web_link(r.article_url),
            "published": r.published, "outlet": outlet(r), "event_ids": [],
        })  # fmt: skip
        source["event_ids"].append(r.event.id)
    ordered = sorted(
        sources.values(), key=lambda s: (s["published"] or dt.date.max, s["article_id"])
    )
    earliest = ordered[0] if ordered and ordered[0]["published"] else None
    return {
        "incident": incident_json(found),
        "reports": [event_json(r) for r in reports],
        "sources": ordered,
        "earliest_report": earliest,
    }
