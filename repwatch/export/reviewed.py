"""`repwatch export --reviewed`: people's reviews as gold data for `repwatch eval reviewed`.

One JSON line per reviewed event, its latest review deciding (the format is written
down in docs/web.md, "Gold from reviews").  The fields a PLOVER GSR reader knows come
first: ``id``, ``text`` (the event's sentence), ``event`` (the gold PLOVER type, null
for a rejected event: "no such event"), ``source_code`` and ``target_code`` (lists).
Then:

* ``action``: accept (gold = the machine's coding), correct (gold = the correction),
  reject (no event at this trigger);
* ``gold``: the gold fields (type, mode, source_code, target_code, location_country,
  location_name, date_start, date_end, certainty), null for a rejection;
* ``machine``: the same fields as the machine coded them when reviewed;
* ``trigger``, ``sentence``: ``{"text", "span"}`` offsets into the article text;
* ``article``: ``{"id", "text", "title", "published", "url"}``, so an extractor can be
  run again on exactly what was reviewed;
* ``extractor``, ``reviewer``, ``reviewed_at``, ``note``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from repwatch.export import ExportError
from repwatch.export.writers import Out, WriteResult, _opened
from repwatch.store.base import Correction, Review, Store, StoredArticle, StoredEvent
from repwatch.store.reviews import current


def gold_record(stored: StoredEvent, review: Review, article: StoredArticle) -> dict[str, Any]:
    """The gold line for one reviewed event."""
    gold = current(stored, review)
    e = stored.event
    return {
        "id": e.id,
        "text": e.sentence.text,
        "event": gold.type if gold else None,
        "source_code": [gold.source_code] if gold and gold.source_code else [],
        "target_code": [gold.target_code] if gold and gold.target_code else [],
        "action": review.action,
        "gold": gold.to_json() if gold else None,
        "machine": Correction.from_event(e).to_json(),
        "trigger": e.trigger.to_json(),
        "sentence": e.sentence.to_json(),
        "article": {
            "id": str(article.id),
            "text": article.text,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "url": article.url,
        },  # fmt: skip
        "extractor": review.extractor,
        "reviewer": review.reviewer,
        "reviewed_at": review.created_at.isoformat() if review.created_at else None,
        "note": review.note,
    }


def gold_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every reviewed event's gold line, oldest review first."""
    cached: StoredArticle | None = None
    for stored, review in store.reviewed_events():
        if cached is None or cached.id != stored.article_id:
            cached = store.article(stored.article_id)
            if cached is None:  # reviews refer to articles by key; this cannot happen
                raise ExportError(f"review {review.id}: article {stored.article_id} is gone")
        yield gold_record(stored, review, cached)


def export_reviewed(store: Store, out: Out) -> WriteResult:
    """Write the gold lines to `out` (a path is written through ``PATH.part``)."""
    written = 0
    with _opened(out, binary=False) as stream:
        for record in gold_records(store):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return WriteResult(written)
