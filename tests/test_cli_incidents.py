"""`repwatch incidents` and the incident options of `repwatch ingest`: the wiring."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from collections.abc import Callable

import pytest

from repwatch.cli import incidents as incidents_cmd
from repwatch.cli import ingest as ingest_cmd
from repwatch.cli import stats as stats_cmd
from repwatch.model import Extraction
from repwatch.store import open_store

Make = Callable[..., Extraction]


def _parse(module: object, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="repwatch")
    module.register(parser.add_subparsers(dest="command"))  # type: ignore[attr-defined]
    return parser.parse_args(argv)


def _cli(module: object, argv: list[str]) -> str:
    out = io.StringIO()
    args = _parse(module, argv)
    assert args.run(args, out=out) == 0
    return out.getvalue()


def test_cli_incidents_rebuild_list_and_count(
    store_url: str, make_extraction: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(store_url)
    try:
        for n, country in enumerate(["BLR", "BLR", "BLR", "IRN"]):
            store.save(make_extraction(
                f"Report {n}: police arrested journalists.", url=f"https://outlet{n}.example/a",
                events=[{"source": f"{country}COP", "target": f"{country}MED", "place": "Minsk",
                         "country": country, "date": dt.date(2026, 3, 2), "trigger": "arrested"}],
            ))  # fmt: skip
    finally:
        store.close()
    assert _cli(incidents_cmd, ["incidents", "--db", store_url]) == ""  # not built yet
    found = _cli(incidents_cmd, ["incidents", "--db", store_url, "--rebuild", "--json"])
    assert capsys.readouterr().err.startswith("incidents 1 (1 added, 0 removed) from 4 reports")
    (row,) = [json.loads(line) for line in found.splitlines()]
    assert {k: row[k] for k in ("type", "reports", "sources", "first", "last", "country")} == {
        "type": "COERCE", "reports": 3, "sources": 3, "first": "2026-03-02",
        "last": "2026-03-02", "country": "BLR",
    }  # fmt: skip
    text = _cli(incidents_cmd, ["incidents", "--db", store_url, "--limit", "5"])
    assert text.startswith(f"#{row['id']:<6} COERCE") and "3 reports  3 sources" in text
    assert "2026-03-02" in text and "BLR" in text
    assert _cli(incidents_cmd, ["incidents", "--db", store_url, "--limit", "0"]) == ""
    counts = json.loads(_cli(stats_cmd, ["stats", "--db", store_url, "--json"]))
    assert counts["incidents"] == 1 and counts["events"] == 4


def test_cli_incidents_ingest_flag() -> None:
    assert _parse(ingest_cmd, ["ingest", "x.txt"]).incidents is True
    assert _parse(ingest_cmd, ["ingest", "x.txt", "--no-incidents"]).incidents is False
