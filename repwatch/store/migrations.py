"""Ordered schema migrations, one list per backend.

Each migration is a version number, a name and its SQL statements; a backend applies
the ones above the database's `schema_version`, each in its own transaction together
with the row that records it.  Never edit a released migration: append a new one.

Tables (both backends):

* ``articles``: one row per distinct text (``text_hash`` unique), with its URL and its
  version number at that URL;
* ``codings``: one row per (article, extractor), holding the `Extraction` JSON;
  ``latest`` marks each article's newest coding;
* ``events``: one row per event of each coding: flat columns for filtering, the event
  JSON, and ``latest`` copied from its coding;
* ``quotes``: likewise for quotes;
* ``failures``: inputs that could not be ingested, one row per source;
* ``incidents``, ``incident_events``: written by incident merging (`replace_incidents`);
* full text: an FTS5 table ``events_fts`` (SQLite), a generated ``tsvector`` column
  with a GIN index (PostgreSQL);
* ``tokens`` (migration 2): API tokens, by name, stored as the SHA-256 of the token;
* ``reviews`` (migration 2): accept / correct / reject verdicts on events, each with
  the machine's event JSON at review time (``before``) and the correction
  (``after``, null unless the action is "correct").  Never updated, only appended.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_EVENT_COLUMNS = """
    type TEXT NOT NULL, mode TEXT, negated {bool} NOT NULL,
    source_code TEXT, source_country TEXT, source_text TEXT,
    target_code TEXT, target_country TEXT, target_text TEXT,
    location_name TEXT, location_country TEXT, lat {real}, lon {real}, precision TEXT,
    date_first DATE, date_last DATE, certainty TEXT,
    acled_type TEXT, acled_sub_type TEXT, tnr_origin TEXT, tnr_host TEXT, tnr_tactic TEXT,
    sentence TEXT NOT NULL, actors_text TEXT NOT NULL, title TEXT, url TEXT, published DATE,
    data {json} NOT NULL"""

SQLITE: list[Migration] = [
    Migration(1, "initial schema", (
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY, text_hash TEXT NOT NULL UNIQUE, url TEXT,
            version INTEGER NOT NULL, article_key TEXT NOT NULL, title TEXT, published DATE,
            source TEXT, byline TEXT, text TEXT NOT NULL, ingested_at TEXT NOT NULL)""",
        "CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL",
        """CREATE TABLE codings (
            id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles (id),
            extractor TEXT NOT NULL, created_at TEXT NOT NULL, latest INTEGER NOT NULL,
            extraction TEXT NOT NULL, UNIQUE (article_id, extractor))""",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY, event_id TEXT NOT NULL,
            coding_id INTEGER NOT NULL REFERENCES codings (id),
            article_id INTEGER NOT NULL REFERENCES articles (id), latest INTEGER NOT NULL,"""
        + _EVENT_COLUMNS.format(bool="INTEGER", real="REAL", json="TEXT") + ")",
        "CREATE INDEX events_event_id ON events (event_id)",
        "CREATE INDEX events_coding ON events (coding_id)",
        "CREATE INDEX events_article ON events (article_id, latest)",
        "CREATE INDEX events_date ON events (date_first DESC, id DESC) WHERE latest = 1",
        """CREATE INDEX events_type_country_date ON events
            (type, location_country, date_first DESC, id DESC) WHERE latest = 1""",
        "CREATE INDEX events_country_date ON events (location_country, date_first DESC, id DESC)"
        " WHERE latest = 1",
        """CREATE VIRTUAL TABLE events_fts USING fts5 (
            sentence, actors, title, content='', tokenize='porter unicode61')""",
        """CREATE TABLE quotes (
            id INTEGER PRIMARY KEY, quote_id TEXT NOT NULL,
            coding_id INTEGER NOT NULL REFERENCES codings (id),
            article_id INTEGER NOT NULL REFERENCES articles (id), latest INTEGER NOT NULL,
            direct INTEGER NOT NULL, speaker_code TEXT, text TEXT NOT NULL, data TEXT NOT NULL)""",
        "CREATE INDEX quotes_article ON quotes (article_id, latest)",
        """CREATE TABLE failures (
            source TEXT PRIMARY KEY, reason TEXT NOT NULL, at TEXT NOT NULL)""",
        """CREATE TABLE incidents (
            id INTEGER PRIMARY KEY, type TEXT NOT NULL, sources INTEGER NOT NULL,
            earliest DATE, first DATE, last DATE, country TEXT, contradictions TEXT NOT NULL)""",
        """CREATE TABLE incident_events (
            incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            event_id TEXT NOT NULL, position INTEGER NOT NULL,
            PRIMARY KEY (incident_id, position))""",
        "CREATE INDEX incident_events_event ON incident_events (event_id)",
    )),
    Migration(2, "tokens and reviews", (
        """CREATE TABLE tokens (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY, event_id TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles (id), extractor TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject')),
            before TEXT NOT NULL, after TEXT, note TEXT, created_at TEXT NOT NULL)""",
        "CREATE INDEX reviews_event ON reviews (event_id, id)",
    )),
]  # fmt: skip

POSTGRES: list[Migration] = [
    Migration(1, "initial schema", (
        """CREATE TABLE articles (
            id BIGSERIAL PRIMARY KEY, text_hash TEXT NOT NULL UNIQUE, url TEXT,
            version INTEGER NOT NULL, article_key TEXT NOT NULL, title TEXT, published DATE,
            source TEXT, byline TEXT, text TEXT NOT NULL, ingested_at TIMESTAMPTZ NOT NULL)""",
        "CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL",
        """CREATE TABLE codings (
            id BIGSERIAL PRIMARY KEY, article_id BIGINT NOT NULL REFERENCES articles (id),
            extractor TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, latest BOOLEAN NOT NULL,
            extraction JSONB NOT NULL, UNIQUE (article_id, extractor))""",
        """CREATE TABLE events (
            id BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL,
            coding_id BIGINT NOT NULL REFERENCES codings (id),
            article_id BIGINT NOT NULL REFERENCES articles (id), latest BOOLEAN NOT NULL,"""
        + _EVENT_COLUMNS.format(bool="BOOLEAN", real="DOUBLE PRECISION", json="JSONB")
        + """, fts TSVECTOR GENERATED ALWAYS AS (to_tsvector('english'::regconfig,
                sentence || ' ' || actors_text || ' ' || coalesce(title, ''))) STORED)""",
        "CREATE INDEX events_event_id ON events (event_id)",
        "CREATE INDEX events_coding ON events (coding_id)",
        "CREATE INDEX events_article ON events (article_id, latest)",
        "CREATE INDEX events_date ON events (date_first DESC NULLS LAST, id DESC) WHERE latest",
        """CREATE INDEX events_type_country_date ON events
            (type, location_country, date_first DESC NULLS LAST, id DESC) WHERE latest""",
        """CREATE INDEX events_country_date ON events
            (location_country, date_first DESC NULLS LAST, id DESC) WHERE latest""",
        "CREATE INDEX events_fts ON events USING GIN (fts) WHERE latest",
        """CREATE TABLE quotes (
            id BIGSERIAL PRIMARY KEY, quote_id TEXT NOT NULL,
            coding_id BIGINT NOT NULL REFERENCES codings (id),
            article_id BIGINT NOT NULL REFERENCES articles (id), latest BOOLEAN NOT NULL,
            direct BOOLEAN NOT NULL, speaker_code TEXT, text TEXT NOT NULL, data JSONB NOT NULL)""",
        "CREATE INDEX quotes_article ON quotes (article_id, latest)",
        """CREATE TABLE failures (
            source TEXT PRIMARY KEY, reason TEXT NOT NULL, at TIMESTAMPTZ NOT NULL)""",
        """CREATE TABLE incidents (
            id BIGSERIAL PRIMARY KEY, type TEXT NOT NULL, sources INTEGER NOT NULL,
            earliest DATE, first DATE, last DATE, country TEXT, contradictions JSONB NOT NULL)""",
        """CREATE TABLE incident_events (
            incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            event_id TEXT NOT NULL, position INTEGER NOT NULL,
            PRIMARY KEY (incident_id, position))""",
        "CREATE INDEX incident_events_event ON incident_events (event_id)",
    )),
    Migration(2, "tokens and reviews", (
        """CREATE TABLE tokens (
            id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
            created_at TIMESTAMPTZ NOT NULL, revoked BOOLEAN NOT NULL DEFAULT FALSE)""",
        """CREATE TABLE reviews (
            id BIGSERIAL PRIMARY KEY, event_id TEXT NOT NULL,
            article_id BIGINT NOT NULL REFERENCES articles (id), extractor TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject')),
            before JSONB NOT NULL, after JSONB, note TEXT, created_at TIMESTAMPTZ NOT NULL)""",
        "CREATE INDEX reviews_event ON reviews (event_id, id)",
    )),
]  # fmt: skip

SCHEMA_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""
