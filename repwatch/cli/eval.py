"""`repwatch eval CORPUS PATH`: score repwatch against third-party gold data.

Each corpus has an adapter in `repwatch.eval` that returns a report with `to_json()`;
this module only picks the adapter and prints the report.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from repwatch.eval.splits import SPLITS

EXAMPLES = """examples:
  repwatch eval plover ../shared/corpora/plover_gsr/plover_gsr_flat.jsonl
  repwatch eval plover GOLD.jsonl --split test --json
  repwatch eval tr_news ../shared/corpora/tr_news/TR-News.xml --split dev
  repwatch eval tempeval ../shared/corpora/tempeval3
  repwatch eval polnear ../shared/corpora/polnear --split dev
  repwatch eval acled ../shared/corpora/acled_notes --limit 2000 --misses 5
  repwatch eval case2021 ../shared/corpora/case2021_task2/test_set_final_release_with_labels.tsv
  repwatch eval event_location ../shared/corpora/event_location --split test
  repwatch eval glocon ../shared/corpora/glocon_sample --split dev --misses 10
  repwatch eval reviewed gold.jsonl          # from `repwatch export --reviewed --out gold.jsonl`
"""


def _plover(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import plover

    return plover.evaluate(path, split)


def _toponyms(corpus: str) -> Callable[[Path, str, int | None], Any]:
    def run(path: Path, split: str, limit: int | None) -> Any:
        from repwatch.eval import toponyms

        return toponyms.evaluate(corpus, path, split)

    return run


def _tempeval(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import tempeval

    if path.is_dir():
        path = path / "docs_timex3.jsonl"
    return tempeval.evaluate(path, split, tempeval.default_nlp())


def _polnear(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import polnear

    return polnear.evaluate(path, "dev" if split in ("all", "dev") else split)


def _acled(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import acled

    return acled.evaluate(path, split, limit)


def _case2021(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import case2021

    return case2021.evaluate(path, split, limit)


def _event_location(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import event_location

    if path.is_dir():
        path = path / "event_location_labeled.jsonl"
    return event_location.evaluate(path, split)


def _glocon(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import glocon

    return glocon.evaluate(path, split)


def _reviewed(path: Path, split: str, limit: int | None) -> Any:
    from repwatch.eval import reviewed

    return reviewed.evaluate(path, split)


ADAPTERS: dict[str, Callable[[Path, str, int | None], Any]] = {
    "plover": _plover,
    "geowebnews": _toponyms("geowebnews"),
    "lgl": _toponyms("lgl"),
    "tr_news": _toponyms("tr_news"),
    "tempeval": _tempeval,
    "polnear": _polnear,
    "acled": _acled,
    "case2021": _case2021,
    "event_location": _event_location,
    "glocon": _glocon,
    "reviewed": _reviewed,
}


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="score repwatch against gold data", epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("corpus", choices=sorted(ADAPTERS), help="which gold data format")
    p.add_argument("path", type=Path, metavar="PATH", help="gold file or corpus folder")
    p.add_argument("--split", choices=(*SPLITS, "train"), default="all",
                   help="all records, or our dev/test half (hash of the record id); for "
                   "polnear, the corpus's own compartment (all means dev)")  # fmt: skip
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="acled: score at most N notes per file; case2021: at most N rows",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--misses",
        type=int,
        default=0,
        metavar="N",
        help="plover, event_location, glocon: also list the first N records scored wrong; acled, "
        "case2021: the N most frequent type errors, each with one example text (terminal "
        "only, never in --json)",
    )
    p.set_defaults(run=run)


def _print_text(body: dict[str, Any], indent: str = "  ") -> None:
    for key, value in body.items():
        if key == "confusion" and isinstance(value, dict):
            print(f"{indent}{key}: (gold: predicted count, ...)")
            for gold, row in value.items():
                cells = ", ".join(
                    f"{pred} {n}" for pred, n in sorted(row.items(), key=lambda x: -x[1])
                )
                print(f"{indent}  {gold}: {cells}")
        elif isinstance(value, list):
            print(f"{indent}{key}:")
            for item in value:
                print(f"{indent}  {json.dumps(item)}")
        elif isinstance(value, dict):
            print(f"{indent}{key}:")
            _print_text(value, indent + "  ")
        elif isinstance(value, float):
            print(f"{indent}{key:<28} {value:.3f}")
        else:
            print(f"{indent}{key:<28} {value}")


#: the corpora whose rows tools/train_acled.py trains on
TRAINED_CORPORA = ("acled", "case2021")


def trained_warning(corpus: str) -> str:
    """A warning when the ACLED model in use was trained on all of `corpus`'s rows
    (``tools/train_acled.py --split all``), so no split of it is held out; else ""."""
    if corpus not in TRAINED_CORPORA:
        return ""
    from repwatch.nlp.classifier import load_classifier

    model = load_classifier()
    if model is None or model.trained_on != "all":
        return ""
    return (f"repwatch eval: warning: the ACLED model {model.version} was trained on all of "
            f"{corpus}'s rows (tools/train_acled.py --split all); these figures are not "
            "held out")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    warning = trained_warning(args.corpus)
    if warning:
        print(warning, file=sys.stderr)
    report = ADAPTERS[args.corpus](args.path, args.split, args.limit)
    body = report.to_json()
    if args.json:
        print(json.dumps(body, indent=2))
    else:
        print(f"{args.corpus} eval: {args.path} (split {args.split})")
        _print_text(body)
    # misses may quote gold text: the terminal only, and stderr under --json so that
    # stdout stays one JSON document
    out = sys.stderr if args.json else sys.stdout
    for miss in getattr(report, "misses", [])[: args.misses]:
        print(json.dumps(miss), file=out)
    return 0
