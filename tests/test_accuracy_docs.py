"""docs/accuracy.md quotes only figures that `repwatch eval` reproduces on the visible
corpora (../shared/corpora).

Every board in `scoreboard.BOARDS` must have its table under its heading, every
figure of `scoreboard.FIGURES` its row in that table, and every quoted figure must
reproduce.  The reproduce tests run every evaluation once, so this is the slowest test
file (minutes, not seconds); the `problems()` tests at the top are fast."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from repwatch.eval import scoreboard
from repwatch.eval.acled import AcledReport
from repwatch.eval.case2021 import Case2021Report
from repwatch.eval.plover import PloverReport
from repwatch.eval.scoreboard import Figure

DOC = Path(__file__).resolve().parent.parent / "docs" / "accuracy.md"

TINY = (
    Figure("acled", "dev", "location_country", "event location: country", "≥ 0.90"),
    Figure("case2021", "test", "weighted_f1", "weighted F1", "—", "0.839 [^case2021]", "4"),
)


def _doc(board3: str, board4: str | None) -> str:
    doc = f"# Accuracy\n\n## {scoreboard.BOARDS['3']}\n\n| corpus | split |\n{board3}\n"
    if board4 is not None:
        doc += f"\n## {scoreboard.BOARDS['4']}\n\n{board4}\n"
    return doc + "\n## How each figure is counted\n\n| acled | dev | event date | 0.100 |\n"


ROW3 = "| acled | dev | event location: country | 0.500 | ≥ 0.90 | `cmd` |"
ROW4 = "| case2021 | test | weighted F1 | 0.250 | 0.839 [^case2021] | — | `cmd` |"


def test_accuracy_docs_problems_accepts_a_doc_that_reproduces() -> None:
    values = {"location_country": 0.5, "weighted_f1": 0.25}
    assert scoreboard.problems(_doc(ROW3, ROW4), TINY, lambda f: values[f.field]) == []


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        (_doc(ROW3, None), "board 4: no table"),
        (_doc(ROW3, ROW4.replace("weighted F1", "macro F1")), "no row for case2021 test"),
        (_doc(ROW3, ROW4.replace("0.250", "0.251")), "is 0.250, docs say 0.251"),
        (_doc(ROW3.replace("dev", "test"), ROW4), "no row for acled dev"),
    ],
)
def test_accuracy_docs_problems_catches_missing_and_stale_figures(doc: str, needle: str) -> None:
    values = {"location_country": 0.5, "weighted_f1": 0.25}
    found = scoreboard.problems(doc, TINY, lambda f: values[f.field])
    assert any(needle in p for p in found), found


def test_accuracy_docs_rows_outside_a_scoreboard_section_do_not_count() -> None:
    assert ("3", "acled", "dev", "event date") not in scoreboard.quoted(_doc(ROW3, ROW4))


def test_accuracy_docs_board_4_table_has_anchor_column_and_footnotes() -> None:
    text = scoreboard.table("4", value_of=lambda f: 0.5)
    assert text.startswith("| corpus | split | figure | repwatch | anchor | target | command |")
    assert "[^case2021]: " in text and "Haneczok" in text
    assert "| anchor |" not in scoreboard.table("3", value_of=lambda f: 0.5)


def test_accuracy_docs_every_figure_names_a_report_field() -> None:
    """A typo in a figure's field would otherwise show only on the slow full run."""
    bodies = {
        "plover": PloverReport("c", "dev").to_json(),
        "acled": AcledReport("c", "dev").to_json(),
        "case2021": Case2021Report("c", "dev").to_json(),
    }
    for f in scoreboard.FIGURES:
        if f.corpus in bodies:
            assert f.field in bodies[f.corpus], f
    labels = [scoreboard.key(f) for f in scoreboard.FIGURES]
    assert len(labels) == len(set(labels))


def test_accuracy_docs_prefetch_runs_each_evaluation_once_longest_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[str, str, str, str]] = []

    def fake(corpus: str, split: str, env: str, threads: str = "") -> dict[str, object]:
        calls.append((corpus, split, env, threads))
        return {"weighted_f1": len(calls)}

    monkeypatch.setattr(scoreboard, "_in_subprocess", fake)
    monkeypatch.setattr(scoreboard, "_REPORTS", {})
    figures = [*TINY, Figure("acled", "dev", "event_date", "event date", "—"),
               Figure("case2021", "test", "weighted_f1", "F1", "—", env="X=1")]  # fmt: skip
    scoreboard.prefetch(figures, jobs=1)
    # acled dev is asked for twice but run once; an ACLED run costs most, and a setting
    # (the MiniLM head) triples a CASE run
    assert [c[:3] for c in calls] == [("acled", "dev", ""), ("case2021", "test", "X=1"),
                                      ("case2021", "test", "")]  # fmt: skip
    assert {c[3] for c in calls} == {""}  # one job: threads left as they are
    assert scoreboard.report("case2021", "test", "X=1") == {"weighted_f1": 2}
    calls.clear()
    monkeypatch.setattr(scoreboard, "_REPORTS", {})
    scoreboard.prefetch(figures, jobs=2)
    assert len(calls) == 3 and {c[3] for c in calls} == {"1"}  # side by side: one thread


@pytest.fixture(scope="module")
def corpora() -> None:
    if not scoreboard.CORPORA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{scoreboard.CORPORA} missing under CI")
        pytest.skip(f"{scoreboard.CORPORA} not found: shared corpora are not beside this checkout")
    # every evaluation at once, side by side (one per CPU): the tests below then read them
    scoreboard.prefetch()


@pytest.mark.usefixtures("corpora")
def test_accuracy_docs_have_every_board_and_figure_row() -> None:
    found = scoreboard.problems(DOC.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)


@pytest.mark.usefixtures("corpora")
@pytest.mark.parametrize(
    "figure", scoreboard.FIGURES, ids=lambda f: f"b{f.board}-{f.corpus}-{f.split}-{f.field}"
)
def test_accuracy_docs_figure_reproduces(figure: Figure) -> None:
    quoted = scoreboard.quoted(DOC.read_text(encoding="utf-8")).get(scoreboard.key(figure))
    if quoted is None:  # test_accuracy_docs_have_every_board_and_figure_row fails for it
        pytest.skip(f"docs/accuracy.md has no row for {scoreboard.key(figure)}")
    assert scoreboard.fmt(figure, scoreboard.value(figure)) == quoted
