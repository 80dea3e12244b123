"""`repwatch` command line: one thin module per command over importable functions.

Errors are translated here, at the edge: a `RepwatchError` prints one line on
stderr and exits 1; nothing below this module prints or exits.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from repwatch import __version__
from repwatch.errors import RepwatchError

COMMANDS = (
    "extract",
    "eval",
    "ingest",
    "events",
    "stats",
    "errors",
    "export",
    "incidents",
    "token",
)


def build_parser() -> argparse.ArgumentParser:
    from repwatch.cli import eval as eval_cmd
    from repwatch.cli import (
        events,
        export,
        extract,
        failures,
        incidents,
        ingest,
        serve,
        stats,
        token,
    )

    parser = argparse.ArgumentParser(
        prog="repwatch",
        description="Code news articles into sourced PLOVER events with resolved actors.",
    )
    parser.add_argument("--version", action="version", version=f"repwatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract.register(sub)
    eval_cmd.register(sub)
    ingest.register(sub)
    events.register(sub)
    stats.register(sub)
    failures.register(sub)
    export.register(sub)
    incidents.register(sub)
    serve.register(sub)
    token.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except RepwatchError as exc:
        print(f"repwatch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("repwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
