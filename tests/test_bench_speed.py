"""The speed bench (repwatch/bench/speed.py), run for real on one bundled sample."""

from __future__ import annotations

from pathlib import Path

from repwatch.bench import speed

SAMPLE = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.txt"))[0]


def test_measure_times_both_sides_on_the_same_texts_and_reports_ratios() -> None:
    result = speed.measure([str(SAMPLE)], copies=3, repeat=2)
    spacy_side, repwatch_side = result["spacy"], result["repwatch"]
    assert isinstance(spacy_side, dict) and isinstance(repwatch_side, dict)
    for side in (spacy_side, repwatch_side):
        assert side["articles"] == 6  # 3 texts, 2 passes
        assert side["seconds"] > 0 and side["cpu_seconds"] > 0 and side["peak_rss_mb"] > 0
        assert abs(side["articles_per_s"] - 6 / side["seconds"]) < 1e-9
    for key in ("speed_ratio", "cpu_speed_ratio", "memory_ratio"):
        value = result[key]
        assert isinstance(value, float) and 0 < value < 10, (key, value)
    expected = repwatch_side["articles_per_s"] / spacy_side["articles_per_s"]
    assert abs(result["speed_ratio"] - expected) < 1e-3
    # each side's memory is its own process's: bare spaCy holds fewer stages and models
    assert spacy_side["peak_rss_mb"] < repwatch_side["peak_rss_mb"]
