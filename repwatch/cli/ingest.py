"""`repwatch ingest PATH|URL... [--db URL]`: code inputs into the store."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from repwatch.cli.extract import _date

EXAMPLES = """examples:
  repwatch ingest samples/
  repwatch ingest corpus.jsonl --db postgresql://repwatch@localhost/repwatch
  repwatch ingest https://news.example/feed.xml saved-feed.rss
  repwatch ingest --db sqlite:///news.db https://news.example/2026/03/arrests.html
"""


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", default=None,
                   help="database: a SQLite path, sqlite:///PATH or postgresql://... "
                   "(default: the REPWATCH_DB setting, else repwatch.db)")  # fmt: skip


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ingest", help="code articles, feeds and URLs into the database", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read .txt, .html, .jsonl files, directories, - (stdin), RSS/Atom feeds "
        "(URL or .rss/.atom/.xml file) and article URLs; code each new text and store it. "
        "Texts already stored by this version are skipped before coding.  When something "
        "new was stored, the incidents near its dates are recomputed (see `repwatch "
        "incidents`).  Bad inputs get one line on stderr and are recorded (see `repwatch "
        "errors`); the exit status is 1 if any input failed.",
    )  # fmt: skip
    p.add_argument("sources", nargs="+", metavar="PATH|URL")
    add_db(p)
    p.add_argument("--published", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="publication date for inputs that do not carry one")  # fmt: skip
    p.add_argument("--no-incidents", dest="incidents", action="store_false",
                   help="do not update the incidents after storing")  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from repwatch.store import open_store
    from repwatch.store.ingest import ingest

    store = open_store(args.db)
    bar: Any = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(file=sys.stderr, unit=" articles", dynamic_ncols=True, leave=False)

    def progress(status: str, message: str) -> None:
        if status == "failed":
            if bar is not None:
                bar.write(f"repwatch: {message}", file=sys.stderr)
            else:
                print(f"repwatch: {message}", file=sys.stderr)
        if bar is not None:
            bar.update(1)

    try:
        summary = ingest(args.sources, store, published=args.published,
                         stdin=sys.stdin.buffer, progress=progress,
                         incidents=args.incidents)  # fmt: skip
    finally:
        if bar is not None:
            bar.close()
        store.close()
    if summary.incidents is not None:
        print(summary.incidents.line(), file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0
