"""Bulk loading of many extractions into a fresh store, bypassing `save`'s checks.

For benchmarks and first imports only: rows get explicit ids after the highest
present, texts are not checked against stored ones (a repeated text fails on the
unique `text_hash`), and every coding is the newest of its article.  SQLite writes
with ``executemany`` in one transaction per chunk, PostgreSQL with ``COPY``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from repwatch.model import Extraction
from repwatch.store.hashing import text_hash
from repwatch.store.rows import EVENT_COLUMNS, QUOTE_COLUMNS, dumps, event_row, quote_row
from repwatch.store.sql import SqlStore, now

ARTICLE_COLUMNS = ("id", "text_hash", "url", "version", "article_key", "title", "published",
                   "source", "byline", "text", "ingested_at")  # fmt: skip
CODING_COLUMNS = ("id", "article_id", "extractor", "created_at", "latest", "extraction")
Tables = dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]


def _chunks(items: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def load(store: SqlStore, extractions: Iterable[Extraction], chunk: int = 2000) -> int:
    """Store every extraction; returns the number of articles loaded."""
    ids = store.max_ids()
    loaded = 0
    for batch in _chunks(extractions, chunk):
        tables: Tables = {
            "articles": (ARTICLE_COLUMNS, []), "codings": (CODING_COLUMNS, []),
            "events": (("id", *EVENT_COLUMNS), []), "quotes": (QUOTE_COLUMNS, []),
        }  # fmt: skip
        at = now()
        for x in batch:
            ids["articles"] += 1
            ids["codings"] += 1
            aid, cid, a = ids["articles"], ids["codings"], x.article
            tables["articles"][1].append((aid, text_hash(a.text), a.url, 1, a.id, a.title,
                                          a.published, a.source, a.byline, a.text, at))  # fmt: skip
            tables["codings"][1].append((cid, aid, x.extractor, at, True, dumps(x.to_json())))
            for e in x.events:
                ids["events"] += 1
                tables["events"][1].append((ids["events"], *event_row(e, cid, aid, x)))
            tables["quotes"][1].extend(quote_row(q, cid, aid) for q in x.quotes)
        store.bulk_insert(tables)
        loaded += len(batch)
    store.after_bulk()
    return loaded
