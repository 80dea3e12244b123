"""`repwatch token create [--db URL] [--name NAME]`: a new API token for reviews and writes.

The token is printed once, on the last line; the database keeps only its SHA-256,
so a lost token cannot be shown again (create another).  Reviews record the token's
name as their reviewer.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, TextIO

from repwatch.cli.ingest import add_db
from repwatch.store.base import Store

EXAMPLES = """examples:
  repwatch token create --name alice
  repwatch token create --name ingest-bot --db postgresql://localhost/repwatch
  curl -H "Authorization: Bearer TOKEN" -d '{"text": "..."}' http://127.0.0.1:8000/api/articles
"""


def default_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "reviewer"


def create(store: Store, name: str) -> str:
    """A new token for `name` in `store` (returned once, stored as its hash)."""
    return store.create_token(name)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "token",
        help="create API tokens (for the web app's writes and reviews)",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    c = actions.add_parser(
        "create",
        help="create a token and print it once, on the last line",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db(c)
    c.add_argument(
        "--name",
        default=None,
        metavar="NAME",
        help="who uses the token; reviews are signed with it (default: your login)",
    )
    c.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from repwatch.store import open_store

    out = out or sys.stdout
    name = args.name if args.name is not None else default_name()
    store = open_store(args.db)
    try:
        token = create(store, name)
    finally:
        store.close()
    out.write(f"token for {name.strip()!r} in {store.url} (shown once; only its hash is kept):\n")
    out.write(token + "\n")
    return 0
