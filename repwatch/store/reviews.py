"""Reviews and API tokens in SQL, for both backends (`SqlStore` delegates here).

A review is appended, never updated: the audit trail is the ``reviews`` table read
newest first, and an event's current view is its machine coding plus its latest
review (`current`).  A token is kept as its SHA-256 only (`token_hash`); the plain
token exists once, in the return value of `create_token`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from repwatch.errors import StoreError
from repwatch.store import codec
from repwatch.store.base import (
    REVIEW_ACTIONS,
    Correction,
    Review,
    ReviewAction,
    StoredEvent,
    TokenIdentity,
)
from repwatch.store.rows import as_date, as_datetime, dumps

if TYPE_CHECKING:
    from repwatch.store.sql import SqlStore

BATCH = 1000
_COLUMNS = """r.id, r.event_id, r.article_id, r.extractor, r.reviewer, r.action, r.before,
    r.after, r.note, r.created_at"""


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256 (hex), never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def current(stored: StoredEvent, review: Review | None) -> Correction | None:
    """The event as it stands now: the machine's coding, unless its latest review
    corrected it (the correction) or rejected it (None: no such event)."""
    if review is None or review.action == "accept":
        return Correction.from_event(stored.event)
    return review.after if review.action == "correct" else None


def correction_from_json(d: Mapping[str, Any]) -> Correction:
    """A stored correction (written by `Correction.to_json`) back as the record."""
    return Correction(
        type=d["type"], mode=d.get("mode"), source_code=d.get("source_code"),
        target_code=d.get("target_code"), location_country=d.get("location_country"),
        location_name=d.get("location_name"), date_start=as_date(d.get("date_start")),
        date_end=as_date(d.get("date_end")), certainty=d.get("certainty"),
    )  # fmt: skip


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# -- tokens ------------------------------------------------------------------------------


def create_token(store: SqlStore, name: str) -> str:
    name = name.strip()
    if not name:
        raise StoreError(f"{store.url}: a token needs a name (who reviews with it)")
    token = secrets.token_urlsafe(32)
    with store._write() as cur:
        store._exec(cur, "INSERT INTO tokens (name, token_hash, created_at) VALUES (?, ?, ?)",
                    name, token_hash(token), _now())  # fmt: skip
    return token


def verify_token(store: SqlStore, token: str) -> TokenIdentity | None:
    if not token:
        return None
    sql = f"SELECT name FROM tokens WHERE token_hash = ? AND revoked = {store.dialect.false}"
    with store._read() as cur:
        row = store._one(cur, sql, token_hash(token))
    return None if row is None else TokenIdentity(name=row[0])


# -- reviews -----------------------------------------------------------------------------


def _check(store: SqlStore, review: Review) -> None:
    problem = None
    if review.action not in REVIEW_ACTIONS:
        problem = f"action {review.action!r} is not one of {', '.join(REVIEW_ACTIONS)}"
    elif (review.action == "correct") != (review.after is not None):
        problem = "a correction, and only a correction, carries the corrected coding"
    elif not review.reviewer.strip():
        problem = "a review needs its reviewer"
    if problem:
        raise StoreError(f"{store.url}: review of event {review.event_id!r}: {problem}")


def add_review(store: SqlStore, review: Review) -> Review:
    _check(store, review)
    at = _now()
    after = dumps(review.after.to_json()) if review.after else None
    with store._write() as cur:
        row = store._one(cur, """INSERT INTO reviews (event_id, article_id, extractor, reviewer,
            action, before, after, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id""", review.event_id, review.article_id, review.extractor,
            review.reviewer, review.action, dumps(review.before.to_json()), after, review.note,
            at)  # fmt: skip
    return dataclasses.replace(review, id=int(row[0]), created_at=at)


def _review(store: SqlStore, row: Sequence[Any]) -> Review:
    after = store._json(row[7])
    return Review(
        id=int(row[0]), event_id=row[1], article_id=int(row[2]), extractor=row[3],
        reviewer=row[4], action=cast(ReviewAction, row[5]),
        before=codec.event(store._json(row[6])),
        after=None if after is None else correction_from_json(after), note=row[8],
        created_at=as_datetime(row[9]),
    )  # fmt: skip


def reviews(
    store: SqlStore, event_id: str | None = None, limit: int = 50, offset: int = 0
) -> list[Review]:
    where, params = ("WHERE r.event_id = ?", [event_id]) if event_id is not None else ("", [])
    sql = f"SELECT {_COLUMNS} FROM reviews r {where} ORDER BY r.id DESC LIMIT ? OFFSET ?"
    with store._read() as cur:
        rows = store._exec(cur, sql, *params, limit, offset).fetchall()
    return [_review(store, r) for r in rows]


def reviewed_events(store: SqlStore) -> Iterator[tuple[StoredEvent, Review]]:
    """Latest review per (event, article), read in batches by review id."""
    sql = f"""SELECT {_COLUMNS}, a.title, a.url, a.published
        FROM reviews r JOIN articles a ON a.id = r.article_id
        WHERE r.id IN (SELECT max(id) FROM reviews GROUP BY event_id, article_id) AND r.id > ?
        ORDER BY r.id LIMIT {BATCH}"""
    last = 0
    while True:
        with store._read() as cur:
            rows = store._exec(cur, sql, last).fetchall()
        for row in rows:
            review = _review(store, row)
            stored = StoredEvent(event=review.before, article_id=review.article_id,
                                 extractor=review.extractor, article_title=row[10],
                                 article_url=row[11], published=as_date(row[12]))  # fmt: skip
            yield stored, review
        if len(rows) < BATCH:
            return
        last = int(rows[-1][0])
