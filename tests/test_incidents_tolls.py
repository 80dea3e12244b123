"""Death tolls read from one sentence (repwatch.incidents.tolls)."""

from __future__ import annotations

import pytest

from repwatch.incidents.tolls import deaths, number


@pytest.mark.parametrize(
    ("sentence", "toll"),
    [
        ("Soldiers opened fire on the crowd, killing 5 protesters.", 5),
        ("Five people were killed when the market was shelled.", 5),
        ("The death toll rose to 12 on Sunday.", 12),
        ("The death toll rose from 5 to 12 overnight.", 12),
        ("Twenty-three civilians were killed in the raid.", 23),
        ("The blast left three dead.", 3),
        ("The clashes caused 14 fatalities.", 14),
        ("At least 1,200 people have been killed since the uprising began.", 1200),
        ("The attack killed at least 4 and injured 10.", 4),
        ("Gunmen killed two and wounded seven villagers.", 2),
    ],
)
def test_incidents_tolls_reads_stated_deaths(sentence: str, toll: int) -> None:
    assert deaths(sentence) == toll


@pytest.mark.parametrize(
    "sentence",
    [
        "Police arrested 5 people in 2020.",
        "Dozens were killed in the fighting.",
        "Seven people were wounded.",
        "A journalist was beaten on 5 May.",
        "He was killed.",
    ],
)
def test_incidents_tolls_ignores_sentences_without_a_number_of_dead(sentence: str) -> None:
    assert deaths(sentence) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), ("1,200", 1200), ("twelve", 12), ("twenty-three", 23),
     ("a hundred", 100), ("one hundred and five", 105), ("a dozen", 12), ("many", None)],
)  # fmt: skip
def test_incidents_tolls_number_reads_digits_and_words(text: str, value: int | None) -> None:
    assert number(text) == value
