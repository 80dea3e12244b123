"""The web load test runs end to end (tiny sizes; the figures in docs/web.md use the
defaults)."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from repwatch.bench import web_load
from repwatch.web.filters import parse_event_query


def test_web_load_request_mix_passes_the_filters() -> None:
    rng = random.Random(3)
    for _ in range(200):
        _, params = web_load.request_params(rng)
        parse_event_query(params)  # a 400 here would be an error in the load test


def test_web_load_runs(tmp_path: Path) -> None:
    """As a user runs it: its own process (the load generator owns an event loop, which
    must not meet the one Playwright's browser tests leave in this process)."""
    db = str(tmp_path / "load.db")
    argv = ["--events", "2000", "--clients", "5", "--seconds", "3", "--db", db]
    proc = subprocess.run([sys.executable, "-m", "repwatch.bench.web_load", *argv],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["events"] == 2000
    assert report["requests"] > 0 and report["errors"] == 0
    assert report["p99_ms"] >= report["p50_ms"] > 0


def test_web_load_runs_with_the_raw_client_and_two_workers(tmp_path: Path) -> None:
    db = str(tmp_path / "load.db")
    argv = ["--events", "2000", "--clients", "5", "--seconds", "3", "--db", db,
            "--client", "raw", "--workers", "2"]  # fmt: skip
    proc = subprocess.run([sys.executable, "-m", "repwatch.bench.web_load", *argv],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert report["client"].startswith("RawConnection") and "2 workers" in report["server"]
    assert report["requests"] > 0 and report["errors"] == 0
    assert report["statuses"] == {"200": report["requests"]}


def test_web_load_raw_connection_reads_both_body_framings() -> None:
    """`RawConnection` against a hand-written server: Content-Length and chunked
    answers on one keep-alive connection, then a closed one (an error, not a hang)."""
    answers = [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    ]
    seen: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for answer in answers:
            seen.append(await reader.readuntil(b"\r\n\r\n"))
            writer.write(answer)
            await writer.drain()
        writer.close()

    async def main() -> list[int | str]:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        conn = web_load.RawConnection(f"http://127.0.0.1:{port}/", timeout=5)
        got: list[int | str] = []
        try:
            for _ in answers:
                got.append(await conn.get("events.json", {"q": "a b", "limit": "50"}))
            try:
                await conn.get("events.json", {})
            except (OSError, asyncio.IncompleteReadError) as exc:
                got.append(type(exc).__name__)
        finally:
            conn.close()
            server.close()
        return got

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: no event loop left there
        got = pool.submit(asyncio.run, main()).result(timeout=60)
    assert got[:3] == [200, 404, 200] and len(got) == 4
    assert seen[0].startswith(b"GET /events.json?q=a+b&limit=50 HTTP/1.1\r\n")
