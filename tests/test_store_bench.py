"""The store benchmarks run (tiny sizes; the figures in docs/store.md use the defaults)."""

from __future__ import annotations

import json

import pytest

from repwatch.bench import query_speed


def test_store_bench_query_speed_runs(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert query_speed.main(["--events", "2000", "--queries", "20", "--db", store_url]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["events"] == 2000
    assert report["filtered"]["p95_ms"] >= 0 and report["full_text"]["p95_ms"] > 0
