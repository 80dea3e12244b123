"""`repwatch eval plover PATH`: score event coding against PLOVER-style gold."""

from __future__ import annotations

import argparse
import json
import sys
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
    p.add_argument("--split", choices=SPLITS, default="all",
                   help="all records, or our dev/test half (hash of the record id)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--misses", type=int, default=0, metavar="N",
                   help="also list the first N sentences scored wrong")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from repwatch.eval import plover

    report = plover.evaluate(args.path, args.split)
    body = report.to_json()
    if args.json:
        print(json.dumps(body, indent=2))
    else:
        print(f"PLOVER eval: {body['corpus']} (split {body['split']}, {body['sentences']} sentences)")
        for key in ("type_recall", "events_per_sentence", "source_country_agreement",
                    "target_country_agreement"):  # fmt: skip
            print(f"  {key:<26} {body[key]:.3f}")
        print("  per type recall: " + ", ".join(
            f"{k} {v:.2f}/{body['per_type_n'][k]}" for k, v in body["per_type_recall"].items()))  # type: ignore[attr-defined]
    for miss in report.misses[: args.misses]:
        print(json.dumps(miss), file=sys.stdout)
    return 0
