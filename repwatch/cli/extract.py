"""`repwatch extract PATH...`: print the coded events of each article as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from repwatch.errors import InputError
from repwatch.ingest import read_inputs
from repwatch.model import Actor, Article, Extraction

EXAMPLES = """examples:
  repwatch extract samples/01-belarus-kgb-lithuania.txt
  repwatch extract --format jsonl corpus.jsonl > events.jsonl
  echo "Police arrested two activists in Minsk." | repwatch extract - --published 2026-03-01
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract", help="code articles into events (JSON on stdout)", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read .txt, .html/.htm, .jsonl files, directories or - (stdin) and "
        "print one JSON object per article.  Bad inputs get one line on stderr; the "
        "others are still processed, and the exit status is 1 if any input failed.",
    )  # fmt: skip
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--published",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="publication date for inputs that do not carry one",
    )
    p.add_argument(
        "--format",
        choices=("json", "jsonl", "table"),
        default="json",
        help="json: one object (one article) or a list; jsonl: one line per article; "
        "table: one line per event, for reading",
    )
    p.set_defaults(run=run)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def extract_paths(
    paths: Iterable[str], published: dt.date | None = None, errors: list[InputError] | None = None
) -> Iterator[Extraction]:
    """Extractions for every readable input; unreadable ones are appended to `errors`."""
    from repwatch.nlp.pipeline import extract

    def articles() -> Iterator[Article]:
        for item in read_inputs(paths, published=published, stdin=sys.stdin.buffer):
            if isinstance(item, InputError):
                if errors is not None:
                    errors.append(item)
                print(f"repwatch: {item}", file=sys.stderr)
            else:
                yield item

    yield from extract(articles())


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    errors: list[InputError] = []
    results = extract_paths(args.paths, args.published, errors)
    if args.format == "table":
        for r in results:
            out.write(table(r))
    elif args.format == "jsonl":
        for r in results:
            out.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    else:
        items = [r.to_json() for r in results]
        if items:
            body: Any = items[0] if len(items) == 1 and len(args.paths) == 1 else items
            out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    return 1 if errors else 0


def _who(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    return f"{actor.code or '?'} ({actor.text})"


def table(result: Extraction) -> str:
    """A human-readable line per event: type/mode, source -> target, trigger."""
    a = result.article
    lines = [f"# {a.title or a.source or a.id}  [{len(result.events)} events]"]
    for e in result.events:
        kind = e.type + (f"/{e.mode}" if e.mode else "") + (" (negated)" if e.negated else "")
        lines.append(f"  {kind:<22} {_who(e.source)} -> {_who(e.target)}  «{e.trigger.text}»")
    return "\n".join(lines) + "\n"
