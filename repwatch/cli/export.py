"""`repwatch export`: write stored events or incidents as JSONL, CSV, Parquet or GeoJSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from repwatch.export import ExportError
from repwatch.export.writers import FORMATS, Out

EXAMPLES = """examples:
  repwatch export --format csv --out events.csv
  repwatch export --format parquet --out events.parquet --db postgresql://localhost/repwatch
  repwatch export --format geojson --out events.geojson
  repwatch export --incidents --format jsonl > incidents.jsonl
  repwatch export --reviewed --out gold.jsonl && repwatch eval reviewed gold.jsonl

columns and formats: docs/export.md
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export", help="write stored events or incidents as jsonl, csv, parquet or geojson",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write the stored events (newest coding of each article), or the "
        "incidents, in flat documented columns for R, Stata and pandas, or as GeoJSON "
        "points for QGIS.  Events without coordinates are left out of GeoJSON and "
        "counted in one line on stderr.",
    )  # fmt: skip
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (required, except with --reviewed: jsonl)")  # fmt: skip
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="file to write (default: stdout; required for parquet)")  # fmt: skip
    p.add_argument("--db", default=None, metavar="URL",
                   help="database: a path or sqlite:///PATH, or postgresql://... "
                   "(default: the REPWATCH_DB setting, else repwatch.db)")  # fmt: skip
    p.add_argument("--incidents", action="store_true",
                   help="export incidents (merged reports) instead of events")  # fmt: skip
    p.add_argument("--reviewed", action="store_true",
                   help="export the reviewed events as gold JSONL for `repwatch eval reviewed` "
                   "(accepted: the machine's coding; corrected: the correction; rejected: "
                   "no such event)")  # fmt: skip
    p.add_argument("--no-formula-guard", dest="formula_guard", action="store_false",
                   help="csv: do not prefix text cells starting with = + - @ with '")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from repwatch.export.source import export
    from repwatch.store import open_store

    out_path: Path | None = None if args.out in (None, Path("-")) else args.out
    where = str(out_path) if out_path is not None else "stdout"
    if args.reviewed:
        return run_reviewed(args, out_path, where)
    if args.format is None:
        raise ExportError(f"{where}: choose an output format with --format")
    if args.format == "parquet" and out_path is None:
        raise ExportError("stdout: parquet is binary and needs --out PATH")
    out: Out = out_path if out_path is not None else sys.stdout.buffer
    store = open_store(args.db)
    try:
        if out_path is None:
            sys.stdout.flush()
        result = export(store, args.format, out, incidents=args.incidents,
                        formula_guard=args.formula_guard)  # fmt: skip
    finally:
        store.close()
    if result.skipped:
        what = "incidents" if args.incidents else "events"
        print(f"repwatch: {where}: {result.skipped} {what} without coordinates left out "
              f"({result.written} written)", file=sys.stderr)  # fmt: skip
    return 0


def run_reviewed(args: argparse.Namespace, out_path: Path | None, where: str) -> int:
    from repwatch.export.reviewed import export_reviewed
    from repwatch.store import open_store

    if args.format not in (None, "jsonl") or args.incidents:
        raise ExportError(f"{where}: --reviewed writes jsonl gold of events only")
    store = open_store(args.db)
    try:
        if out_path is None:
            sys.stdout.flush()
        result = export_reviewed(store, out_path if out_path is not None else sys.stdout.buffer)
    finally:
        store.close()
    print(f"repwatch: {where}: {result.written} reviewed events written", file=sys.stderr)
    return 0
