"""The CASE 2021 task 2 scorer: label mapping, skipped types, F1 arithmetic, bad gold.

Events are built by hand (the pipeline is replaced), so these tests hold whatever the
ACLED coding stage predicts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from repwatch.errors import EvalError
from repwatch.eval import case2021, splits
from repwatch.eval.confusion import Confusion
from repwatch.model import ACLED_TYPE_OF, AcledCoding, Article, Event, Extraction, TextSpan
from repwatch.nlp import pipeline


def _event(plover: str, sub: str | None = None) -> Event:
    span = TextSpan("x", 0, 1)
    coding = AcledCoding(ACLED_TYPE_OF[sub], sub, "rules") if sub else None
    return Event("e1", plover, None, None, None, span, span, acled=coding)


def _tsv(tmp_path: Path, rows: list[tuple[str, str, str]], header: str = "id\tEventSnippet\tSubType"
         ) -> Path:  # fmt: skip
    path = tmp_path / "case.tsv"
    path.write_text(header + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = [
    ("1", "Soldiers fought rebels near a town.", "ARMED_CLASH"),
    ("2", "Police detained three students.", "ARREST"),
    ("3", "A flood hit the valley.", "NATURAL_DISASTER"),
    ("4", "Crowds marched peacefully downtown.", "PEACE_PROTEST"),
    ("5", "Two ministers met for talks.", "DIPLO"),
]


def test_eval_case2021_labels_are_acleds_25_sub_event_types() -> None:
    assert sorted(case2021.LABELS.values()) == sorted(ACLED_TYPE_OF)
    assert len(case2021.LABELS) == 25 and not case2021.NON_ACLED & set(case2021.LABELS)
    assert case2021.LABELS["ARREST"] == "Arrests"
    assert case2021.LABELS["ART_MISS_ATTACK"] == "Shelling/artillery/missile attack"


def test_eval_case2021_reads_acled_rows_and_counts_skipped(tmp_path: Path) -> None:
    snippets, rows, skipped = case2021.read_snippets(_tsv(tmp_path, ROWS))
    assert (rows, skipped) == (5, 2)
    assert [(s.id, s.gold) for s in snippets] == [
        ("1", "Armed clash"), ("2", "Arrests"), ("4", "Peaceful protest")
    ]  # fmt: skip


def test_eval_case2021_split_keeps_rows_by_id_hash(tmp_path: Path) -> None:
    path = _tsv(tmp_path, ROWS)
    for split in ("dev", "test"):
        snippets, rows, _ = case2021.read_snippets(path, split)
        assert rows == sum(splits.split_of(r[0]) == split for r in ROWS)
        assert all(splits.split_of(s.id) == split for s in snippets)


@pytest.mark.parametrize(
    ("header", "rows", "needle"),
    [
        ("id\ttext\tlabel", [], "not a CASE 2021"),
        ("id\tEventSnippet\tSubType", [("1", "x", "DANCING")], "case.tsv:2: unknown SubType"),
        ("id\tEventSnippet\tSubType", [("1", "x")], "case.tsv:2: expected 3"),
    ],
)
def test_eval_case2021_bad_gold_is_one_line_naming_the_file(
    tmp_path: Path, header: str, rows: list[tuple[str, str, str]], needle: str
) -> None:
    with pytest.raises(EvalError, match=needle):
        case2021.read_snippets(_tsv(tmp_path, rows, header))


def test_eval_case2021_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="nope.tsv"):
        case2021.read_snippets(tmp_path / "nope.tsv")


def test_eval_case2021_predicts_first_event_with_a_coding() -> None:
    assert case2021.predict([]) is None
    assert case2021.predict([_event("ACCUSE")]) is None
    events = [_event("ACCUSE"), _event("COERCE", "Arrests"), _event("ASSAULT", "Attack")]
    assert case2021.predict(events) == "Arrests"


def test_eval_case2021_f1_arithmetic() -> None:
    matrix = Confusion()
    pairs = [("A", "A"), ("A", "A"), ("A", "B"), ("B", "B"), ("B", None), ("C", "A")]
    for n, (gold, guess) in enumerate(pairs):
        matrix.add(gold, guess, str(n))
    scores = matrix.per_class()
    assert scores["A"].f1 == pytest.approx(2 / 3) and scores["B"].f1 == pytest.approx(1 / 2)
    assert scores["C"].f1 == 0.0 and scores["C"].support == 1
    # (3 * 2/3 + 2 * 1/2 + 1 * 0) / 6 and (2/3 + 1/2 + 0) / 3
    assert matrix.weighted_f1() == pytest.approx(0.5)
    assert matrix.macro_f1() == pytest.approx(7 / 18)
    assert (matrix.correct, matrix.total) == (3, 6)


def test_eval_case2021_evaluate_scores_hand_built_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coded = {"1": [_event("ASSAULT", "Armed clash")], "2": [_event("ASSAULT", "Attack")], "4": []}

    def extract(articles: Iterable[Article], nlp: object = None) -> Iterator[Extraction]:
        for article in articles:
            yield Extraction(article=article, events=coded[article.id])

    monkeypatch.setattr(pipeline, "extract", extract)
    report = case2021.evaluate(_tsv(tmp_path, ROWS))
    body = report.to_json()
    assert (body["rows"], body["scored"], body["skipped_non_acled"]) == (5, 3, 2)
    assert body["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert body["predicted_none"] == 1
    assert body["confusion"] == {"Armed clash": {"Armed clash": 1}, "Arrests": {"Attack": 1},
                                 "Peaceful protest": {"None": 1}}  # fmt: skip
    assert [(w["gold"], w["predicted"], w["examples"]) for w in body["worst"]] == [
        ("Arrests", "Attack", ["2"]), ("Peaceful protest", "None", ["4"])
    ]  # fmt: skip
    assert "Police detained" not in str(body)  # ids only in the JSON, never text
    assert report.misses[0]["text"] == "Police detained three students."
