"""The web load test runs end to end (tiny sizes; the figures in docs/web.md use the
defaults)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from repwatch.bench import web_load
from repwatch.web.filters import parse_event_query


def test_web_load_request_mix_passes_the_filters() -> None:
    rng = random.Random(3)
    for _ in range(200):
        _, params = web_load.request_params(rng)
        parse_event_query(params)  # a 400 here would be an error in the load test


def test_web_load_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "load.db")
    argv = ["--events", "2000", "--clients", "5", "--seconds", "3", "--db", db]
    assert web_load.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["events"] == 2000
    assert report["requests"] > 0 and report["errors"] == 0
    assert report["p99_ms"] >= report["p50_ms"] > 0
