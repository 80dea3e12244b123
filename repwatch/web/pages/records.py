"""Stored records as JSON-ready dicts: the one shape both a page and its ``.json``
twin read.  Model records keep their contract JSON (`Event.to_json()` and so on);
store metadata and links to the other pages sit beside it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from repwatch.store.base import Incident, ListedEvent, StoredArticle, StoredEvent


def web_link(url: str | None) -> str | None:
    """`url` when it is safe to put in an ``href`` (http or https), else None: an
    article's stored URL is input, and may be ``javascript:...``."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def event_json(e: StoredEvent | ListedEvent) -> dict[str, Any]:
    """The event's contract JSON plus where it is stored and where its pages are."""
    body = e.json if isinstance(e, ListedEvent) else e.event.to_json()
    return {
        **body,
        "href": f"/events/{body['id']}",
        "article": {
            "id": e.article_id,
            "title": e.article_title,
            "url": e.article_url,
            "link": web_link(e.article_url),
            "published": e.published,
            "href": f"/articles/{e.article_id}",
        },
        "extractor": e.extractor,
        "incident_id": e.incident_id,
        "incident_href": None if e.incident_id is None else f"/incidents/{e.incident_id}",
    }


def incident_json(i: Incident) -> dict[str, Any]:
    return {
        "id": i.id,
        "href": f"/incidents/{i.id}",
        "type": i.type,
        "event_ids": list(i.event_ids),
        "reports": len(i.event_ids),
        "sources": i.sources,
        "earliest": i.earliest,
        "first": i.first,
        "last": i.last,
        "country": i.country,
        "contradictions": [
            {"field": c.field, "values": list(c.values), "event_ids": list(c.event_ids)}
            for c in i.contradictions
        ],
    }


def article_json(a: StoredArticle) -> dict[str, Any]:
    """The stored article without its text (pages that show text highlight it)."""
    return {
        "id": a.id,
        "href": f"/articles/{a.id}",
        "title": a.title,
        "url": a.url,
        "link": web_link(a.url),
        "published": a.published,
        "source": a.source,
        "version": a.version,
        "ingested_at": a.ingested_at,
        "extractors": list(a.extractors),
        "text_hash": a.text_hash,
    }
