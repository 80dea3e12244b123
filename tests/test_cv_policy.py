"""tools/cv_policy.py: the replay of the taxonomy stage's policy, and its folds."""

from __future__ import annotations

from repwatch.eval.baselines import Labelled
from repwatch.nlp.taxonomy import FALLBACK_MINIMUM
from tools.cv_policy import Rules, decide, fold_of, hint, score

ARREST, CLASH = "Arrests", "Armed clash"


def test_decide_replays_the_stage_policy() -> None:
    coded, verbal, nothing = Rules(ARREST, True), Rules(None, True), Rules(None, False)
    assert decide(coded, (CLASH, 0.6), 0.5, FALLBACK_MINIMUM) == CLASH  # model over the bar
    assert decide(coded, (CLASH, 0.4), 0.5, FALLBACK_MINIMUM) == ARREST  # the rules stand
    assert decide(verbal, (CLASH, 0.95), 0.5, FALLBACK_MINIMUM) == CLASH  # the fallback
    assert decide(verbal, (CLASH, 0.8), 0.5, FALLBACK_MINIMUM) is None  # under its bar
    assert decide(nothing, (CLASH, 0.99), 0.5, FALLBACK_MINIMUM) is None  # no eligible event
    empty = Rules(None, False, any_event=False)  # the events stage found nothing
    assert decide(empty, (CLASH, 0.99), 0.5, FALLBACK_MINIMUM) is None  # model events off
    assert decide(empty, (CLASH, 0.95), 0.5, FALLBACK_MINIMUM, 0.9) == CLASH  # a model event
    assert decide(empty, (CLASH, 0.85), 0.5, FALLBACK_MINIMUM, 0.9) is None  # under its bar


def test_folds_split_rows_by_id_and_score_counts_no_coding_as_wrong() -> None:
    rows = [Labelled(f"row-{i}", "text", ARREST) for i in range(200)]
    folds = [fold_of(r) for r in rows]
    assert set(folds) == {0, 1} and 60 < sum(folds) < 140
    assert folds == [fold_of(r) for r in rows]  # stable
    assert score("acled", rows[:4], [ARREST, ARREST, None, CLASH]) == 0.5
    assert hint(Rules(CLASH, True)).split() == ["zzrulearmedclash"] * 3


def test_breakdown_sorts_rows_by_case() -> None:
    from tools.cv_policy import breakdown

    rows = [Labelled(k, "x", ARREST) for k in "abd"] + [Labelled("c", "z", CLASH)]
    rules = {"a": Rules(ARREST, True), "b": Rules(None, False), "c": Rules(ARREST, True),
             "d": Rules(None, False, any_event=False)}  # fmt: skip
    found = {"a": (CLASH, 0.3), "b": (ARREST, 0.99), "c": (CLASH, 0.7), "d": (ARREST, 0.95)}
    assert breakdown(rows, rules, found) == {
        ("rules coded, p < 0.5", True, False): 1,
        ("only negated or hypothetical events", False, True): 1,
        ("no event at all", True, True): 1,  # the stage's model event at 0.9
        ("rules coded, p >= 0.5", True, True): 1,
    }
