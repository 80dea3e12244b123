"""The store's contract: one `Store` protocol, two backends (SQLite, PostgreSQL).

Everything above the store (ingest, incidents, export, the CLI and the web app) talks
to this protocol and to the typed records below, never to SQL.  A backend is opened
from a URL with `repwatch.store.open_store`: a path or ``sqlite:///PATH`` for SQLite
(the default, ``./repwatch.db``), ``postgresql://...`` for PostgreSQL.

Identity and versions:

* an article is keyed by ``text_hash``, the SHA-256 of its normalised text (Unicode
  NFC, whitespace runs collapsed, stripped): storing the same text again changes
  nothing (`SaveResult.status` "unchanged");
* the same URL with a different text is a new version of that URL (status
  "version"); both versions are kept, each with its own events;
* storing a text already present under a newer extractor (model) version adds that
  coding beside the old one (status "recoded"); the old events stay, marked with the
  extractor that made them.  Queries read the newest coding of each article.

`save` is one transaction: the article, its events and its quotes are all stored, or
none of them is.

Event ids (`Event.id`) are a hash of the article id, the trigger's offset and the
type, so a recoded article keeps its events' ids; `Store.event` and incidents refer
to the newest coding's event of that id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from repwatch.model import Event, Extraction, Quote

SaveStatus = Literal["new", "unchanged", "version", "recoded"]


@dataclass(frozen=True)
class SaveResult:
    article_id: int
    status: SaveStatus


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored, with the extractor versions that coded it (oldest first)."""

    id: int
    text_hash: str
    url: str | None
    title: str | None
    published: dt.date | None
    source: str | None
    text: str
    version: int  # 1 for the first text seen at its URL, then 2, 3, ...
    ingested_at: dt.datetime
    extractors: tuple[str, ...]


@dataclass(frozen=True)
class StoredEvent:
    """One event as stored: the typed `Event` plus where it came from."""

    event: Event
    article_id: int
    extractor: str
    article_title: str | None
    article_url: str | None
    published: dt.date | None
    incident_id: int | None = None


@dataclass(frozen=True)
class EventQuery:
    """Filters for `Store.events`; None means "any"."""

    type: str | None = None  # PLOVER type
    mode: str | None = None
    country: str | None = None  # ISO-3 of the event location
    actor: str | None = None  # words matched against actor text or code
    certainty: str | None = None
    since: dt.date | None = None  # event date range overlaps [since, until]
    until: dt.date | None = None
    q: str | None = None  # full-text words: FTS5 on SQLite, tsvector on PostgreSQL
    article_id: int | None = None
    incident_id: int | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class Failure:
    """An input that could not be ingested, and why."""

    source: str
    reason: str
    at: dt.datetime


@dataclass(frozen=True)
class Contradiction:
    """Reports of one incident that disagree on a field ("date", "place", "deaths")."""

    field: str
    values: tuple[str, ...]
    event_ids: tuple[str, ...]


@dataclass(frozen=True)
class Incident:
    """Event reports from several articles merged into one real-world incident."""

    id: int
    type: str
    event_ids: tuple[str, ...]
    sources: int  # distinct sources (outlets / hosts) among the reports
    earliest: dt.date | None  # publication date of the earliest report
    first: dt.date | None  # the incident's date window
    last: dt.date | None
    country: str | None
    contradictions: tuple[Contradiction, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Stats:
    articles: int
    events: int
    incidents: int
    quotes: int
    failed: int

    def to_json(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "events": self.events,
            "incidents": self.incidents,
            "quotes": self.quotes,
            "failed": self.failed,
        }


class Store(Protocol):
    """What every backend offers.  Methods raise `repwatch.errors.StoreError` (or a
    subclass) with a one-line message; never a driver exception."""

    url: str

    def save(self, extraction: Extraction) -> SaveResult: ...

    def coded(self, text_hash: str, extractor: str) -> bool:
        """Whether the text with this `hashing.text_hash` is stored with a coding by
        `extractor` (ingest asks before running the NLP, so a rerun is cheap)."""
        ...

    def record_failure(self, source: str, reason: str) -> None:
        """Record (or update) the failure of input `source`; `save` of an article from
        the same source later clears it."""
        ...

    def failures(self) -> list[Failure]: ...

    def article(self, article_id: int) -> StoredArticle | None: ...

    def extraction(self, article_id: int, extractor: str | None = None) -> Extraction | None:
        """The article's coding by `extractor` (default: the newest)."""
        ...

    def events(self, query: EventQuery) -> list[StoredEvent]: ...

    def count_events(self, query: EventQuery) -> int: ...

    def event(self, event_id: str) -> StoredEvent | None: ...

    def quotes(self, article_id: int) -> list[Quote]: ...

    def iter_events(self, query: EventQuery | None = None) -> Iterator[StoredEvent]:
        """Every matching event, newest coding only, streamed (for export)."""
        ...

    def replace_incidents(self, incidents: Sequence[Incident]) -> None:
        """Replace the stored incidents (ids are assigned by the store)."""
        ...

    def incidents(self, limit: int = 50, offset: int = 0) -> list[Incident]: ...

    def incident(self, incident_id: int) -> Incident | None: ...

    def stats(self) -> Stats: ...

    def close(self) -> None: ...
