"""Records <-> table rows, shared by both backends.

An event row keeps flat columns for filtering (type, country, dates, actors, ...)
beside the event's JSON, which is what the typed `Event` is rebuilt from.  Column
order here is the column order of the INSERT statements in both backends.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from repwatch.model import Event, Extraction, Quote

#: The events table's filled columns, in INSERT order (the backends add their keys).
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "coding_id", "article_id", "latest", "type", "mode", "negated",
    "source_code", "source_country", "source_text", "target_code", "target_country",
    "target_text", "location_name", "location_country", "lat", "lon", "precision",
    "date_first", "date_last", "certainty", "acled_type", "acled_sub_type",
    "tnr_origin", "tnr_host", "tnr_tactic", "sentence", "actors_text", "title", "url",
    "published", "data",
)  # fmt: skip

QUOTE_COLUMNS: tuple[str, ...] = (
    "quote_id", "coding_id", "article_id", "latest", "direct", "speaker_code", "text", "data",
)  # fmt: skip


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def event_row(
    e: Event, coding_id: int, article_id: int, x: Extraction, latest: bool = True
) -> tuple[Any, ...]:
    """The values of `EVENT_COLUMNS` for one event (dates as `datetime.date`)."""
    src, tgt, loc, date = e.source, e.target, e.location, e.date
    a = x.article
    return (
        e.id, coding_id, article_id, latest, e.type, e.mode, e.negated,
        src.code if src else None, src.country if src else None, src.text if src else None,
        tgt.code if tgt else None, tgt.country if tgt else None, tgt.text if tgt else None,
        loc.name if loc else None, loc.country if loc else None,
        loc.lat if loc else None, loc.lon if loc else None, loc.precision if loc else None,
        date.first if date else None, date.last if date else None,
        e.claim.certainty if e.claim else None,
        e.acled.event_type if e.acled else None, e.acled.sub_event_type if e.acled else None,
        e.tnr.origin_state if e.tnr else None, e.tnr.host_state if e.tnr else None,
        e.tnr.tactic if e.tnr else None,
        e.sentence.text, fts_actors(e), a.title, a.url, a.published, dumps(e.to_json()),
    )  # fmt: skip


def quote_row(q: Quote, coding_id: int, article_id: int, latest: bool = True) -> tuple[Any, ...]:
    speaker = q.speaker.code if q.speaker else None
    return (q.id, coding_id, article_id, latest, q.direct, speaker, q.text, dumps(q.to_json()))


def fts_actors(e: Event) -> str:
    """The actor words an event is found by: texts, dictionary names and codes."""
    out: list[str] = []
    for a in (e.source, e.target):
        if a is not None:
            out += [a.text, a.name] + ([a.code] if a.code else [])
    return " ".join(out)


def as_date(value: Any) -> dt.date | None:
    """A DATE column's value: SQLite gives ISO text, PostgreSQL a `datetime.date`."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
