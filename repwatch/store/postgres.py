"""PostgreSQL backend (psycopg 3): one transaction per write, serialised by an advisory lock.

Each `save` runs in one transaction that first takes a transaction-level advisory
lock, so two ingests writing to one database cannot both store the same text or give
two texts the same version number at one URL; the lock is released with the commit
or the rollback, also when the client dies.  The connection is in autocommit mode
between writes, so reads see every committed save.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from repwatch.errors import StoreError, StoreUnavailable
from repwatch.ingest.guards import one_line
from repwatch.model import Extraction
from repwatch.store.base import SaveResult, SaveStatus
from repwatch.store.hashing import text_hash
from repwatch.store.migrations import POSTGRES
from repwatch.store.query import POSTGRES as DIALECT
from repwatch.store.rows import EVENT_COLUMNS, QUOTE_COLUMNS, dumps, event_row, quote_row
from repwatch.store.sql import SqlStore, _insert, now

try:
    import psycopg
except ImportError:  # pragma: no cover - psycopg is a dependency
    psycopg = None  # type: ignore[assignment]

#: Key of the advisory lock that serialises writes (and migrations).
LOCK_KEY = 0x7265_7077  # "repw"
CONNECT_TIMEOUT_S = 10
_PASSWORD_PARAM = re.compile(r"(password=)[^&\s]*", re.I)

# -- the statements of `PostgresStore.save` --------------------------------------------
#: the write lock and, for this transaction only, no wait for the flush to disk
_LOCK_RELAXED = "SELECT pg_advisory_xact_lock(%s), set_config('synchronous_commit', 'off', true)"
#: (id of the article with this text or NULL, coded by this extractor?, top version at url)
_LOOKUP = """SELECT a.id,
    EXISTS (SELECT 1 FROM codings c WHERE c.article_id = a.id AND c.extractor = %s),
    (SELECT max(version) FROM articles WHERE url = %s)
    FROM (SELECT (SELECT id FROM articles WHERE text_hash = %s) AS id) a"""
_CODING = """INSERT INTO codings (article_id, extractor, created_at, latest, extraction)
    VALUES ({article}, %s, %s, true, %s) RETURNING article_id, id"""
_NEW_ARTICLE_CODING = "WITH a AS (INSERT INTO articles (text_hash, url, version, article_key, " \
    "title, published, source, byline, text, ingested_at) VALUES " \
    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id) " + \
    _CODING.format(article="(SELECT id FROM a)")  # fmt: skip
_RECODING = _CODING.format(article="%s")
_EVENTS = _insert("events", EVENT_COLUMNS).replace("?", "%s")
_QUOTES = _insert("quotes", QUOTE_COLUMNS).replace("?", "%s")


def redact(url: str) -> str:
    """`url` with its password, if any, replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://***"
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, host = netloc.rpartition("@")
        netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = _PASSWORD_PARAM.sub(r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _row(cur: Any) -> tuple[Any, ...]:
    row = cur.fetchone()
    assert row is not None  # the statement returns one row
    return tuple(row)


class PostgresStore(SqlStore):
    dialect = DIALECT
    migrations = POSTGRES

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        self._dsn = url  # for `writer`; never shown
        self._secret = urlsplit(url).password if "@" in url else None
        if psycopg is None:
            raise StoreUnavailable(f"{self.url}: psycopg is not installed (pip install psycopg)")
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StoreUnavailable(f"{self.url}: cannot connect ({self._message(exc)})") from None
        try:
            self.migrate()
        except BaseException:
            self.conn.close()
            raise

    def writer(self) -> PostgresStore:
        return PostgresStore(self._dsn)

    def _message(self, exc: BaseException) -> str:
        text = one_line(exc)
        if self._secret:
            text = text.replace(self._secret, "***")
        return _PASSWORD_PARAM.sub(r"\1***", text)

    # -- transactions and errors -------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"{self.url}: {self._message(exc)}") from None
        except psycopg.Error as exc:
            raise StoreError(f"{self.url}: {self._message(exc)}") from None

    @contextmanager
    def _write(self) -> Iterator[Any]:
        with self._guard(), self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            yield cur

    def _relax_durability(self, cur: Any) -> None:
        # like SQLite's WAL with synchronous = NORMAL (see SqlStore._relax_durability)
        cur.execute("SET LOCAL synchronous_commit = off")

    def save(self, extraction: Extraction) -> SaveResult:
        """`SqlStore.save` in three round trips instead of about fourteen: the
        transaction runs in pipeline mode, so the client waits only where it needs a
        result (the lookups, the new coding's ids) and for the commit; BEGIN, the lock and
        the lookups go in one batch, the events, quotes, failures DELETE and COMMIT in
        another.  Same guarantees: one transaction, under the advisory lock, relaxed
        durability as in `_relax_durability`."""
        x, a = extraction, extraction.article
        digest = text_hash(a.text)
        status: SaveStatus
        with (
            self._guard(),
            self.conn.pipeline(),
            self.conn.transaction(),
            self.conn.cursor() as cur,
        ):
            cur.execute(_LOCK_RELAXED, (LOCK_KEY,))
            cur.execute(_LOOKUP, (x.extractor, a.url, digest))
            found, coded, top = _row(cur)
            if coded:
                return SaveResult(int(found), "unchanged")
            coding = (x.extractor, now(), dumps(x.to_json()))
            if found is not None:
                for table in ("codings", "events", "quotes"):
                    sql = f"UPDATE {table} SET latest = false WHERE article_id = %s AND latest"
                    cur.execute(sql, (found,))
                cur.execute(_RECODING, (found, *coding))
                status = "recoded"
            else:
                version, status = (1, "new") if top is None or not a.url else (top + 1, "version")
                cur.execute(_NEW_ARTICLE_CODING, (digest, a.url, version, a.id, a.title,
                            a.published, a.source, a.byline, a.text, now(), *coding))  # fmt: skip
            article_id, coding_id = (int(v) for v in _row(cur))
            if x.events:
                cur.executemany(_EVENTS, [event_row(e, coding_id, article_id, x) for e in x.events])
            if x.quotes:
                cur.executemany(_QUOTES, [quote_row(q, coding_id, article_id) for q in x.quotes])
            if a.source:
                cur.execute("DELETE FROM failures WHERE source = %s", (a.source,))
        return SaveResult(article_id, status)

    @contextmanager
    def _read(self) -> Iterator[Any]:
        with self._guard(), self.conn.cursor() as cur:
            yield cur

    def _touch(self, sql: str, *params: Any) -> None:
        # autocommit, without the advisory lock: one row update that never queues
        # behind a save or a bulk load; skipped if it fails (a read-only standby)
        try:
            with self._guard(), self.conn.cursor() as cur:
                cur.execute(self._sql(sql), params)
        except StoreError:
            pass

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def bulk_insert(self, tables: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]) -> None:
        with self._write() as cur:
            for table, (columns, rows) in tables.items():
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    def after_bulk(self) -> None:
        with self._write() as cur:
            for table in ("articles", "codings", "events", "quotes"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")  # fmt: skip
        with self._guard():
            self.conn.execute("VACUUM ANALYZE")

    # -- schema ------------------------------------------------------------------------
    def schema_version(self) -> int:
        with self._read() as cur:
            cur.execute("SELECT to_regclass('schema_version')")
            if cur.fetchone()[0] is None:
                return 0
            cur.execute("SELECT coalesce(max(version), 0) FROM schema_version")
            return int(cur.fetchone()[0])

    def reusable(self) -> bool:
        conn = self.conn
        idle = psycopg.pq.TransactionStatus.IDLE
        return not conn.closed and not conn.broken and conn.info.transaction_status == idle

    def close(self) -> None:
        self.conn.close()
