"""The per-stage bench (repwatch/bench/stages.py)."""

from __future__ import annotations

from pathlib import Path

from repwatch.bench import stages

SAMPLE = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))[0]


def test_summary_shares_and_implied_ratio() -> None:
    got = stages.summary({"tok2vec": 3.0, "parser": 1.0, "repwatch_events": 0.5,
                          stages.BUILD: 0.5})  # fmt: skip
    assert got["spacy_seconds"] == 4.0 and got["repwatch_seconds"] == 1.0
    assert got["implied_speed_ratio"] == 0.8
    assert got["stages"] == {"repwatch_events": {"seconds": 0.5, "share_of_spacy": 0.125},
                             stages.BUILD: {"seconds": 0.5, "share_of_spacy": 0.125}}  # fmt: skip


def test_stage_seconds_times_every_stage_of_the_pipeline() -> None:
    from repwatch.nlp import pipeline

    seconds = stages.stage_seconds(stages.bench_texts([str(SAMPLE)], copies=2), repeat=1)
    names = [name for name, _ in pipeline.load().pipeline]
    assert list(seconds) == [*names, stages.BUILD]
    assert all(s >= 0 for s in seconds.values())
    assert seconds["parser"] > 0 and seconds["repwatch_events"] > 0
