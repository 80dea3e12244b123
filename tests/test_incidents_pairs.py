"""The labelled pairs (tests/data/incident_pairs.jsonl, written by us) through the real
pipeline and the merge: no hard negative may merge, and recall on the "same" pairs stays
at or above the floor measured when the rules were written (0.70, 14 of 20)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from repwatch.incidents import evaluate

#: measured 0.70 (14/20) with this fixture's pipeline (no user dictionaries; the
#: evaluate command, with them, finds 0.75); one pair of slack for upstream changes
RECALL_FLOOR = 0.65
PAIRS = evaluate.read_pairs()


def test_incidents_pairs_fixture_is_balanced() -> None:
    labels = [p["label"] for p in PAIRS]
    assert labels.count("same") == 20 and labels.count("different") == 20
    assert len({p["id"] for p in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("pair", [p for p in PAIRS if p["label"] == "different"],
                         ids=lambda p: str(p["id"]))  # fmt: skip
def test_incidents_pairs_hard_negatives_never_merge(pair: dict[str, object], nlp: Language) -> None:
    assert evaluate.merged_across(pair, nlp) == set(), pair["note"]


def test_incidents_pairs_precision_and_recall(nlp: Language) -> None:
    score = evaluate.score_pairs(nlp=nlp)
    assert score.precision == 1.0 and score.wrongly_merged == 0
    assert score.recall >= RECALL_FLOOR, score.missed
