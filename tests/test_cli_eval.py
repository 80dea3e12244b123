"""`repwatch eval` wiring: the case2021 adapter is registered, and --misses prints the
worst errors with their text on the terminal only (stderr under --json)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from repwatch.cli import eval as cli_eval
from repwatch.eval import scoreboard


class FakeReport:
    misses = [
        {"gold": "Arrests", "predicted": "None", "count": 2, "id": "7", "text": "T7"},
        {"gold": "Attack", "predicted": "Armed clash", "count": 1, "id": "9", "text": "T9"},
    ]

    def to_json(self) -> dict[str, Any]:
        return {
            "accuracy": 0.5,
            "confusion": {"Arrests": {"None": 2}},
            "worst": [{"gold": "Arrests", "predicted": "None", "count": 2, "examples": ["7"]}],
        }


def _args(**kw: Any) -> argparse.Namespace:
    base = {"corpus": "case2021", "path": Path("x.tsv"), "split": "test", "limit": None,
            "json": False, "misses": 0}  # fmt: skip
    return argparse.Namespace(**(base | kw))


def test_cli_eval_case2021_is_registered_in_cli_and_scoreboard() -> None:
    assert "case2021" in cli_eval.ADAPTERS
    path, name = scoreboard.SOURCES["case2021"]
    assert (path, name) == ("case2021_task2/test_set_final_release_with_labels.tsv", "case2021")


def test_cli_eval_misses_print_worst_pairs_with_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli_eval.ADAPTERS, "case2021", lambda p, s, n: FakeReport())
    assert cli_eval.run(_args(misses=1)) == 0
    out = capsys.readouterr().out
    assert "Arrests: None 2" in out and '"text": "T7"' in out and "T9" not in out


def test_cli_eval_json_stays_one_document_with_misses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(cli_eval.ADAPTERS, "case2021", lambda p, s, n: FakeReport())
    assert cli_eval.run(_args(json=True, misses=5)) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["worst"][0]["examples"] == ["7"]
    assert "T7" not in captured.out and "T7" in captured.err and "T9" in captured.err


def test_cli_eval_warns_when_the_model_was_trained_on_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import numpy as np

    from repwatch.nlp.classifier import FeatureSpec, save

    spec = FeatureSpec(dim=2**8)
    classes, weights, bias = ("Arrests", "Grenade"), np.zeros((spec.dim, 2)), np.zeros(2)
    monkeypatch.setitem(cli_eval.ADAPTERS, "case2021", lambda p, s, n: FakeReport())
    monkeypatch.setitem(cli_eval.ADAPTERS, "plover", lambda p, s, n: FakeReport())
    for trained_on, warned in (("dev", False), ("all", True)):
        path = tmp_path / f"{trained_on}.npz"
        save(path, classes, weights, bias, spec, trained_on=trained_on)
        monkeypatch.setenv("REPWATCH_ACLED_MODEL", str(path))
        assert cli_eval.run(_args(json=True)) == 0
        err = capsys.readouterr().err
        assert ("not held out" in err) is warned
        assert ("--split all" in err and "case2021" in err) is warned
        # GSR sentences are not training rows: no warning whatever the model
        assert cli_eval.run(_args(corpus="plover", json=True)) == 0
        assert "not held out" not in capsys.readouterr().err
