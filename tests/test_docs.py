"""Docs stay true to the code: settings are documented, and README figures reproduce."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from repwatch import settings
from repwatch.eval import plover

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GSR = ROOT.parent / "shared" / "corpora" / "plover_gsr" / "plover_gsr_flat.jsonl"


def test_docs_settings_page_is_generated_from_the_table() -> None:
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings.markdown()


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_docs_every_setting_documented(setting: settings.Setting) -> None:
    assert setting.help.strip()
    assert f"`{setting.name}`" in settings.markdown()


def test_docs_setting_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_BATCH_SIZE", "7")
    assert settings.get("batch_size") == 7


def _readme_row(label: str) -> list[float]:
    m = re.search(rf"^\| {re.escape(label)} \| ([^|]+) \| ([^|]+) \| ([^|]+) \|", README, re.M)
    assert m, f"README accuracy table has no row {label!r}"
    return [float(m.group(i)) for i in (1, 2, 3)]


@pytest.fixture(scope="module")
def reports(nlp: object) -> dict[str, plover.PloverReport]:
    if not GSR.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{GSR} missing under CI: the shared corpora must be beside the checkout")
        pytest.skip(f"{GSR} not found: shared corpora are not beside this checkout")
    return {split: plover.evaluate(GSR, split, nlp) for split in ("all", "dev", "test")}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "attr"),
    [
        ("type recall", "type_recall"),
        ("events per sentence", "events_per_sentence"),
        ("source country agreement", "source_country_agreement"),
        ("target country agreement", "target_country_agreement"),
    ],
)
def test_docs_readme_accuracy_figures_reproduce(
    reports: dict[str, plover.PloverReport], label: str, attr: str
) -> None:
    quoted = _readme_row(label)
    measured = [getattr(reports[s], attr) for s in ("all", "dev", "test")]
    assert [round(m, 3) for m in measured] == quoted


def test_docs_readme_sentence_counts(reports: dict[str, plover.PloverReport]) -> None:
    for split in ("all", "dev", "test"):
        assert f"{split} ({reports[split].sentences})" in README
