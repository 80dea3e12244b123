"""The web load test runs end to end (tiny sizes; the figures in docs/web.md use the
defaults)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
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
