"""`repwatch events`, `stats` and `errors`: the wiring over a store built by hand."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from repwatch.cli import main
from repwatch.model import Extraction
from repwatch.store import open_store


@pytest.fixture
def db(tmp_path: Path, make_extraction: Callable[..., Extraction]) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = open_store(url)
    store.save(make_extraction(
        "Police in Minsk arrested two journalists.",
        [{"type": "COERCE", "mode": "arrest", "source": "BLRCOP", "country": "BLR",
          "date": dt.date(2026, 3, 1), "trigger": "arrested"}], title="Arrests"))  # fmt: skip
    store.save(make_extraction("Agents abducted a dissident in Istanbul.",
                               [{"type": "COERCE", "country": "TUR", "trigger": "abducted",
                                 "date": dt.date(2025, 1, 1)}]))  # fmt: skip
    store.record_failure("bad.txt", "not valid UTF-8 (invalid byte 0xe9 at offset 3)")
    store.close()
    return url


def test_cli_events_filters_and_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--db", db, "--type", "coerce", "--country", "blr", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    event = json.loads(line)
    assert event["trigger"]["text"] == "arrested" and event["article"]["title"] == "Arrests"
    assert main(["events", "--db", db, "--since", "2026-01-01", "--q", "journalists"]) == 0
    out = capsys.readouterr().out
    assert "2026-03-01  BLR  COERCE/arrest" in out and "abducted" not in out
    assert main(["events", "--db", db, "--until", "2025-12-31", "--actor", "dissident"]) == 0
    assert capsys.readouterr().out == ""  # the actor is matched in actor text, not sentences


def test_cli_events_stats_and_errors(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "articles": 2, "events": 2, "incidents": 0, "quotes": 0, "failed": 1}  # fmt: skip
    assert main(["errors", "--db", db]) == 0
    assert capsys.readouterr().out == "bad.txt: not valid UTF-8 (invalid byte 0xe9 at offset 3)\n"


def test_cli_events_reads_the_db_setting(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPWATCH_DB", db)
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://bob:s3cret@127.0.0.1:9/nodb", "postgresql://bob:***@127.0.0.1:9/nodb: "
                                                     "cannot connect"),
        ("mysql://bob:s3cret@db/x", "mysql://...: unsupported database URL"),
        ("/nonexistent/dir/x.db", "/nonexistent/dir/x.db: no such directory"),
    ],
)  # fmt: skip
def test_cli_events_bad_database_is_one_line(url: str, message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "repwatch", "stats", "--db", url],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.startswith("repwatch: " + message), proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and "s3cret" not in proc.stderr
