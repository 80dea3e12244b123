"""Load test of the web app: many clients on ``/events.json`` from a second process.

    python -m repwatch.bench.web_load [--events 100000] [--clients 50] [--seconds 30]
                                      [--db URL] [--client httpx|raw] [--workers N]

Without ``--db``, loads ``--events`` synthetic events into a fresh SQLite file with
`repwatch.store.bulk` (the events of `repwatch.bench.query_speed`, but with ISO-3
shaped country codes, because the web filter refuses others).  With ``--db``, uses
that store as it is when it has events, else loads it first.

Starts ``repwatch serve`` (uvicorn, ``--workers`` processes, default one) as a
separate process on a free loopback port, waits until it answers, then runs
``--clients`` concurrent clients in this process for ``--seconds``: asyncio with
``httpx.AsyncClient`` (``--client httpx``, the default), or with `RawConnection`
(``--client raw``), a keep-alive HTTP/1.1 client written here on asyncio streams that
costs far less CPU per request, which matters when clients and server share the
cores.  Both send the same requests.  Each client loops ``GET /events.json`` with a
random filter mix (see `KINDS`), ``limit=50`` and an offset in the first five pages,
no think time.  Prints one JSON object: requests, requests/s, errors (non-2xx answers
and exceptions), p50/p95/p99/max latency (ms), overall and by kind of filter, and the
machine's load average.  Stops the server with SIGINT (graceful shutdown).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import signal
import socket
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
from urllib.parse import urlencode, urlsplit

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
CLIENTS = {"httpx": "httpx.AsyncClient", "raw": "RawConnection (asyncio streams, HTTP/1.1)"}
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

    def __init__(
        self, url: str, how: str = "serve", timeout: float = 60.0, workers: int = 1
    ) -> None:
        command = [sys.executable, "-m", "repwatch", "serve", "--db", url,
                   "--host", "127.0.0.1", "--port", "0", "--workers", str(workers)]  # fmt: skip
        if how == "uvicorn":  # uvicorn binds the port itself (TCP_NODELAY is set then)
            if workers != 1:
                raise ValueError("--server uvicorn runs one worker")
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


class RawConnection:
    """One keep-alive HTTP/1.1 connection, written by hand over asyncio streams: GET
    only, answers with ``Content-Length`` or chunked.  About 0.2 ms of CPU per request,
    far less than httpx, so that the client leaves the cores it shares with the server
    to it."""

    def __init__(self, base: str, timeout: float = 60.0) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.prefix = parts.path.rstrip("/") + "/"
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, params: dict[str, str]) -> int:
        """GET `path` with `params`; the status (the body is read and dropped)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            sock = self.writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        assert self.reader is not None
        target = self.prefix + path + ("?" + urlencode(params) if params else "")
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          "Accept: application/json\r\n\r\n".encode("latin-1"))  # fmt: skip
        try:
            return await asyncio.wait_for(self._answer(self.reader), self.timeout)
        except BaseException:
            self.close()
            raise

    async def _answer(self, reader: asyncio.StreamReader) -> int:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        else:
            await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _raw_client(
    base: str, rng: random.Random, until: float, out: list[tuple[str, int, float]]
) -> None:
    conn = RawConnection(base)
    try:
        while time.perf_counter() < until:
            kind, params = request_params(rng)
            start = time.perf_counter()
            try:
                status = await conn.get("events.json", params)
            except (
                OSError,
                asyncio.IncompleteReadError,
                asyncio.LimitOverrunError,
                ValueError,
                IndexError,
            ):  # fmt: skip  (TimeoutError is an OSError)
                status = 0  # no answer (or no HTTP answer): an error
            out.append((kind, status, (time.perf_counter() - start) * 1000))
    finally:
        conn.close()


async def hammer(
    base: str, clients: int, seconds: float, seed: int = 7, client: str = "httpx"
) -> dict[str, Any]:
    """`clients` concurrent clients on ``/events.json`` for `seconds`, with httpx or
    with `RawConnection` (`client` "raw")."""
    out: list[tuple[str, int, float]] = []
    start = time.perf_counter()
    if client == "raw":
        await asyncio.gather(*(_raw_client(base, random.Random(seed + i), start + seconds, out)
                               for i in range(clients)))  # fmt: skip
    else:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
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


def run(
    url: str, events: int, clients: int, seconds: float, how: str = "serve",
    client: str = "httpx", workers: int = 1,
) -> dict[str, Any]:  # fmt: skip
    start = time.perf_counter()
    held = prepare(url, events)
    loaded = time.perf_counter() - start
    server = Server(url, how, workers=workers)
    try:
        result = asyncio.run(hammer(server.base, clients, seconds, client=client))
    finally:
        status = server.stop()
    plural = "s" if workers > 1 else ""
    return {
        "db": url, "events": held, "load_s": round(loaded, 1), "clients": clients,
        "client": CLIENTS[client], "seconds": seconds,
        "server": f"{SERVERS[how]}, {workers} worker{plural}, separate process",
        "server_exit": status, "load_average": _load_average(), **result,
    }  # fmt: skip


def _load_average() -> list[float] | None:
    """The system's 1, 5 and 15 minute load averages at the end of the run (the figures
    depend on what else the machine runs), where the system tells them."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


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
    parser.add_argument("--client", choices=sorted(CLIENTS), default="httpx",
                        help="httpx: httpx.AsyncClient (default); raw: `RawConnection`, "
                        "a lean keep-alive HTTP/1.1 client, same requests")  # fmt: skip
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (repwatch serve --workers; default 1)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.workers < 1 or (args.workers > 1 and args.server == "uvicorn"):
        parser.error("--workers: 1 or more, and 1 with --server uvicorn")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or str(Path(tmp) / "web_load.db")
        report = run(url, args.events, args.clients, args.seconds, args.server,
                     args.client, args.workers)  # fmt: skip
        print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
