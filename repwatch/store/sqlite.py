"""SQLite backend: one file, WAL journal, one ``BEGIN IMMEDIATE`` transaction per write.

WAL lets readers (the web app, ``repwatch events``) work while an ingest writes, and
``BEGIN IMMEDIATE`` takes the write lock up front, so two writers queue (for up to
`BUSY_TIMEOUT_MS`) instead of failing half-way.  ``synchronous=NORMAL`` keeps every
committed save across a crash of the process (kill -9); a power cut may lose the last
commits, never half of one.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from repwatch.errors import StoreError, StoreUnavailable
from repwatch.ingest.guards import one_line
from repwatch.store.migrations import SCHEMA_VERSION_TABLE, SQLITE
from repwatch.store.query import SQLITE as DIALECT
from repwatch.store.sql import SqlStore

BUSY_TIMEOUT_MS = 30_000
#: reads go through a memory map of the file's first GiB (no copy into SQLite's page
#: cache per page read: a full-text match looks up hundreds of scattered event rows)
MMAP_BYTES = 1 << 30


def _adapt_value(value: Any) -> Any:
    # sqlite3's default date adapters are deprecated: dates are stored as ISO text
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class SqliteStore(SqlStore):
    dialect = DIALECT
    migrations = SQLITE

    def __init__(self, path: str, url: str | None = None) -> None:
        self.path = path
        self.url = url or path
        parent = os.path.dirname(os.path.abspath(path))
        if path != ":memory:" and not os.path.isdir(parent):
            raise StoreUnavailable(f"{self.url}: no such directory {parent}")
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"{self.url}: cannot open SQLite database ({exc})") from None
        try:
            self.migrate()
        except BaseException:
            self.conn.close()
            raise

    # -- transactions and errors -------------------------------------------------------
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"{self.url}: {one_line(exc)}") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Cursor]:
        with self._guard():
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                self.conn.rollback()
                raise
            cur.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Cursor]:
        with self._guard():
            yield self.conn.cursor()

    def _touch(self, sql: str, *params: Any) -> None:
        # autocommit, without BEGIN IMMEDIATE or the busy wait: while another writer
        # (an ingest) holds the lock the stamp is skipped, and tried at the next use
        try:
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                self.conn.execute(self._sql(sql), self._adapt(params))
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except sqlite3.Error:
            pass

    def _adapt(self, params: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(_adapt_value(p) for p in params)

    def _index_events(self, cur: Any, coding_id: int) -> None:
        cur.execute(
            """INSERT INTO events_fts (rowid, sentence, actors, title)
            SELECT id, sentence, actors_text, coalesce(title, '') FROM events
            WHERE coding_id = ?""",
            (coding_id,),
        )

    def after_bulk(self) -> None:
        with self._write() as cur:
            top = cur.execute("SELECT coalesce(max(rowid), 0) FROM events_fts").fetchone()[0]
            cur.execute("""INSERT INTO events_fts (rowid, sentence, actors, title)
                SELECT id, sentence, actors_text, coalesce(title, '') FROM events
                WHERE id > ?""", (top,))  # fmt: skip
        with self._guard():
            self.conn.execute("ANALYZE")

    # -- schema ------------------------------------------------------------------------
    def schema_version(self) -> int:
        with self._read() as cur:
            cur.execute(SCHEMA_VERSION_TABLE)
            return int(cur.execute("SELECT coalesce(max(version), 0) FROM schema_version")
                       .fetchone()[0])  # fmt: skip

    def reusable(self) -> bool:
        return not self.conn.in_transaction

    def close(self) -> None:
        self.conn.close()
