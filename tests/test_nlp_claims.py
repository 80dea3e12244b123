"""Claims: certainty and attribution of each event, on hand-built sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Event, Extraction


def _event(result: Extraction, trigger: str) -> Event:
    for e in result.events:
        if e.trigger.text == trigger:
            return e
    raise AssertionError(f"no event at {trigger!r}: {[e.trigger.text for e in result.events]}")


@pytest.mark.parametrize(
    ("sentence", "trigger", "certainty", "cue"),
    [
        ("Kenyan police arrested two activists on Monday.", "arrested", "asserted", None),
        ("Kenyan police arrested two activists, aides said.", "arrested", "reported", "said"),
        ("Aides said that Kenyan police arrested two activists.", "arrested", "reported", "said"),
        ("According to the ministry, Kenyan police arrested two activists.", "arrested", "reported",
         "According to"),
        ("Agents allegedly attacked two exiles in Istanbul.", "attacked", "alleged", "allegedly"),
        ("Two men were detained on suspicion of planning attacks on exiles.", "attacks",
         "hypothetical", "planning"),
        ("The men were accused of attacking two exiles.", "attacking", "alleged", "accused"),
        ("Iranian agents could attack dissidents abroad.", "attack", "hypothetical", "could"),
        ("Minsk plans to expel two Lithuanian diplomats.", "expel", "hypothetical", "plans"),
    ],
)  # fmt: skip
def test_claims_certainty(
    extract_text: Callable[[str], Extraction],
    sentence: str,
    trigger: str,
    certainty: str,
    cue: str | None,
) -> None:
    claim = _event(extract_text(sentence), trigger).claim
    assert claim is not None
    assert claim.certainty == certainty
    assert (claim.cue.text if claim.cue else None) == cue


def test_claims_reported_by_source_reaches_relative_clause(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = ("On Tuesday, Dutch newspapers reported the detention of three Belarusian operatives, "
            "who were suspected of spying on exiled journalists in the country.")  # fmt: skip
    result = extract_text(text)
    detention = _event(result, "detention").claim
    spying = _event(result, "spying").claim
    assert detention is not None and spying is not None
    assert detention.certainty == "reported"
    assert detention.asserted_by is not None and detention.asserted_by.text == "Dutch newspapers"
    assert spying.certainty == "alleged"
    assert spying.asserted_by is not None and spying.asserted_by.text == "Dutch newspapers"


def test_claims_negation_is_not_a_certainty(extract_text: Callable[[str], Extraction]) -> None:
    event = _event(extract_text("Police did not arrest the protesters."), "arrest")
    assert event.negated and event.claim is not None and event.claim.certainty == "asserted"
