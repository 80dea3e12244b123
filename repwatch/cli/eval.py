"""`repwatch eval plover PATH`: score event coding against PLOVER-style gold."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from repwatch.eval.splits import SPLITS

EXAMPLES = """examples:
  repwatch eval plover ../shared/corpora/plover_gsr/plover_gsr_flat.jsonl
  repwatch eval plover GOLD.jsonl --split test --json
"""


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="score repwatch against gold data", epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("corpus", choices=("plover",), help="gold data format")
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument(
        "--split",
        choices=SPLITS,
        default="all",
        help="all records, or our dev/test half (hash of the record id)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--misses",
        type=int,
        default=0,
        metavar="N",
        help="also list the first N sentences scored wrong",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from repwatch.eval import plover

    report = plover.evaluate(args.path, args.split)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(f"PLOVER eval: {report.corpus} (split {report.split}, {report.sentences} sentences)")
        print(f"  {'type_recall':<26} {report.type_recall:.3f}")
        print(f"  {'events_per_sentence':<26} {report.events_per_sentence:.3f}")
        print(f"  {'source_country_agreement':<26} {report.source_country_agreement:.3f}")
        print(f"  {'target_country_agreement':<26} {report.target_country_agreement:.3f}")
        per_type = ", ".join(
            f"{t} {h / n:.2f}/{n}" for t, (h, n) in sorted(report.per_type.items())
        )
        print(f"  per type recall: {per_type}")
    for miss in report.misses[: args.misses]:
        print(json.dumps(miss))
    return 0
