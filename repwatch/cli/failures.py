"""`repwatch errors [--db URL]`: the inputs that could not be ingested, and why."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from repwatch.cli.ingest import add_db


def register(sub: Any) -> None:
    p = sub.add_parser(
        "errors",
        help="list inputs that failed to ingest",
        description="One line per failed input: SOURCE: REASON (newest last).",
    )
    add_db(p)
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from repwatch.store import open_store

    out = out or sys.stdout
    store = open_store(args.db)
    try:
        failures = store.failures()
    finally:
        store.close()
    if args.json:
        body = [{"source": f.source, "reason": f.reason, "at": f.at.isoformat()} for f in failures]
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        for f in failures:
            out.write(f"{f.source}: {f.reason}\n")
    return 0
