"""`EventQuery` -> a WHERE clause, for either backend.

SQL is written with ``?`` placeholders; the PostgreSQL backend turns them into
``%s``.  Only the newest coding of each article is read (``latest``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from repwatch.store.base import EventQuery

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Dialect:
    true: str  # boolean literals: "1" and "0" (SQLite) or "TRUE" and "FALSE"
    false: str
    like: str  # case-insensitive LIKE: "LIKE" (SQLite, ASCII) or "ILIKE"
    order: str  # the event order for listings
    month: str  # "YYYY-MM" of the DATE expression put in for {}

    def fts(self, words: str) -> tuple[str, list[Any]]:
        raise NotImplementedError


class SqliteDialect(Dialect):
    def fts(self, words: str) -> tuple[str, list[Any]]:
        # every word must occur (FTS5 phrase per word, quotes doubled), stemmed by porter
        match = " ".join('"' + w.replace('"', '""') + '"' for w in _WORD.findall(words))
        return "e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", [match]


class PostgresDialect(Dialect):
    def fts(self, words: str) -> tuple[str, list[Any]]:
        return "e.fts @@ plainto_tsquery('english', ?)", [words]


SQLITE = SqliteDialect(  # dates are ISO text
    true="1", false="0", like="LIKE", order="e.date_first DESC, e.id DESC", month="substr({}, 1, 7)"
)
POSTGRES = PostgresDialect(
    true="TRUE", false="FALSE", like="ILIKE", order="e.date_first DESC NULLS LAST, e.id DESC",
    month="to_char({}, 'YYYY-MM')",
)  # fmt: skip


def _like_pattern(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(q: EventQuery, d: Dialect) -> tuple[str, list[Any]]:
    """The WHERE clause (without the keyword) over ``events e`` and its parameters."""
    clauses = [f"e.latest = {d.true}"]
    params: list[Any] = []
    for column, value in (
        ("e.type", q.type), ("e.mode", q.mode), ("e.location_country", q.country),
        ("e.certainty", q.certainty), ("e.article_id", q.article_id),
    ):  # fmt: skip
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if q.since is not None:
        clauses.append("e.date_last >= ?")
        params.append(q.since)
    if q.until is not None:
        clauses.append("e.date_first <= ?")
        params.append(q.until)
    if q.actor:
        clauses.append(f"e.actors_text {d.like} ? ESCAPE '\\'")
        params.append(_like_pattern(q.actor))
    if q.q and _WORD.search(q.q):
        clause, more = d.fts(q.q)
        clauses.append(clause)
        params += more
    if q.incident_id is not None:
        clauses.append("e.event_id IN (SELECT event_id FROM incident_events WHERE incident_id = ?)")
        params.append(q.incident_id)
    return " AND ".join(clauses), params
