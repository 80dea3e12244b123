"""The read side of the web app: one view per resource, each served as a page and as
``.json`` (`repwatch.web.views.resource`).

    /                   /index.json             counts, latest incidents, timeline, map
    /events             /events.json            filtered, searched, paged events
    /events/{id}        /events/{id}.json       one event in its context, highlighted
    /incidents          /incidents.json         incidents, paged
    /incidents/{id}     /incidents/{id}.json    one incident: reports, sources, contradictions
    /actors/{code}      /actors/{code}.json     an actor code as source and as target
    /articles           /articles.json          articles that have events
    /articles/{id}      /articles/{id}.json     one article with every annotation

``create_app(factory, config, routers=[pages.router()])`` mounts them all.
"""

from __future__ import annotations

from fastapi import APIRouter

from repwatch.web.pages import actors, articles, events, home, incidents


def router() -> APIRouter:
    """Every read-side page and its JSON twin."""
    out = APIRouter()
    for module in (home, events, incidents, actors, articles):
        out.include_router(module.router)
    return out


__all__ = ["router"]
