"""`repwatch token create|list|revoke`: the API tokens for reviews and writes.

* ``create [--db URL] [--name NAME]`` prints a new token once, on the last line; the
  database keeps only its SHA-256, so a lost token cannot be shown again (create
  another).  Reviews record the token's name as their reviewer.
* ``list [--db URL] [--json]`` prints one line per token: id, name, created, last
  used, and whether it is revoked.  Never the token or its hash.
* ``revoke [--db URL] (ID | --name NAME)`` revokes one token by id, or every live
  token of that name.  The row stays (``revoked_at`` records when), so reviews signed
  with the name still resolve; the web app refuses the token from the next request
  on (it checks the database on every request and caches nothing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from typing import Any, TextIO

from repwatch.cli.ingest import add_db
from repwatch.errors import RepwatchError
from repwatch.store.base import Store, TokenInfo

EXAMPLES = """examples:
  repwatch token create --name alice
  repwatch token create --name ingest-bot --db postgresql://localhost/repwatch
  repwatch token list
  repwatch token revoke 3
  repwatch token revoke --name alice
  curl -H "Authorization: Bearer TOKEN" -d '{"text": "..."}' http://127.0.0.1:8000/api/articles
"""

#: the largest id a store holds (64-bit signed)
MAX_ID = 2**63 - 1


def default_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "reviewer"


def create(store: Store, name: str) -> str:
    """A new token for `name` in `store` (returned once, stored as its hash)."""
    return store.create_token(name)


def list_tokens(store: Store) -> list[TokenInfo]:
    """Every token in `store`, revoked ones included, oldest first."""
    return store.tokens()


def revoke(
    store: Store, token_id: int | None = None, name: str | None = None
) -> tuple[list[TokenInfo], list[TokenInfo]]:
    """Revoke token `token_id`, or every live token named `name`: (revoked now, revoked
    before).  Raises `RepwatchError` when no token has that id or name."""
    newly = store.revoke_token(token_id, name)
    if newly:
        return newly, []
    key = (name or "").strip()
    before = [t for t in store.tokens() if (t.id == token_id if name is None else t.name == key)]
    if not before:
        what = f"id {token_id}" if name is None else f"name {key!r}"
        raise RepwatchError(f"no token with {what} in {store.url} (see 'repwatch token list')")
    return [], before


def _time(t: dt.datetime | None) -> str:
    if t is None:
        return "never"
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _shown(name: str) -> str:
    """A name on one line: as it is, or quoted when it holds spaces or control codes."""
    return name if name.isprintable() and name.split() == [name] else repr(name)


def line(t: TokenInfo) -> str:
    """One token as `list` prints it."""
    state = "active"
    if t.revoked:
        state = f"revoked {_time(t.revoked_at)}" if t.revoked_at else "revoked"
    return (f"{t.id:>4}  {_shown(t.name):<16}  created {_time(t.created_at)}  "
            f"last used {_time(t.last_used_at)}  {state}")  # fmt: skip


def _token_id(value: str) -> int:
    if not value.isdigit() or int(value) > MAX_ID:
        raise argparse.ArgumentTypeError(
            f"{value!r}: a token id is a whole number (see 'repwatch token list')"
        )
    return int(value)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "token",
        help="create, list and revoke API tokens (for the web app's writes and reviews)",
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
    ls = actions.add_parser(
        "list", help="one line per token: id, name, created, last used, revoked (no secrets)"
    )
    add_db(ls)
    ls.add_argument("--json", action="store_true", help="print one JSON list")
    ls.set_defaults(run=run_list)
    r = actions.add_parser(
        "revoke",
        help="revoke a token by id, or every token of a name; the web app refuses it at once",
    )
    add_db(r)
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", type=_token_id, metavar="ID",
                       help="the token's id (as 'repwatch token list' shows it)")  # fmt: skip
    which.add_argument("--name", default=None, metavar="NAME",
                       help="revoke every live token of this name")  # fmt: skip
    r.set_defaults(run=run_revoke)


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


def run_list(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from repwatch.store import open_store

    out = out or sys.stdout
    store = open_store(args.db)
    try:
        found = list_tokens(store)
    finally:
        store.close()
    if args.json:
        out.write(json.dumps([t.to_json() for t in found]) + "\n")
    elif not found:
        print(f"repwatch: no tokens in {store.url}", file=sys.stderr)
    for t in [] if args.json else found:
        out.write(line(t) + "\n")
    return 0


def run_revoke(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from repwatch.store import open_store

    out = out or sys.stdout
    store = open_store(args.db)
    try:
        newly, before = revoke(store, args.id, args.name)
    finally:
        store.close()
    for t in newly:
        out.write(f"revoked token {t.id} ({_shown(t.name)}) in {store.url}\n")
    for t in before:
        when = _time(t.revoked_at) if t.revoked_at else "time not recorded"
        out.write(f"token {t.id} ({_shown(t.name)}) was already revoked ({when})\n")
    return 0
