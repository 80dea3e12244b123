"""`repwatch serve [--db URL] [--host 127.0.0.1] [--port 8000]`: the web app."""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any, TextIO

from repwatch.cli.ingest import add_db
from repwatch.errors import RepwatchError

EXAMPLES = """examples:
  repwatch serve                                   # ./repwatch.db on http://127.0.0.1:8000/
  repwatch serve --db sqlite:///news.db --port 8080
  repwatch serve --db postgresql://repwatch@localhost/repwatch --host 0.0.0.0
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve", help="serve the web app (pages and JSON) over the database", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Serve the stored events as web pages and JSON (every page PATH also "
        "answers PATH.json; the API is described at /openapi.json).  Stop with Ctrl-C.",
    )  # fmt: skip
    add_db(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")  # fmt: skip
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(run=run)


def build_app(url: str | None = None) -> Any:
    """The web app over the store at `url` (one store opened per request).  Opens the
    store once first, so that a bad URL fails here with `StoreUnavailable`."""
    from repwatch import settings
    from repwatch.store import database_url, open_store
    from repwatch.web import WebConfig, api, create_app, pages, review

    url = database_url(url)
    open_store(url).close()
    settings.get("web_reads_require_token")  # a bad value fails here, not on each request

    def factory() -> Any:
        return open_store(url)

    config = WebConfig(token_verifier=api.store_token_verifier(factory))
    return create_app(factory, config, routers=[pages.router(), review.router, api.router])


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to `host`:`port`, so that the address is printed only once it
    is ours; a busy port or a bad host is one clear `RepwatchError`."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY
    except OSError as exc:
        raise RepwatchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise RepwatchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    import uvicorn

    app = build_app(args.db)
    sock = listen(args.host, args.port)
    port = sock.getsockname()[1]  # the real one when --port 0 asked for any free port
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    print(f"repwatch: serving {address(args.host, port)}", file=out or sys.stdout, flush=True)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
