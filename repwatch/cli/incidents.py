"""`repwatch incidents [--db URL] [--rebuild] [--json] [--limit N]`: list or rebuild incidents."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from repwatch.cli.ingest import add_db
from repwatch.store.base import Incident

EXAMPLES = """examples:
  repwatch incidents                      # the first 50, oldest id first
  repwatch incidents --json --limit 500
  repwatch incidents --rebuild --db postgresql://repwatch@localhost/repwatch
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "incidents", help="list the incidents (reports merged across articles), or rebuild them",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="List the stored incidents: event reports from several articles merged "
        "into one real-world incident.  `repwatch ingest` keeps them up to date near the "
        "dates it stores; --rebuild recomputes all of them first (after a change of the "
        "merge rules) and prints a summary line on stderr.",
    )  # fmt: skip
    add_db(p)
    p.add_argument("--rebuild", action="store_true", help="recompute every incident first")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.set_defaults(run=run)


def to_json(i: Incident) -> dict[str, Any]:
    def day(d: Any) -> str | None:
        return d.isoformat() if d is not None else None

    return {
        "id": i.id, "type": i.type, "reports": len(i.event_ids), "sources": i.sources,
        "earliest": day(i.earliest), "first": day(i.first), "last": day(i.last),
        "country": i.country, "event_ids": list(i.event_ids),
        "contradictions": [{"field": c.field, "values": list(c.values),
                            "event_ids": list(c.event_ids)} for c in i.contradictions],
    }  # fmt: skip


def line(i: Incident) -> str:
    window = "?" if i.first is None else i.first.isoformat()
    if i.last is not None and i.last != i.first:
        window += f"..{i.last.isoformat()}"
    earliest = i.earliest.isoformat() if i.earliest else "?"
    disagree = ", ".join(f"{c.field}: {' | '.join(c.values)}" for c in i.contradictions)
    return (f"#{i.id:<6} {i.type:<10} {len(i.event_ids)} reports  {i.sources} sources  "
            f"earliest {earliest}  {window:<22} {i.country or '-':<4}"
            + (f"  contradictions: {disagree}" if disagree else ""))  # fmt: skip


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from repwatch.store import open_store
    from repwatch.store.incidents import update_incidents

    out = out or sys.stdout
    store = open_store(args.db)
    try:
        if args.rebuild:
            print(update_incidents(store).line(), file=sys.stderr)
        found = store.incidents(limit=max(args.limit, 0))
    finally:
        store.close()
    for i in found:
        out.write((json.dumps(to_json(i), ensure_ascii=False) if args.json else line(i)) + "\n")
    return 0
