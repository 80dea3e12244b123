"""The CLI wiring: real subprocesses, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "01-belarus-kgb-lithuania.txt"


def repwatch(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "repwatch", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(),
                                       proc.stderr.decode())  # fmt: skip


def test_cli_extract_one_file_prints_one_object() -> None:
    proc = repwatch("extract", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["article"]["title"] and out["events"]
    assert out["article"]["extractor"].startswith("repwatch-")


def test_cli_extract_jsonl_format_and_stdin(tmp_path: Path) -> None:
    proc = repwatch("extract", "--format", "jsonl", "--published", "2026-03-02", str(SAMPLE), "-",
                    stdin=b"Police in Minsk arrested two journalists.")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[1]["article"]["source"] == "-"
    assert lines[1]["article"]["published"] == "2026-03-02"
    assert lines[1]["events"][0]["type"] == "COERCE"


def test_cli_extract_several_files_prints_a_list() -> None:
    proc = repwatch("extract", str(SAMPLE), str(ROOT / "samples" / "08-briefs.jsonl"))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert isinstance(out, list) and len(out) == 6
    assert out[1]["article"]["id"] == "brief-001"


BAD_INPUTS = [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", b"Caf\xe9 owners protested.", "UTF-8"),
    (
        "nothing.html",
        b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
        "no article text",
    ),
]


def test_cli_extract_bad_input_one_line_each_and_others_still_processed(tmp_path: Path) -> None:
    """One run over every kind of bad file with a good one among them (one run, since
    each start of the CLI loads the pipeline): one line per bad file, naming it and
    why, and the good file still comes through."""
    paths = []
    for name, content, _ in BAD_INPUTS:
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    proc = repwatch("extract", "--format", "jsonl", *paths[:2], str(SAMPLE), *paths[2:])
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == len(BAD_INPUTS), lines
    for (name, _, reason), line in zip(BAD_INPUTS, lines, strict=True):
        assert name in line and reason in line, line
    assert "Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) == 1  # the good file still came through


def test_cli_extract_huge_file_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    proc = repwatch("extract", str(huge))
    assert proc.returncode == 1
    assert "huge.txt" in proc.stderr and "too large" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_extract_bad_date_is_a_usage_error() -> None:
    proc = repwatch("extract", "--published", "yesterday", str(SAMPLE))
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr


def test_cli_eval_plover_reports_metrics(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "x1",
                "text": "Kenyan police arrested two Ugandan activists.",
                "event": "COERCE",
                "source_code": ["KEN"],
                "target_code": ["UGA"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    proc = repwatch("eval", "plover", str(gold), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["sentences"] == 1 and report["type_recall"] == 1.0
    assert report["source_country_agreement"] == 1.0


def test_cli_eval_missing_gold_is_one_line(tmp_path: Path) -> None:
    proc = repwatch("eval", "plover", str(tmp_path / "nope.jsonl"))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "nope.jsonl" in proc.stderr


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"REPWATCH_BATCH_SIZE": "many"}, "REPWATCH_BATCH_SIZE"),
        ({"REPWATCH_SPACY_MODEL": "no_such_model"}, "no_such_model"),
        ({"REPWATCH_ACTOR_DICTIONARY": "/nonexistent/actors.tsv"}, "actors.tsv"),
    ],
)
def test_cli_bad_setting_is_one_line(env: dict[str, str], needle: str) -> None:
    proc = repwatch("extract", str(SAMPLE), env=env)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and needle in proc.stderr
    assert "Traceback" not in proc.stderr
