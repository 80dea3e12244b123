"""`repwatch serve [--db URL] [--host 127.0.0.1] [--port 8000] [--workers N] [--threads N]`.

Serves the web app with uvicorn.  With ``--workers`` N above 1 (the default is 1), the
app is built once, then N server processes are forked, each with a socket of its own
on the one port (``SO_REUSEPORT``: Linux spreads the connections over them evenly).
They share the CSRF secret (the app is built before the fork); each keeps its own pool
of open stores (`repwatch.store.pool`) and its own cache of per-filter summaries, keyed
by the database's data version, so a write from any process reaches every worker.
SIGINT or SIGTERM stops them all; a worker whose parent is gone stops too.

Each worker runs its views in at most ``--threads`` threads (default 8): over SQLite
they are CPU-bound, and dozens of threads taking turns at the GIL cost more than a few.
The collector's thresholds are raised and the app's objects frozen out of its scans
(`tune_gc`): a request makes thousands of short-lived containers.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import socket
import sys
import threading
import time
from typing import Any, TextIO

from repwatch.cli.ingest import add_db
from repwatch.errors import RepwatchError

EXAMPLES = """examples:
  repwatch serve                                   # ./repwatch.db on http://127.0.0.1:8000/
  repwatch serve --db sqlite:///news.db --port 8080
  repwatch serve --db postgresql://repwatch@localhost/repwatch --host 0.0.0.0
  repwatch serve --workers 4                       # four server processes
"""

#: the default number of server processes.  One: on the 2-core development machine,
#: shared with other jobs and with the load generator, two workers served no more
#: requests than one and had the longer tail (docs/web.md, "Load test"); a server with
#: cores of its own may ask for more
DEFAULT_WORKERS = 1
#: the default number of threads per worker that run the views
DEFAULT_THREADS = 8
#: the collector's thresholds in a server (`tune_gc`); Python's are (700, 10, 10)
GC_THRESHOLDS = (10_000, 10, 10)


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
    p.add_argument("--workers", type=_count, default=DEFAULT_WORKERS, metavar="N",
                   help="server processes on the one port (default %(default)s; more help "
                   "where cores are free)")  # fmt: skip
    p.add_argument(
        "--threads",
        type=_count,
        default=DEFAULT_THREADS,
        metavar="N",
        help="threads per worker that run the views (default %(default)s)",
    )
    p.set_defaults(run=run)


def _count(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a whole number from 1 to 64")
    return int(value)


def build_app(url: str | None = None, threads: int | None = None) -> Any:
    """The web app over the store at `url`: each request has a store of its own, from a
    pool of open ones (`repwatch.store.pool`); at most `threads` views at once (None:
    anyio's default).  Opens the store once first, so that a bad URL fails here with
    `StoreUnavailable`."""
    from repwatch import settings
    from repwatch.store import database_url, open_store
    from repwatch.store.pool import StorePool
    from repwatch.web import WebConfig, api, create_app, pages, review

    url = database_url(url)
    open_store(url).close()
    settings.get("web_reads_require_token")  # a bad value fails here, not on each request
    pool = StorePool(lambda: open_store(url))

    def factory() -> Any:
        return pool.open()

    config = WebConfig(token_verifier=api.store_token_verifier(factory), threads=threads)
    return create_app(factory, config, routers=[pages.router(), review.router, api.router])


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def listen(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """A socket bound to `host`:`port`, so that the address is printed only once it
    is ours; a busy port or a bad host is one clear `RepwatchError`.  With
    `reuse_port`, several such sockets share the port (``SO_REUSEPORT``): the kernel
    spreads the connections over them."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP_NODELAY
    except OSError as exc:
        raise RepwatchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise RepwatchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def tune_gc() -> None:
    """Collector settings for a server process: everything alive now (modules, the app)
    is frozen out of the collector's scans, and a collection waits for `GC_THRESHOLDS`
    new containers instead of 700 (a request makes thousands of short-lived ones)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _uvicorn(app: Any) -> Any:
    import uvicorn

    return uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))


def _exit_with_parent(parent: int) -> None:
    """In a worker: SIGTERM to itself (a graceful stop) once its parent is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _fork_workers(app: Any, socks: list[socket.socket]) -> int:
    """One forked server process per listening socket, all running `app`; SIGINT or
    SIGTERM here stops them all (SIGTERM: uvicorn's graceful shutdown).  Returns when
    every worker has ended: 0, or 1 when one failed."""
    parent = os.getpid()
    children: list[int] = []
    for sock in socks:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child process
            code = 1
            try:
                for other in socks:
                    if other is not sock:
                        other.close()
                _exit_with_parent(parent)
                _uvicorn(app).run(sockets=[sock])
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    for sock in socks:
        sock.close()

    def stop(signum: int, frame: Any) -> None:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    failed = 0
    for child in children:
        _, status = os.waitpid(child, 0)
        failed += os.waitstatus_to_exitcode(status) not in (0, -signal.SIGTERM, -signal.SIGINT)
    return 1 if failed else 0


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    workers = getattr(args, "workers", 1)
    app = build_app(args.db, threads=getattr(args, "threads", DEFAULT_THREADS))
    many = workers > 1
    if many and not (hasattr(os, "fork") and hasattr(socket, "SO_REUSEPORT")):
        raise RepwatchError("--workers above 1 needs fork and SO_REUSEPORT (Linux, BSD, macOS)")
    first = listen(args.host, args.port, reuse_port=many)
    port = first.getsockname()[1]  # the real one when --port 0 asked for any free port
    socks = [first] + [listen(args.host, port, reuse_port=True) for _ in range(workers - 1)]
    for sock in socks:  # connections wait in the backlog until a worker accepts them
        sock.listen(2048)
    print(f"repwatch: serving {address(args.host, port)}", file=out or sys.stdout, flush=True)
    tune_gc()
    if many:
        return _fork_workers(app, socks)
    _uvicorn(app).run(sockets=socks)
    return 0
