"""Load test of the web app: many clients on ``/events.json`` from a second process.

    python -m repwatch.bench.web_load [--events 100000] [--clients 50] [--seconds 30]
                                      [--db URL]

Without ``--db``, loads ``--events`` synthetic events into a fresh SQLite file with
`repwatch.store.bulk` (the events of `repwatch.bench.query_speed`, but with ISO-3
shaped country codes, because the web filter refuses others).  With ``--db``, uses
that store as it is when it has events, else loads it first.

Starts ``repwatch serve`` (uvicorn, one worker) as a separate process on a free
loopback port, waits until it answers, then runs ``--clients`` concurrent clients
(asyncio + ``httpx.AsyncClient``) in this process for ``--seconds``.  Each client
loops ``GET /events.json`` with a random filter mix (see `KINDS`), ``limit=50`` and an
offset in the first five pages.  Prints one JSON object: requests, requests/s, errors
(non-2xx answers and exceptions), p50/p95/p99/max latency (ms), overall and by kind of
filter.  Stops the server with SIGINT (uvicorn's graceful shutdown).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from repwatch.bench.query_speed import DAYS, FIRST_DAY, VOCABULARY, synthetic
from repwatch.model import (
    PLOVER_TYPES,
)
from repwatch.store import open_store
from repwatch.store.bulk import load

#: 60 codes shaped like ISO-3 (``CAA`` .. ``CCH``), so that ``country=`` accepts them
COUNTRIES = [f"C{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
LIMIT = 50
PAGES = 5
#: ``--server uvicorn``: `build_app` under ``uvicorn.run`` on a free port, one worker
UVICORN = """
import socket, sys, uvicorn
from repwatch.cli.serve import build_app
app = build_app(sys.argv[1])
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
print(f"repwatch: serving http://127.0.0.1:{port}/", flush=True)
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""
SERVERS = {"serve": "repwatch serve (uvicorn)", "uvicorn": "uvicorn.run(build_app(url))"}
_SERVING = re.compile(r"serving (http://\S+/)")


def prepare(url: str, events: int) -> int:
    """Loads `events` synthetic events into the store at `url` unless it has events
    already; returns the number of events it holds."""
    store = open_store(url)
    try:
        if store.stats().events == 0:
            load(store, synthetic(events, countries=COUNTRIES))  # type: ignore[arg-type]
        return store.stats().events
    finally:
        store.close()


def _window(rng: random.Random, days: int) -> dict[str, str]:
    since = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS - days))
    return {"since": since.isoformat(), "until": (since + dt.timedelta(days=days)).isoformat()}


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(VOCABULARY, n))


#: the filter mix: (kind, weight, parameters); the weights add up to 100
KINDS: list[tuple[str, int, Callable[[random.Random], dict[str, str]]]] = [
    ("type+country+year", 30, lambda r: {"type": r.choice(PLOVER_TYPES),
                                         "country": r.choice(COUNTRIES), **_window(r, 365)}),
    ("country+5years", 20, lambda r: {"country": r.choice(COUNTRIES), **_window(r, 5 * 365)}),
    ("type+year", 15, lambda r: {"type": r.choice(PLOVER_TYPES), **_window(r, 365)}),
    ("q:1word", 15, lambda r: {"q": _words(r, 1)}),
    ("q:2words", 5, lambda r: {"q": _words(r, 2)}),
    ("country+q", 5, lambda r: {"country": r.choice(COUNTRIES), "q": _words(r, 1)}),
    ("none", 10, lambda r: {}),
]  # fmt: skip


def request_params(rng: random.Random) -> tuple[str, dict[str, str]]:
    """One random request of the mix: its kind and its query parameters."""
    kind, _, make = rng.choices(KINDS, weights=[w for _, w, _ in KINDS])[0]
    params = make(rng)
    params.update(limit=str(LIMIT), offset=str(LIMIT * rng.randrange(PAGES)))
    return kind, params


class Server:
    """``repwatch serve`` in a child process on a free loopback port."""

    def __init__(self, url: str, how: str = "serve", timeout: float = 60.0) -> None:
        command = [sys.executable, "-m", "repwatch", "serve", "--db", url,
                   "--host", "127.0.0.1", "--port", "0"]  # fmt: skip
        if how == "uvicorn":  # uvicorn binds the port itself (TCP_NODELAY is set then)
            command = [sys.executable, "-c", UVICORN, url]
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.stderr: list[str] = []
        self._drain = threading.Thread(target=self._drain_stderr, daemon=True)
        self._drain.start()
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # blocks until the port is bound (or exit)
        found = _SERVING.search(line)
        if not found:
            self.stop()
            raise RuntimeError(f"server did not start: {line!r} {''.join(self.stderr)[-2000:]}")
        self.base = found.group(1)
        self._wait(timeout)

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(self.base + "events.json?limit=1", timeout=10).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"server at {self.base} did not answer")
            time.sleep(0.1)

    def stop(self) -> int:
        """SIGINT (graceful), then SIGKILL after 10 s; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._drain.join(5)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()
        return self.proc.returncode


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    if len(values) == 1:
        values = values * 2
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "max_ms": round(max(values), 1)}  # fmt: skip


async def _client(
    http: httpx.AsyncClient, rng: random.Random, until: float, out: list[tuple[str, int, float]]
) -> None:
    while time.perf_counter() < until:
        kind, params = request_params(rng)
        start = time.perf_counter()
        try:
            status = (await http.get("events.json", params=params)).status_code
        except httpx.HTTPError:
            status = 0  # no answer: an error
        out.append((kind, status, (time.perf_counter() - start) * 1000))


async def hammer(base: str, clients: int, seconds: float, seed: int = 7) -> dict[str, Any]:
    """`clients` concurrent clients on ``/events.json`` for `seconds`."""
    out: list[tuple[str, int, float]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        start = time.perf_counter()
        await asyncio.gather(*(_client(http, random.Random(seed + i), start + seconds, out)
                               for i in range(clients)))  # fmt: skip
        took = time.perf_counter() - start
    errors = sum(1 for _, s, _ in out if not 200 <= s < 300)
    by_kind: dict[str, dict[str, float]] = {}
    for kind, _, _ in KINDS:
        ms = [t for k, _, t in out if k == kind]
        if ms:
            by_kind[kind] = {"requests": len(ms), **_ms(ms)}
    return {
        "requests": len(out), "errors": errors, "elapsed_s": round(took, 1),
        "requests_per_s": round(len(out) / took, 1), **_ms([t for _, _, t in out]),
        "statuses": {str(s): n for s, n in sorted(Counter(s for _, s, _ in out).items())},
        "by_kind": by_kind,
    }  # fmt: skip


def run(url: str, events: int, clients: int, seconds: float, how: str = "serve") -> dict[str, Any]:
    start = time.perf_counter()
    held = prepare(url, events)
    loaded = time.perf_counter() - start
    server = Server(url, how)
    try:
        result = asyncio.run(hammer(server.base, clients, seconds))
    finally:
        status = server.stop()
    return {
        "db": url, "events": held, "load_s": round(loaded, 1), "clients": clients,
        "seconds": seconds, "server": f"{SERVERS[how]}, 1 worker, separate process",
        "server_exit": status, **result,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", metavar="URL",
                        help="a store to use (loaded first if it has no events); "
                        "default: a temporary SQLite file")  # fmt: skip
    parser.add_argument("--server", choices=sorted(SERVERS), default="serve",
                        help="serve: `repwatch serve` (default); uvicorn: build_app "
                        "under uvicorn.run(host, port)")  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "web_load.db")
        report = run(url, args.events, args.clients, args.seconds, args.server)
        print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
