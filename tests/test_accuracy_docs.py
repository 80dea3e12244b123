"""docs/accuracy.md quotes only figures that `repwatch eval` reproduces on the visible
corpora (../shared/corpora).  This runs every evaluation once, so it is the slowest
test file (minutes, not seconds)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from repwatch.eval import scoreboard

DOC = Path(__file__).resolve().parent.parent / "docs" / "accuracy.md"


def _quoted() -> dict[tuple[str, str, str], str]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (\w+) \| (\w+) \| ([^|]+?) \| ([0-9.]+) \|", line)
        if m:
            rows[(m.group(1), m.group(2), m.group(3))] = m.group(4)
    return rows


@pytest.fixture(scope="module", autouse=True)
def corpora() -> None:
    if not scoreboard.CORPORA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{scoreboard.CORPORA} missing under CI")
        pytest.skip(f"{scoreboard.CORPORA} not found: shared corpora are not beside this checkout")


def test_accuracy_docs_quote_every_figure() -> None:
    quoted = _quoted()
    missing = [(f.corpus, f.split, f.label) for f in scoreboard.FIGURES
               if (f.corpus, f.split, f.label) not in quoted]  # fmt: skip
    assert not missing


@pytest.mark.parametrize(
    "figure", scoreboard.FIGURES, ids=lambda f: f"{f.corpus}-{f.split}-{f.field}"
)
def test_accuracy_docs_figure_reproduces(figure: scoreboard.Figure) -> None:
    quoted = _quoted()[(figure.corpus, figure.split, figure.label)]
    assert scoreboard.fmt(figure, scoreboard.value(figure)) == quoted
