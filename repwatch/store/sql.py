"""The store's logic, written once over DB-API cursors; backends supply the rest.

`SqlStore` implements the `Store` protocol with ``?``-placeholder SQL that runs on
SQLite and PostgreSQL alike.  A backend subclass supplies the connection, its write
transaction (`_write`), reads (`_read`), parameter adaptation, the full-text index
and the translation of its driver's exceptions into `StoreError`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from repwatch.errors import StoreError
from repwatch.model import Extraction, Quote
from repwatch.store import codec
from repwatch.store import reviews as _reviews
from repwatch.store.base import (
    Contradiction,
    EventQuery,
    EventSummary,
    Failure,
    Incident,
    ListedEvent,
    PlaceCount,
    Review,
    SaveResult,
    SaveStatus,
    Stats,
    StoredArticle,
    StoredEvent,
    TokenIdentity,
    TokenInfo,
)
from repwatch.store.hashing import text_hash
from repwatch.store.migrations import SCHEMA_VERSION_TABLE, Migration
from repwatch.store.query import Dialect, where
from repwatch.store.rows import (
    EVENT_COLUMNS,
    QUOTE_COLUMNS,
    as_date,
    as_datetime,
    dumps,
    event_row,
    quote_row,
)

Cursor = Any

_EVENT_SELECT = """SELECT e.id, e.data, e.article_id, c.extractor, e.title, e.url, e.published,
    (SELECT min(ie.incident_id) FROM incident_events ie WHERE ie.event_id = e.event_id)
    FROM events e JOIN codings c ON c.id = e.coding_id"""

ITER_BATCH = 1000


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_INCIDENT_EVENT_INSERT = _insert("incident_events", ("incident_id", "event_id", "position"))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SqlStore:
    url: str  # for messages: the password, if any, is hidden
    dialect: Dialect
    migrations: Sequence[Migration]  # the backend's ordered list (store/migrations.py)

    # -- what a backend supplies -------------------------------------------------------
    def _write(self) -> AbstractContextManager[Cursor]:
        """A cursor inside one write transaction, committed on exit (rolled back on error),
        serialised against other writers."""
        raise NotImplementedError

    def _read(self) -> AbstractContextManager[Cursor]:
        raise NotImplementedError

    def _relax_durability(self, cur: Cursor) -> None:
        """Inside a `save`: the article's transaction may skip waiting for its flush to
        disk.  It stays atomic (all or nothing); a machine crash can lose the last few
        saves, which the next ingest stores again.  Reviews and tokens never relax."""

    def _sql(self, sql: str) -> str:
        return sql

    def _adapt(self, params: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(params)

    def _json(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str | bytes) else value

    def _index_events(self, cur: Cursor, coding_id: int) -> None:
        """Add the events of coding `coding_id` to the full-text index, if it is separate."""

    def _touch(self, sql: str, *params: Any) -> None:
        """One small best-effort write (a token's last use): skipped, without an
        error, when it cannot be done at once.  Backends override this so that it
        never waits for another writer; this default runs it as an ordinary write."""
        try:
            with self._write() as cur:
                self._exec(cur, sql, *params)
        except StoreError:
            pass

    def close(self) -> None:
        raise NotImplementedError

    def reusable(self) -> bool:
        """Whether the connection may serve another caller (`repwatch.store.pool`): no
        transaction left open, the connection alive."""
        return False

    def writer(self) -> SqlStore | None:
        """A second store on the same database with a connection of its own, for saving
        from another thread while this one reads (`repwatch.store.ingest`); None where
        the backend has none, and saves stay in the caller's thread."""
        return None

    # -- bulk loading (`repwatch.store.bulk`) ---------------------------------------------
    def bulk_insert(self, tables: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]) -> None:
        """Insert rows into several tables in one transaction."""
        with self._write() as cur:
            for table, (columns, rows) in tables.items():
                self._many(cur, _insert(table, columns), rows)

    def after_bulk(self) -> None:
        """Bring indexes and planner statistics up to date after a bulk load."""

    def max_ids(self) -> dict[str, int]:
        with self._read() as cur:
            return {t: int(self._one(cur, f"SELECT coalesce(max(id), 0) FROM {t}")[0])
                    for t in ("articles", "codings", "events")}  # fmt: skip

    # -- schema ------------------------------------------------------------------------
    def schema_version(self) -> int:
        raise NotImplementedError

    def migrate(self, migrations: Sequence[Migration] | None = None) -> None:
        """Apply the migrations above the database's version, each in one transaction."""
        migrations = self.migrations if migrations is None else migrations
        current = self.schema_version()
        known = max((m.version for m in migrations), default=0)
        if current > known:
            raise StoreError(
                f"{self.url}: database schema version {current} is newer than this "
                f"repwatch knows ({known}); upgrade repwatch"
            )
        for m in migrations:
            if m.version <= current:
                continue
            with self._write() as cur:
                self._exec(cur, SCHEMA_VERSION_TABLE)
                # re-read under the write lock: another process may have migrated meanwhile
                if self._one(cur, "SELECT 1 FROM schema_version WHERE version = ?", m.version):
                    continue
                for statement in m.statements:
                    cur.execute(statement)
                self._exec(cur, "INSERT INTO schema_version (version, name, applied_at) "
                           "VALUES (?, ?, ?)", m.version, m.name, now().isoformat())  # fmt: skip

    # -- helpers -------------------------------------------------------------------------
    def _exec(self, cur: Cursor, sql: str, *params: Any) -> Cursor:
        cur.execute(self._sql(sql), self._adapt(params))
        return cur

    def _one(self, cur: Cursor, sql: str, *params: Any) -> Any:
        return self._exec(cur, sql, *params).fetchone()

    def _many(self, cur: Cursor, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            cur.executemany(self._sql(sql), [self._adapt(r) for r in rows])

    # -- writing ---------------------------------------------------------------------------
    def save(self, extraction: Extraction) -> SaveResult:
        x, t, f = extraction, self.dialect.true, self.dialect.false
        a = x.article
        digest = text_hash(a.text)
        with self._write() as cur:
            self._relax_durability(cur)
            row = self._one(cur, "SELECT id FROM articles WHERE text_hash = ?", digest)
            status: SaveStatus
            if row is not None:
                article_id = int(row[0])
                sql = "SELECT 1 FROM codings WHERE article_id = ? AND extractor = ?"
                if self._one(cur, sql, article_id, x.extractor) is not None:
                    return SaveResult(article_id, "unchanged")
                for table in ("codings", "events", "quotes"):
                    sql = f"UPDATE {table} SET latest = {f} WHERE article_id = ? AND latest = {t}"
                    self._exec(cur, sql, article_id)
                status = "recoded"
            else:
                version, status = 1, "new"
                if a.url:
                    sql = "SELECT max(version) FROM articles WHERE url = ?"
                    top = self._one(cur, sql, a.url)[0]
                    if top is not None:
                        version, status = int(top) + 1, "version"
                article_id = int(self._one(cur, """INSERT INTO articles (text_hash, url, version,
                    article_key, title, published, source, byline, text, ingested_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    digest, a.url, version, a.id, a.title, a.published, a.source, a.byline,
                    a.text, now())[0])  # fmt: skip
            coding_id = int(self._one(cur, """INSERT INTO codings
                (article_id, extractor, created_at, latest, extraction)
                VALUES (?, ?, ?, ?, ?) RETURNING id""",
                article_id, x.extractor, now(), True, dumps(x.to_json()))[0])  # fmt: skip
            self._many(cur, _insert("events", EVENT_COLUMNS),
                       [event_row(e, coding_id, article_id, x) for e in x.events])  # fmt: skip
            self._index_events(cur, coding_id)
            self._many(cur, _insert("quotes", QUOTE_COLUMNS),
                       [quote_row(q, coding_id, article_id) for q in x.quotes])  # fmt: skip
            if a.source:
                self._exec(cur, "DELETE FROM failures WHERE source = ?", a.source)
        return SaveResult(article_id, status)

    def record_failure(self, source: str, reason: str) -> None:
        with self._write() as cur:
            self._exec(cur, """INSERT INTO failures (source, reason, at) VALUES (?, ?, ?)
                ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, at = excluded.at""",
                source, reason, now())  # fmt: skip

    def replace_incidents(
        self, incidents: Sequence[Incident], replacing: Sequence[int] | None = None
    ) -> None:
        with self._write() as cur:
            if replacing is None:
                self._exec(cur, "DELETE FROM incident_events")
                self._exec(cur, "DELETE FROM incidents")
            old = list(replacing or ())
            for n in range(0, len(old), ITER_BATCH):  # bounded IN lists
                ids = old[n : n + ITER_BATCH]
                marks = ", ".join("?" * len(ids))
                self._exec(cur, f"DELETE FROM incident_events WHERE incident_id IN ({marks})", *ids)
                self._exec(cur, f"DELETE FROM incidents WHERE id IN ({marks})", *ids)
            for inc in incidents:
                contradictions = [
                    {"field": c.field, "values": list(c.values), "event_ids": list(c.event_ids)}
                    for c in inc.contradictions
                ]
                incident_id = self._one(cur, """INSERT INTO incidents
                    (type, sources, earliest, first, last, country, contradictions)
                    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    inc.type, inc.sources, inc.earliest, inc.first, inc.last, inc.country,
                    dumps(contradictions))[0]  # fmt: skip
                members = [(incident_id, e, i) for i, e in enumerate(inc.event_ids)]
                self._many(cur, _INCIDENT_EVENT_INSERT, members)

    # -- reading ---------------------------------------------------------------------------
    def coded(self, text_hash: str, extractor: str) -> bool:
        with self._read() as cur:
            sql = """SELECT 1 FROM articles a JOIN codings c ON c.article_id = a.id
                WHERE a.text_hash = ? AND c.extractor = ?"""
            return self._one(cur, sql, text_hash, extractor) is not None

    def failures(self) -> list[Failure]:
        with self._read() as cur:
            rows = self._exec(cur, "SELECT source, reason, at FROM failures ORDER BY at, source")
            return [Failure(s, r, as_datetime(at)) for s, r, at in rows.fetchall()]

    def article(self, article_id: int) -> StoredArticle | None:
        with self._read() as cur:
            row = self._one(cur, """SELECT id, text_hash, url, title, published, source, text,
                version, ingested_at FROM articles WHERE id = ?""", article_id)  # fmt: skip
            if row is None:
                return None
            sql = "SELECT extractor FROM codings WHERE article_id = ? ORDER BY id"
            extractors = tuple(r[0] for r in self._exec(cur, sql, article_id).fetchall())
        return StoredArticle(
            id=int(row[0]), text_hash=row[1], url=row[2], title=row[3], published=as_date(row[4]),
            source=row[5], text=row[6], version=int(row[7]), ingested_at=as_datetime(row[8]),
            extractors=extractors,
        )  # fmt: skip

    def extraction(self, article_id: int, extractor: str | None = None) -> Extraction | None:
        with self._read() as cur:
            if extractor is None:
                latest = self.dialect.true
                sql = f"SELECT extraction FROM codings WHERE article_id = ? AND latest = {latest}"
                row = self._one(cur, sql, article_id)
            else:
                sql = "SELECT extraction FROM codings WHERE article_id = ? AND extractor = ?"
                row = self._one(cur, sql, article_id, extractor)
        return None if row is None else codec.extraction(self._json(row[0]))

    def _stored_event(self, row: Sequence[Any]) -> StoredEvent:
        return StoredEvent(
            event=codec.event(self._json(row[1])), article_id=int(row[2]), extractor=row[3],
            article_title=row[4], article_url=row[5], published=as_date(row[6]),
            incident_id=None if row[7] is None else int(row[7]),
        )  # fmt: skip

    def _listed_event(self, row: Sequence[Any]) -> ListedEvent:
        return ListedEvent(
            json=codec.event_json(self._json(row[1])), article_id=int(row[2]),
            extractor=row[3], article_title=row[4], article_url=row[5],
            published=as_date(row[6]), incident_id=None if row[7] is None else int(row[7]),
        )  # fmt: skip

    def _event_rows(self, query: EventQuery) -> list[Sequence[Any]]:
        # the page's ids first, from the filter's index where there is one, then only
        # those rows are read whole (JSON, coding, incident): a full-text match may have
        # hundreds of rows to sort, of which 50 are shown
        clause, params = where(query, self.dialect)
        order = self.dialect.order
        sql = f"""{_EVENT_SELECT} WHERE e.id IN (SELECT e.id FROM events e WHERE {clause}
            ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}"""
        with self._read() as cur:
            return list(self._exec(cur, sql, *params, query.limit, query.offset).fetchall())

    def events(self, query: EventQuery) -> list[StoredEvent]:
        return [self._stored_event(r) for r in self._event_rows(query)]

    def listed_events(self, query: EventQuery) -> list[ListedEvent]:
        return [self._listed_event(r) for r in self._event_rows(query)]

    def count_events(self, query: EventQuery) -> int:
        clause, params = where(query, self.dialect)
        with self._read() as cur:
            return int(self._one(cur, f"SELECT count(*) FROM events e WHERE {clause}", *params)[0])

    def count_by_month(self, query: EventQuery) -> list[tuple[str, int]]:
        clause, params = where(query, self.dialect)
        month = self.dialect.month.format("coalesce(e.date_first, e.published)")
        sql = f"SELECT {month}, count(*) FROM events e WHERE {clause} GROUP BY 1 ORDER BY 1"
        with self._read() as cur:
            rows = self._exec(cur, sql, *params).fetchall()
        return [(str(m), int(n)) for m, n in rows if m is not None]

    def count_by_place(self, query: EventQuery, limit: int = 500) -> list[PlaceCount]:
        clause, params = where(query, self.dialect)
        sql = f"""SELECT e.location_name, e.location_country, e.lat, e.lon, count(*),
            min(e.event_id) FROM events e
            WHERE {clause} AND e.lat IS NOT NULL AND e.lon IS NOT NULL
            GROUP BY e.location_name, e.location_country, e.lat, e.lon
            ORDER BY count(*) DESC, e.location_name, coalesce(e.location_country, ''),
            e.lat, e.lon LIMIT ?"""
        with self._read() as cur:
            rows = self._exec(cur, sql, *params, limit).fetchall()
        return [PlaceCount(name=r[0], country=r[1], lat=float(r[2]), lon=float(r[3]),
                           count=int(r[4]), event_id=r[5]) for r in rows]  # fmt: skip

    def summarize(self, query: EventQuery, place_limit: int = 500) -> EventSummary:
        # one GROUP BY (month, place): the three aggregates are sums over its groups
        clause, params = where(query, self.dialect)
        month = self.dialect.month.format("coalesce(e.date_first, e.published)")
        sql = f"""SELECT {month}, e.location_name, e.location_country, e.lat, e.lon, count(*),
            min(e.event_id) FROM events e WHERE {clause} GROUP BY 1, 2, 3, 4, 5"""
        with self._read() as cur:
            rows = self._exec(cur, sql, *params).fetchall()
        total, months = 0, dict[str, int]()
        places: dict[tuple[Any, Any, float, float], list[Any]] = {}
        for m, name, country, lat, lon, n, first in rows:
            n = int(n)
            total += n
            if m is not None:
                months[str(m)] = months.get(str(m), 0) + n
            if lat is not None and lon is not None:
                key = (name, country, float(lat), float(lon))
                held = places.get(key)
                if held is None:
                    places[key] = [n, first]
                else:
                    held[0] += n
                    held[1] = min(held[1], first)
        ranked = sorted(
            places.items(),
            key=lambda p: (
                -p[1][0],
                p[0][0] is not None,
                p[0][0] or "",
                p[0][1] or "",
                p[0][2],
                p[0][3],
            ),
        )
        return EventSummary(total, sorted(months.items()), [
            PlaceCount(name=name, country=country, lat=lat, lon=lon, count=n, event_id=first)
            for (name, country, lat, lon), (n, first) in ranked[:place_limit]
        ])  # fmt: skip

    def event(self, event_id: str) -> StoredEvent | None:
        sql = f"{_EVENT_SELECT} WHERE e.event_id = ? AND e.latest = {self.dialect.true} "
        with self._read() as cur:
            row = self._one(cur, sql + "ORDER BY e.id DESC LIMIT 1", event_id)
        return None if row is None else self._stored_event(row)

    def iter_events(self, query: EventQuery | None = None) -> Iterator[StoredEvent]:
        """Every matching event in storage order (`limit`/`offset` are ignored), read in
        batches by key so that no transaction stays open between batches."""
        clause, params = where(query or EventQuery(), self.dialect)
        sql = f"{_EVENT_SELECT} WHERE {clause} AND e.id > ? ORDER BY e.id LIMIT {ITER_BATCH}"
        last = 0
        while True:
            with self._read() as cur:
                rows = self._exec(cur, sql, *params, last).fetchall()
            yield from (self._stored_event(r) for r in rows)
            if len(rows) < ITER_BATCH:
                return
            last = int(rows[-1][0])

    def iter_dated(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> Iterator[StoredEvent]:
        """Events of the newest codings whose first day lies in [since, until] (None:
        open), in order of that day, then storage; read in batches by (day, id)."""
        sql = f"""{_EVENT_SELECT} WHERE e.latest = {self.dialect.true} AND e.date_first >= ?
            AND e.date_first <= ? AND (e.date_first > ? OR e.id > ?)
            ORDER BY e.date_first, e.id LIMIT {ITER_BATCH}"""
        day, last, until = since or dt.date.min, 0, until or dt.date.max
        while True:
            with self._read() as cur:
                rows = self._exec(cur, sql, day, until, day, last).fetchall()
            found = [self._stored_event(r) for r in rows]
            yield from found
            if len(rows) < ITER_BATCH:
                return
            date = found[-1].event.date
            assert date is not None  # date_first is not NULL
            day, last = date.first, int(rows[-1][0])

    def quotes(self, article_id: int) -> list[Quote]:
        sql = f"SELECT data FROM quotes WHERE article_id = ? AND latest = {self.dialect.true} "
        with self._read() as cur:
            rows = self._exec(cur, sql + "ORDER BY id", article_id).fetchall()
        return [codec.quote(self._json(r[0])) for r in rows]

    def _incidents(self, cur: Cursor, rows: list[Sequence[Any]]) -> list[Incident]:
        if not rows:
            return []
        ids = [int(r[0]) for r in rows]
        marks = ", ".join("?" * len(ids))
        sql = f"""SELECT incident_id, event_id FROM incident_events
            WHERE incident_id IN ({marks}) ORDER BY incident_id, position"""
        members: dict[int, list[str]] = {i: [] for i in ids}
        for incident_id, event_id in self._exec(cur, sql, *ids).fetchall():
            members[int(incident_id)].append(event_id)
        return [
            Incident(
                id=int(r[0]), type=r[1], event_ids=tuple(members[int(r[0])]), sources=int(r[2]),
                earliest=as_date(r[3]), first=as_date(r[4]), last=as_date(r[5]), country=r[6],
                contradictions=tuple(
                    Contradiction(c["field"], tuple(c["values"]), tuple(c["event_ids"]))
                    for c in self._json(r[7])
                ),
            )
            for r in rows
        ]  # fmt: skip

    _INCIDENT_SELECT = """SELECT id, type, sources, earliest, first, last, country,
        contradictions FROM incidents"""

    def incidents(self, limit: int = 50, offset: int = 0) -> list[Incident]:
        with self._read() as cur:
            sql = self._INCIDENT_SELECT + " ORDER BY id LIMIT ? OFFSET ?"
            return self._incidents(cur, self._exec(cur, sql, limit, offset).fetchall())

    def incident(self, incident_id: int) -> Incident | None:
        with self._read() as cur:
            rows = self._exec(cur, self._INCIDENT_SELECT + " WHERE id = ?", incident_id).fetchall()
            found = self._incidents(cur, rows)
        return found[0] if found else None

    def data_version(self) -> int:
        with self._read() as cur:
            return int(self._one(cur, "SELECT version FROM data_version")[0])

    def stats(self) -> Stats:
        t = self.dialect.true
        with self._read() as cur:
            row = self._one(cur, f"""SELECT
                (SELECT count(*) FROM articles),
                (SELECT count(*) FROM events WHERE latest = {t}),
                (SELECT count(*) FROM incidents),
                (SELECT count(*) FROM quotes WHERE latest = {t}),
                (SELECT count(*) FROM failures)""")  # fmt: skip
        return Stats(*(int(v) for v in row))

    # -- reviews and tokens (the SQL is in `repwatch.store.reviews`) ------------------------
    def create_token(self, name: str) -> str:
        return _reviews.create_token(self, name)

    def verify_token(self, token: str) -> TokenIdentity | None:
        return _reviews.verify_token(self, token)

    def tokens(self) -> list[TokenInfo]:
        return _reviews.tokens(self)

    def revoke_token(self, token_id: int | None = None, name: str | None = None) -> list[TokenInfo]:
        return _reviews.revoke_token(self, token_id, name)

    def add_review(self, review: Review) -> Review:
        return _reviews.add_review(self, review)

    def reviews(
        self, event_id: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[Review]:
        return _reviews.reviews(self, event_id, limit, offset)

    def reviewed_events(self) -> Iterator[tuple[StoredEvent, Review]]:
        return _reviews.reviewed_events(self)
