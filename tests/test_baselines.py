from __future__ import annotations

from pathlib import Path

import pytest

from repwatch.errors import EvalError
from repwatch.eval import baselines
from repwatch.eval.baselines import (
    CASE_TO_ACLED,
    accuracy,
    keyword_guess,
    read_acled,
    read_case,
    train_tfidf,
    weighted_f1,
)
from repwatch.model import ACLED_TYPE_OF


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("On 2 May, police fired tear gas to disperse traders.", "Protest with intervention"),
        ("A warplane bombed a bridge outside the town.", "Air/drone strike"),
        ("Gunmen abducted a chief near the river.", "Abduction/forced disappearance"),
        ("Police arrested six students.", "Arrests"),
        ("A grenade was thrown into a shop.", "Grenade"),
        ("A suicide bomber struck a checkpoint.", "Suicide bomb"),
        ("Nurses held a rally over pay.", "Peaceful protest"),
        ("Villagers lynched a suspected thief.", "Mob violence"),
        ("Nothing of note happened.", "Peaceful protest"),
    ],
)
def test_baselines_keyword_first_match_wins(note: str, expected: str) -> None:
    assert keyword_guess(note) == expected


def test_baselines_keywords_name_acled_types() -> None:
    assert {label for label, _ in baselines.KEYWORDS} <= set(ACLED_TYPE_OF)
    assert set(CASE_TO_ACLED.values()) == set(ACLED_TYPE_OF)


def test_baselines_tfidf_learns_tiny_data() -> None:
    texts = [
        "police arrested activists",
        "police detained students",
        "officers arrested a man",
        "teachers marched peacefully",
        "nurses held a peaceful march",
        "traders marched",
    ]
    labels = ["Arrests"] * 3 + ["Peaceful protest"] * 3
    predict = train_tfidf(texts, labels)
    assert predict(["police arrested traders", "farmers marched"]) == [
        "Arrests",
        "Peaceful protest",
    ]


def test_baselines_metrics() -> None:
    gold = ["a", "a", "b", "b"]
    assert accuracy(gold, ["a", "b", "b", "b"]) == 0.75
    # a: p=1 r=.5 f=2/3; b: p=2/3 r=1 f=.8 -> weighted (2/3*2 + .8*2)/4
    assert abs(weighted_f1(gold, ["a", "b", "b", "b"]) - (2 / 3 + 0.8) / 2) < 1e-9
    assert weighted_f1(gold, gold) == 1.0


def test_baselines_readers(tmp_path: Path) -> None:
    acled = tmp_path / "acled"
    acled.mkdir()
    rows = ["event_id_cnty,notes,sub_event_type",
            "X1,Police arrested a man.,Arrests",
            "X2,Police arrested a man.,Arrests",
            "X3,Teachers marched.,Peaceful protest"]  # fmt: skip
    (acled / baselines.ACLED_FILES[0]).write_text("\n".join(rows) + "\n", encoding="utf-8")
    notes = read_acled(acled)
    assert [n.id for n in notes] == ["X1", "X3"]  # the repeated note counts once
    assert {n.id for n in read_acled(acled, "dev")} | {n.id for n in read_acled(acled, "test")} == {
        "X1", "X3"}  # fmt: skip
    case = tmp_path / "case.tsv"
    case.write_text("id\tEventSnippet\tSubType\n1\tA bomb went off.\tREM_EXPLOS\n"
                    "2\tAn earthquake struck.\tNATURAL_DISASTER\n", encoding="utf-8")  # fmt: skip
    assert [(r.id, r.label) for r in read_case(case)] == [("1", "Remote explosive/landmine/IED")]
    with pytest.raises(EvalError, match="nowhere"):
        read_acled(tmp_path / "nowhere")
    (acled / baselines.ACLED_FILES[1]).write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(EvalError, match="not an ACLED export"):
        read_acled(acled)
