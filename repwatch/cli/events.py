"""`repwatch events [filters]`: query the stored events (newest event date first)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from repwatch.cli.extract import _date
from repwatch.cli.ingest import add_db
from repwatch.model import Actor
from repwatch.store.base import EventQuery, StoredEvent

EXAMPLES = """examples:
  repwatch events --type COERCE --country BLR --since 2026-01-01
  repwatch events --actor IRNSPY --json
  repwatch events --q "abducted journalist" --limit 10
"""


def register(sub: Any) -> None:
    p = sub.add_parser("events", help="query stored events", epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    add_db(p)
    p.add_argument("--type", help="PLOVER type, e.g. COERCE")
    p.add_argument("--mode", help="PLOVER mode, e.g. arrest")
    p.add_argument("--country", metavar="ISO3", help="country of the event's location")
    p.add_argument("--actor", metavar="TEXT", help="words or code of the source or target")
    p.add_argument("--certainty", choices=("asserted", "reported", "alleged", "hypothetical"))
    p.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                   help="events whose date range ends on or after this day")  # fmt: skip
    p.add_argument("--until", type=_date, metavar="YYYY-MM-DD",
                   help="events whose date range starts on or before this day")  # fmt: skip
    p.add_argument("--q", metavar="WORDS", help="full-text search: every word must occur")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.add_argument("--offset", type=int, default=0, metavar="N")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    p.set_defaults(run=run)


def query_from(args: argparse.Namespace) -> EventQuery:
    return EventQuery(
        type=args.type.upper() if args.type else None, mode=args.mode,
        country=args.country.upper() if args.country else None, actor=args.actor,
        certainty=args.certainty, since=args.since, until=args.until, q=args.q,
        limit=max(args.limit, 0), offset=max(args.offset, 0),
    )  # fmt: skip


def _who(actor: Actor | None) -> str:
    return "-" if actor is None else f"{actor.code or '?'} ({actor.text})"


def line(s: StoredEvent) -> str:
    e = s.event
    kind = e.type + (f"/{e.mode}" if e.mode else "")
    when = e.date.first.isoformat() if e.date else "?"
    where = (e.location.country or e.location.name) if e.location else "?"
    return f"{when}  {where:<4} {kind:<22} {_who(e.source)} -> {_who(e.target)}  «{e.trigger.text}»"


def to_json(s: StoredEvent) -> dict[str, Any]:
    return {
        **s.event.to_json(),
        "article": {"id": s.article_id, "title": s.article_title, "url": s.article_url,
                    "published": s.published.isoformat() if s.published else None,
                    "extractor": s.extractor},
        "incident_id": s.incident_id,
    }  # fmt: skip


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from repwatch.store import open_store

    out = out or sys.stdout
    store = open_store(args.db)
    try:
        found = store.events(query_from(args))
    finally:
        store.close()
    for s in found:
        out.write((json.dumps(to_json(s), ensure_ascii=False) if args.json else line(s)) + "\n")
    return 0
