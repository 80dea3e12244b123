"""Other senses of protest words (`repwatch.nlp.senses`): markets, sport, "demonstrate
that", months, closures, religious fasting, what might happen; each beside the protest
it must not lose."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from repwatch.model import Extraction
from repwatch.nlp import senses
from repwatch.nlp.lexicon import load_cached


def _protests(result: Extraction) -> list[str]:
    return [e.trigger.text for e in result.events if e.type == "PROTEST" and not e.negated]


@pytest.mark.parametrize(
    "sentence",
    [
        "Bank shares rallied on Friday as the rand firmed against the dollar.",
        "Wall Street staged a late rally after the central bank held its rate.",
        "The survey demonstrates that most households now own a phone.",
        "The minister demonstrated his commitment to the reform.",
        "The Lions lost their Super Rugby clash against the Sharks in Durban.",
        "Pretoria won the match on a 90th-minute strike by their new signing.",
        "All roads around the stadium will be blocked during the ceremony.",
        "The senators are blocking the resolution on the budget.",
        "Ramadan is a month of prayer and fasting for millions.",
        "Higher food prices raise the risk of unrest in the cities.",
    ],
)
def test_senses_not_a_protest(extract_text: Callable[[str], Extraction], sentence: str) -> None:
    assert _protests(extract_text(sentence)) == []


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Teachers rallied outside the education ministry on Friday.", "rallied"),
        ("Students demonstrated outside parliament against the fees.", "demonstrated"),
        ("Football fans clashed with police after the match.", "clashed"),
        ("Protesters blocked the main road into the city.", "blocked"),
        ("The road was blocked with burning tyres after the protest.", "blocked"),
        ("Prisoners have been fasting for a week to protest their detention.", "fasting"),
        ("Thousands joined the march through the capital on Sunday.", "march"),
        ("Miners went on strike at two platinum mines.", "strike"),
    ],
)
def test_senses_protest_kept(
    extract_text: Callable[[str], Extraction], sentence: str, trigger: str
) -> None:
    assert trigger in _protests(extract_text(sentence))


def test_senses_armed_strikes_are_attacks(extract_text: Callable[[str], Extraction]) -> None:
    result = extract_text("Coalition forces conducted four strikes against militant camps.")
    strikes = [e for e in result.events if e.trigger.text == "strikes"]
    assert strikes and strikes[0].type == "ASSAULT"


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("The debate is on March 3.", True),
        ("They set 3 March for it.", True),
        ("The March through town was long.", False),
    ],
)
def test_senses_march_by_a_number_is_the_month(nlp: Language, text: str, month: bool) -> None:
    """The NER usually tags "March 3" a date; where it does not, the trigger is still
    the month (seen in GLOCON's news), which this checks on the rule itself."""
    march = next(t for t in nlp(text) if t.text == "March")
    demo = next(t for t in load_cached().candidates("march") if t.type == "PROTEST")
    assert senses.other_sense(march, demo) is month
