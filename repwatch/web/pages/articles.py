"""``/articles`` and ``/articles/{id}``: an article with every annotation marked."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from repwatch.web.aggregates import article_index
from repwatch.web.deps import StoreDep, StoreId
from repwatch.web.errors import NotFound
from repwatch.web.highlight import highlight
from repwatch.web.pages.records import article_json
from repwatch.web.pages.spans import article_spans
from repwatch.web.views import resource

router = APIRouter()


@resource(router, "/articles", "articles.html", summary="Articles that have events")
def articles(store: StoreDep) -> dict[str, Any]:
    """The articles with at least one event, newest publication first."""
    return {"articles": article_index(store)}


@resource(router, "/articles/{article_id}", "article.html", summary="One article, annotated")
def article(article_id: StoreId, store: StoreDep) -> dict[str, Any]:
    """The stored `Extraction` JSON (``article``, ``events``, ``actors``, ``places``,
    ``quotes``) of the article's newest coding, plus its store id and record
    (``stored``), the incident of each event (``incident_ids``) and its text cut into
    highlighted ``segments``."""
    stored = store.article(article_id)
    extraction = store.extraction(article_id)
    if stored is None or extraction is None:
        raise NotFound(f"no article {article_id}")
    incident_ids = {}
    for e in extraction.events:
        found = store.event(e.id)
        if found is not None and found.incident_id is not None:
            incident_ids[e.id] = found.incident_id
    return {
        "id": article_id,
        "stored": article_json(stored),
        **extraction.to_json(),
        "incident_ids": incident_ids,
        "segments": highlight(extraction.article.text, article_spans(extraction)),
    }
