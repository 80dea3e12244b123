"""`repwatch export --reviewed` -> `repwatch eval reviewed`: reviews become gold data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from repwatch.cli import main
from repwatch.errors import EvalError
from repwatch.eval.reviewed import read_gold
from repwatch.ingest.ids import text_id
from repwatch.model import Article
from repwatch.nlp import pipeline
from repwatch.store import EventQuery, StoredEvent, open_store
from repwatch.store.base import Correction, Review

TEXT = (
    "Police in Minsk arrested two journalists on Monday.\n\n"
    "Iranian agents threatened a dissident blogger in London on Friday."
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store holding TEXT, coded by the default pipeline (the one `eval` runs)."""
    url = f"sqlite:///{tmp_path / 'gold.db'}"
    article = Article(id=text_id(TEXT), text=TEXT, published=dt.date(2026, 3, 25), title="T")
    store = open_store(url)
    try:
        store.save(next(pipeline.extract([article])))
    finally:
        store.close()
    return url


def _events(db: str) -> list[StoredEvent]:
    store = open_store(db)
    try:
        return store.events(EventQuery())
    finally:
        store.close()


def _review(db: str, review: Review) -> None:
    store = open_store(db)
    try:
        store.add_review(review)
    finally:
        store.close()


def _export_and_score(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[list[dict[str, object]], dict[str, object]]:
    gold = tmp_path / "gold.jsonl"
    assert main(["export", "--reviewed", "--db", db, "--out", str(gold)]) == 0
    lines = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    capsys.readouterr()
    assert main(["eval", "reviewed", str(gold), "--json"]) == 0
    return lines, json.loads(capsys.readouterr().out)


def test_eval_reviewed_accepted_gold_scores_one_then_less_after_a_correction(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(db)
    assert len(events) >= 2
    for e in events:
        _review(db, Review.of(e, "alice", "accept"))
    lines, report = _export_and_score(db, tmp_path, capsys)
    assert len(lines) == len(events)
    assert {line["action"] for line in lines} == {"accept"}
    assert all(line["gold"] == line["machine"] for line in lines)
    assert lines[0]["text"] in TEXT and lines[0]["article"]["text"] == TEXT  # type: ignore[index]
    assert report["f1"] == report["exact"] == 1.0
    assert report["tp"] == len(events) and report["fp"] == report["fn"] == 0

    first, second = events[0], events[1]
    other = "AID" if first.event.type != "AID" else "AGREE"
    _review(db, Review.of(first, "bob", "correct", Correction(other)))
    _review(db, Review.of(second, "bob", "reject"))
    lines, report = _export_and_score(db, tmp_path, capsys)
    by_id = {line["id"]: line for line in lines}
    assert by_id[first.event.id]["event"] == other
    assert by_id[first.event.id]["machine"]["type"] == first.event.type  # type: ignore[index]
    assert by_id[second.event.id]["event"] is None and by_id[second.event.id]["gold"] is None
    accepted = {"accept": len(events) - 2} if len(events) > 2 else {}
    assert report["actions"] == {**accepted, "correct": 1, "reject": 1}
    assert report["fn"] == 1 and report["fp"] == 2  # the old type, and the rejected event
    assert float(report["f1"]) < 1.0  # type: ignore[arg-type]
    assert report["exact"] == round((len(events) - 2) / len(events), 4)


def test_eval_reviewed_bad_gold_is_one_error(tmp_path: Path) -> None:
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "e1", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="bad.jsonl:1: not a reviewed-gold record"):
        read_gold(gold)
    with pytest.raises(EvalError, match="not found"):
        read_gold(tmp_path / "missing.jsonl")


def test_eval_reviewed_export_refuses_other_formats(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--reviewed", "--format", "csv", "--db", db]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["repwatch: stdout: --reviewed writes jsonl gold of events only"]
