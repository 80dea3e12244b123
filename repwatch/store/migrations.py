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
* ``data_version`` (migration 3): one row whose ``version`` goes up with every write
  of stored data (triggers on articles, codings, incidents, reviews), in any process:
  `Store.data_version`, which the web app's caches are keyed by.  Migration 3 also
  adds a covering index over ``(type, date_first, id)`` and makes
  ``(location_country, date_first, id)`` covering: besides their keys they carry the
  columns the filters and the aggregates (`count_events`, `count_by_month`,
  `count_by_place`, `summarize`) read, so a type or a country with a date window reads
  the index only.
* migration 4 adds to ``tokens`` ``revoked_at`` (when `Store.revoke_token` withdrew
  it; a revoked token stays, so reviews signed with its name still resolve) and
  ``last_used_at`` (stamped by `Store.verify_token` at most once per
  `repwatch.store.reviews.TOKEN_LAST_USED_RESOLUTION`, not on every request).
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

#: The tables whose writes bump ``data_version`` (migration 3).  Events and quotes are
#: only written together with their coding (a save, a recode, a bulk load), and incident
#: members with their incident, so these cover every write of stored data with a
#: trigger that fires about once per save, not once per event.
VERSIONED_TABLES = ("articles", "codings", "incidents", "reviews")
#: What the covering event indexes carry besides their keys (migration 3): the columns
#: `repwatch.store.query.where` filters on and the aggregates read.
_COVERED = "date_last, type, location_country, location_name, lat, lon, published, event_id"


def _covering(key: str, covered: str = _COVERED) -> str:
    """`covered` without the columns already in `key`."""
    keys = {part.split()[0] for part in key.split(", ")}
    return ", ".join(c for c in covered.split(", ") if c not in keys)


#: The covering indexes of migration 3: a type or a country with a date window, whose
#: matches run to thousands (type and country together match a few, and the unfiltered
#: summary is read once per data version: their indexes stay as they are, each covered
#: column costs every save).  Name: key; SQLite has no INCLUDE, the covered columns
#: follow the key there.
_COVERING_INDEXES = {
    "events_type_date": "type, date_first DESC, id DESC",
    "events_country_date": "location_country, date_first DESC, id DESC",
}

SQLITE.append(Migration(3, "covering event indexes, data version", (
    "DROP INDEX events_country_date",
    *(f"CREATE INDEX {name} ON events ({key}, {_covering(key)}) WHERE latest = 1"
      for name, key in _COVERING_INDEXES.items()),
    """CREATE TABLE data_version (
        id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)""",
    # a random start, so that a database made anew at the same place has other versions
    "INSERT INTO data_version (id, version) VALUES (1, abs(random() % 1000000000000))",
    *(f"""CREATE TRIGGER {table}_{op.lower()}_data_version AFTER {op} ON {table}
        BEGIN UPDATE data_version SET version = version + 1; END"""
      for table in VERSIONED_TABLES for op in ("INSERT", "UPDATE", "DELETE")),
)))  # fmt: skip

POSTGRES.append(Migration(3, "covering event indexes, data version", (
    "DROP INDEX events_country_date",
    *(f"CREATE INDEX {name} ON events ({key.replace('DESC,', 'DESC NULLS LAST,', 1)}) "
      f"INCLUDE ({_covering(key)}) WHERE latest"
      for name, key in _COVERING_INDEXES.items()),
    """CREATE TABLE data_version (
        id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)""",
    "INSERT INTO data_version (id, version) VALUES (1, floor(random() * 1e12)::bigint)",
    """CREATE FUNCTION repwatch_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE data_version SET version = version + 1; RETURN NULL; END $$""",
    *(f"""CREATE TRIGGER {table}_data_version
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION repwatch_bump_data_version()"""
      for table in VERSIONED_TABLES),
)))  # fmt: skip

SQLITE.append(Migration(4, "token revocation time and last use", (
    "ALTER TABLE tokens ADD COLUMN revoked_at TEXT",
    "ALTER TABLE tokens ADD COLUMN last_used_at TEXT",
)))  # fmt: skip

POSTGRES.append(Migration(4, "token revocation time and last use", (
    "ALTER TABLE tokens ADD COLUMN revoked_at TIMESTAMPTZ",
    "ALTER TABLE tokens ADD COLUMN last_used_at TIMESTAMPTZ",
)))  # fmt: skip

SCHEMA_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""
