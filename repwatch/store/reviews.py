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
    TokenInfo,
)
from repwatch.store.rows import as_date, as_datetime, dumps

if TYPE_CHECKING:
    from repwatch.store.sql import SqlStore

BATCH = 1000
#: `verify_token` stamps a token's ``last_used_at`` only when the stamp is older than
#: this: at most one small write per token per hour, not one per request.
TOKEN_LAST_USED_RESOLUTION = dt.timedelta(hours=1)
_TOKEN_COLUMNS = "id, name, created_at, last_used_at, revoked, revoked_at"
#: the largest id either backend stores (64-bit signed)
_MAX_ID = 2**63 - 1
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
    """The holder of `token` if it is known and not revoked.  Read on every call, never
    cached, so that a revoked token fails at once in every process; stamps the token's
    ``last_used_at`` when the stamp is older than `TOKEN_LAST_USED_RESOLUTION`."""
    if not token:
        return None
    sql = f"""SELECT id, name, last_used_at FROM tokens
        WHERE token_hash = ? AND revoked = {store.dialect.false}"""
    with store._read() as cur:
        row = store._one(cur, sql, token_hash(token))
    if row is None:
        return None
    at = _now()
    if row[2] is None or as_datetime(row[2]) <= at - TOKEN_LAST_USED_RESOLUTION:
        store._touch(f"""UPDATE tokens SET last_used_at = ?
            WHERE id = ? AND revoked = {store.dialect.false}""", at, int(row[0]))  # fmt: skip
    return TokenIdentity(name=row[1])


def _token_info(row: Sequence[Any]) -> TokenInfo:
    return TokenInfo(
        id=int(row[0]), name=row[1], created_at=as_datetime(row[2]),
        last_used_at=None if row[3] is None else as_datetime(row[3]), revoked=bool(row[4]),
        revoked_at=None if row[5] is None else as_datetime(row[5]),
    )  # fmt: skip


def tokens(store: SqlStore) -> list[TokenInfo]:
    with store._read() as cur:
        rows = store._exec(cur, f"SELECT {_TOKEN_COLUMNS} FROM tokens ORDER BY id").fetchall()
    return [_token_info(r) for r in rows]


def revoke_token(store: SqlStore, token_id: int | None, name: str | None) -> list[TokenInfo]:
    """Mark the token with `token_id`, or every active token called `name`, revoked (the
    row stays, so reviews made with it still name their reviewer); the tokens revoked."""
    if (token_id is None) == (name is None):
        raise StoreError(f"{store.url}: revoke a token by its id or by its name (one of them)")
    if token_id is not None and not 0 <= token_id <= _MAX_ID:
        return []  # no such id can be stored
    key, value = ("id", token_id) if token_id is not None else ("name", (name or "").strip())
    t, f = store.dialect.true, store.dialect.false
    sql = f"""UPDATE tokens SET revoked = {t}, revoked_at = ?
        WHERE {key} = ? AND revoked = {f} RETURNING {_TOKEN_COLUMNS}"""
    with store._write() as cur:
        rows = store._exec(cur, sql, _now(), value).fetchall()
    return sorted((_token_info(r) for r in rows), key=lambda i: i.id)


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
