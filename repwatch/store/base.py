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

Reviews (issue #6): a person with an API token accepts, corrects or rejects an event.
A review never changes the machine's coding: it is stored beside it, with the coding
as it was when reviewed (`Review.before`) and the correction (`Review.after`), and
the event's current view is the machine's coding plus its latest review
(`repwatch.store.reviews.current`).  Tokens are stored as their SHA-256 only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from repwatch.model import Event, Extraction, Quote

SaveStatus = Literal["new", "unchanged", "version", "recoded"]
ReviewAction = Literal["accept", "correct", "reject"]
REVIEW_ACTIONS: tuple[ReviewAction, ...] = ("accept", "correct", "reject")


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
class ListedEvent:
    """One event as `Store.listed_events` gives it: the event's contract JSON
    (`Event.to_json()`, not decoded into an `Event`) plus where it came from, as in
    `StoredEvent`."""

    json: dict[str, Any]
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
class PlaceCount:
    """How many matching events are located at one place (`Store.count_by_place`)."""

    name: str
    country: str | None
    lat: float
    lon: float
    count: int
    event_id: str  # one of those events (the smallest id), to link a place without country


@dataclass(frozen=True)
class EventSummary:
    """`Store.summarize`: what `count_events`, `count_by_month` and `count_by_place`
    answer for one query, from one pass over the matching events."""

    total: int
    months: list[tuple[str, int]]
    places: list[PlaceCount]


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


@dataclass(frozen=True)
class TokenIdentity:
    """Who an API token belongs to (the name given at `create_token`), and its scopes."""

    name: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TokenInfo:
    """An API token as `Store.tokens` lists it: never the token, nor its hash.

    `last_used_at` is when `Store.verify_token` last accepted it, to within
    `repwatch.store.reviews.TOKEN_LAST_USED_RESOLUTION` (None: never, or not since
    migration 4); `revoked_at` is None for a live token, and for one revoked before
    migration 4 recorded the time."""

    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    revoked: bool = False
    revoked_at: dt.datetime | None = None

    def to_json(self) -> dict[str, object]:
        def iso(t: dt.datetime | None) -> str | None:
            return None if t is None else t.isoformat()

        return {
            "id": self.id, "name": self.name, "created_at": iso(self.created_at),
            "last_used_at": iso(self.last_used_at), "revoked": self.revoked,
            "revoked_at": iso(self.revoked_at),
        }  # fmt: skip


@dataclass(frozen=True)
class Correction:
    """The fields a reviewer may correct, flat: what gold data scores.

    `from_event` reads them off a machine-coded event; a correction gives all of them
    (the reviewer's whole view of the event, not a patch)."""

    type: str
    mode: str | None = None
    source_code: str | None = None
    target_code: str | None = None
    location_country: str | None = None
    location_name: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    certainty: str | None = None

    @classmethod
    def from_event(cls, e: Event) -> Correction:
        loc, date = e.location, e.date
        return cls(
            type=e.type, mode=e.mode,
            source_code=e.source.code if e.source else None,
            target_code=e.target.code if e.target else None,
            location_country=loc.country if loc else None, location_name=loc.name if loc else None,
            date_start=date.first if date else None, date_end=date.last if date else None,
            certainty=e.claim.certainty if e.claim else None,
        )  # fmt: skip

    def to_json(self) -> dict[str, str | None]:
        return {
            "type": self.type, "mode": self.mode, "source_code": self.source_code,
            "target_code": self.target_code, "location_country": self.location_country,
            "location_name": self.location_name,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "certainty": self.certainty,
        }  # fmt: skip


@dataclass(frozen=True)
class Review:
    """One person's verdict on one event, as coded by `extractor` in article `article_id`.

    `before` is the machine's event at review time; `after` the correction (only for
    "correct").  `id` and `created_at` are set by `Store.add_review`."""

    event_id: str
    article_id: int
    extractor: str
    reviewer: str  # the token's name
    action: ReviewAction
    before: Event
    after: Correction | None = None
    note: str | None = None
    id: int | None = None
    created_at: dt.datetime | None = None

    @classmethod
    def of(
        cls,
        stored: StoredEvent,
        reviewer: str,
        action: ReviewAction,
        after: Correction | None = None,
        note: str | None = None,
    ) -> Review:
        """A review of `stored` (the coding it is made against becomes `before`)."""
        return cls(event_id=stored.event.id, article_id=stored.article_id,
                   extractor=stored.extractor, reviewer=reviewer, action=action,
                   before=stored.event, after=after, note=note)  # fmt: skip

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "event_id": self.event_id, "article_id": self.article_id,
            "extractor": self.extractor, "reviewer": self.reviewer, "action": self.action,
            "before": Correction.from_event(self.before).to_json(),
            "after": self.after.to_json() if self.after else None, "note": self.note,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }  # fmt: skip


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

    def listed_events(self, query: EventQuery) -> list[ListedEvent]:
        """`events`, each as its JSON (`Event.to_json()`) instead of an `Event`: the same
        events in the same order, cheaper for an answer that only shows the JSON."""
        ...

    def count_events(self, query: EventQuery) -> int: ...

    def count_by_month(self, query: EventQuery) -> list[tuple[str, int]]:
        """Matching events (newest coding only; `limit`/`offset` ignored) per month of
        their date's first day, else of their article's publication date: ("YYYY-MM",
        count), oldest month first.  Events with neither date are left out."""
        ...

    def count_by_place(self, query: EventQuery, limit: int = 500) -> list[PlaceCount]:
        """Matching located events (lat and lon known; newest coding only) per place
        (name, country, lat, lon), most frequent first, at most `limit` places."""
        ...

    def summarize(self, query: EventQuery, place_limit: int = 500) -> EventSummary:
        """`count_events`, `count_by_month` and `count_by_place` (at most `place_limit`
        places) of `query` in one pass over the matching events.  Places with equal
        counts are ordered by name (none first), country, lat, lon, in code point order
        on either backend."""
        ...

    def event(self, event_id: str) -> StoredEvent | None: ...

    def quotes(self, article_id: int) -> list[Quote]: ...

    def iter_events(self, query: EventQuery | None = None) -> Iterator[StoredEvent]:
        """Every matching event, newest coding only, streamed (for export)."""
        ...

    def iter_dated(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> Iterator[StoredEvent]:
        """Events of the newest codings whose date's first day lies in [since, until]
        (None: open), in order of that day, streamed (for incident merging)."""
        ...

    def replace_incidents(
        self, incidents: Sequence[Incident], replacing: Sequence[int] | None = None
    ) -> None:
        """Store `incidents` (ids are assigned by the store) in place of the stored
        incidents with ids `replacing`, or of all of them (None), in one transaction."""
        ...

    def incidents(self, limit: int = 50, offset: int = 0) -> list[Incident]: ...

    def incident(self, incident_id: int) -> Incident | None: ...

    def stats(self) -> Stats: ...

    def data_version(self) -> int:
        """A number that changes whenever stored data changes: any committed save,
        recode, bulk load, incident update or review, from any process or connection.
        Read it before the data it keys (a cache entry may then hold newer data than
        its version, never older)."""
        ...

    # -- reviews and tokens (issue #6) -----------------------------------------------------
    def create_token(self, name: str) -> str:
        """A new API token for `name`; returned once, stored only as its SHA-256."""
        ...

    def verify_token(self, token: str) -> TokenIdentity | None:
        """Whose token this is, or None for an unknown or revoked one.  Read from the
        database on every call (nothing cached), so a revocation holds at once, in
        every process.  Stamps the token's ``last_used_at`` when it is older than
        `repwatch.store.reviews.TOKEN_LAST_USED_RESOLUTION` (best effort: skipped, never
        waited for, while another writer holds the database)."""
        ...

    def tokens(self) -> list[TokenInfo]:
        """Every token, revoked ones included, oldest first (no secret, no hash)."""
        ...

    def revoke_token(self, token_id: int | None = None, name: str | None = None) -> list[TokenInfo]:
        """Revoke the token with id `token_id`, or every live token named `name` (give
        one of the two): ``revoked`` set and ``revoked_at`` recorded, the row kept.
        Returns the tokens revoked by this call; an unknown or already revoked one is
        left as it is (see `tokens`)."""
        ...

    def add_review(self, review: Review) -> Review:
        """Store `review`; returns it with `id` and `created_at` set.  The machine's
        coding is left as it is.  Raises `StoreError` for a review that is not
        well-formed (unknown action, a correction without `after` or the reverse)."""
        ...

    def reviews(
        self, event_id: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[Review]:
        """The audit trail, newest first: every review, or those of one event."""
        ...

    def reviewed_events(self) -> Iterator[tuple[StoredEvent, Review]]:
        """Each reviewed event with its latest review, oldest review first, streamed.
        The `StoredEvent` holds the coding that review was made against."""
        ...

    def close(self) -> None: ...
