"""``/events`` (filtered, searched, paged) and ``/events/{id}`` (one event in context)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from repwatch.store.base import EventQuery
from repwatch.web.deps import StoreDep
from repwatch.web.errors import NotFound
from repwatch.web.filters import event_query
from repwatch.web.highlight import context, highlight
from repwatch.web.pages.records import article_json, event_json, incident_json
from repwatch.web.pages.spans import event_spans
from repwatch.web.paging import paging
from repwatch.web.views import resource

router = APIRouter()


@resource(router, "/events", "events.html", summary="Events, filtered and paged")
def events(
    request: Request, store: StoreDep, query: Annotated[EventQuery, Depends(event_query)]
) -> dict[str, Any]:
    """The events that match the filters (``type``, ``mode``, ``country``, ``actor``,
    ``certainty``, ``since``, ``until``, full-text ``q``), newest first, ``limit`` at a
    time from ``offset``; with a timeline and a map of all the matching events (the
    total, timeline and map are computed once per filter and data version)."""
    summary = request.app.state.summaries.summary(store, query)  # per filter, cached
    seen = summary.overview
    return {
        "query": query,
        "events": [event_json(e) for e in store.listed_events(query)],
        "paging": paging(request.url, query.offset, query.limit, summary.total),
        "timeline": seen.timeline,
        "map": seen.points,
        "charted": {"events": seen.scanned, "truncated": seen.truncated},
    }


@resource(router, "/events/{event_id}", "event.html", summary="One event in its context")
def event(event_id: str, store: StoreDep) -> dict[str, Any]:
    """The event, the paragraph around its sentence cut into highlighted ``segments``
    (``kinds``: hl-trigger, hl-source, hl-target, hl-place, hl-date, hl-cue), the
    quotes that state it, its incident and its article."""
    found = store.event(event_id)
    if found is None:
        raise NotFound(f"no event {event_id[:80]!r}")
    article = store.article(found.article_id)
    if article is None:
        raise NotFound(f"the article of event {event_id[:80]!r} is gone")
    e = found.event
    start, end = context(article.text, e.sentence.start, e.sentence.end)
    quotes = [q.to_json() for q in store.quotes(found.article_id) if e.id in q.event_ids]
    incident = store.incident(found.incident_id) if found.incident_id is not None else None
    return {
        "event": event_json(found),
        "article": article_json(article),
        "context": {
            "span": [start, end],
            "segments": highlight(article.text[start:end], event_spans(e), offset=start),
        },
        "quotes": quotes,
        "incident": incident_json(incident) if incident else None,
    }
