"""The PLOVER scorer: label mapping, country mapping, arithmetic, bad gold."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval import plover, splits
from repwatch.model import Article, Event, Extraction, TextSpan
from repwatch.nlp import pipeline


def _gold(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_eval_plover_maps_old_labels_and_cameo_codes(tmp_path: Path) -> None:
    first = {"id": "a", "text": "x", "event": "DISAPPROVE"}
    first |= {"source_code": ["JAP"], "target_code": ["IGO"]}
    second = {"id": "b", "text": "y", "event": "FIGHT", "source_code": ["USA"], "target_code": []}
    path = _gold(tmp_path, [first, second])
    a, b = plover.read_gold(path)
    assert (a.type, a.source_countries, a.target_countries) == ("ACCUSE", {"JPN"}, frozenset())
    assert b.type == "ASSAULT"


def test_eval_plover_scores_hand_built_gold(tmp_path: Path, nlp: Language) -> None:
    path = _gold(tmp_path, [
        {"id": "1", "text": "Kenyan police arrested two Ugandan activists.", "event": "COERCE",
         "source_code": ["KEN"], "target_code": ["UGA"]},
        {"id": "2", "text": "Iran threatened Israel with retaliation.", "event": "THREATEN",
         "source_code": ["IRN"], "target_code": ["ISR"]},
        {"id": "3", "text": "The weather was fine in Oslo.", "event": "PROTEST",
         "source_code": ["NOR"], "target_code": []},
    ])  # fmt: skip
    report = plover.evaluate(path, "all", nlp)
    assert report.sentences == 3
    assert report.type_hits == 2 and report.type_recall == pytest.approx(2 / 3)
    assert report.source_gold == 3 and report.source_agree == 2
    assert report.target_gold == 2 and report.target_agree == 2
    assert [m["id"] for m in report.misses] == ["3"]


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        json.dumps({"id": "x", "text": "t"}),
        json.dumps({"id": "x", "text": "t", "event": "DANCE"}),
    ],
)
def test_eval_plover_bad_gold_names_the_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match="bad.jsonl:1"):
        plover.read_gold(path)


def test_eval_splits_are_stable_and_balanced() -> None:
    ids = [f"PLOVER-{i}" for i in range(2000)]
    dev = [i for i in ids if splits.split_of(i) == "dev"]
    assert 900 < len(dev) < 1100
    assert all(splits.keep(i, "dev") != splits.keep(i, "test") for i in ids)
    assert splits.split_of("PLOVER-7") == splits.split_of("PLOVER-7")


def test_eval_plover_confusion_takes_the_matched_or_first_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    span = TextSpan("x", 0, 1)
    coded = {
        "a": ["ACCUSE", "COERCE"],  # matched: COERCE, not the first type
        "b": ["PROTEST", "ACCUSE"],  # unmatched: the first type
        "c": [],  # no event: "None"
        "d": ["PROTEST"],
    }

    def extract(articles: Iterable[Article], nlp: object = None) -> Iterator[Extraction]:
        for a in articles:
            events = [Event(f"e{i}", t, None, None, None, span, span)
                      for i, t in enumerate(coded[a.id])]  # fmt: skip
            yield Extraction(article=a, events=events)

    monkeypatch.setattr(pipeline, "extract", extract)
    path = _gold(tmp_path, [
        {"id": "a", "text": "x", "event": "COERCE"},
        {"id": "b", "text": "x", "event": "ASSAULT"},
        {"id": "c", "text": "x", "event": "ASSAULT"},
        {"id": "d", "text": "x", "event": "ASSAULT"},
    ])  # fmt: skip
    body = plover.evaluate(path).to_json()
    assert body["confusion"] == {"ASSAULT": {"None": 1, "PROTEST": 2}, "COERCE": {"COERCE": 1}}
    assert body["worst"] == [
        {"gold": "ASSAULT", "predicted": "PROTEST", "count": 2, "examples": ["b", "d"]},
        {"gold": "ASSAULT", "predicted": "None", "count": 1, "examples": ["c"]},
    ]
