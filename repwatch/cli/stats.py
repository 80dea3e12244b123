"""`repwatch stats [--db URL] [--json]`: how much the database holds."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from repwatch.cli.ingest import add_db


def register(sub: Any) -> None:
    p = sub.add_parser("stats", help="count articles, events, incidents, quotes, failures")
    add_db(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from repwatch.store import open_store

    out = out or sys.stdout
    store = open_store(args.db)
    try:
        stats = store.stats().to_json()
    finally:
        store.close()
    if args.json:
        out.write(json.dumps(stats) + "\n")
    else:
        out.write(f"{store.url}\n")
        for key, value in stats.items():
            out.write(f"  {key:<10} {value}\n")
    return 0
