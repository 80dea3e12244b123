"""Sources and targets of constructions the parse hides (issue #4, PLOVER GSR actor
countries): civilian role nouns, "the government of <province>", "is opposed to",
an infinitival relative's owner, an amount of aid, a participle that places the object."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Extraction


def _coded(result: Extraction, type_: str) -> tuple[str | None, str | None]:
    event = next(e for e in result.events if e.type == type_)
    return (
        event.source.country if event.source else None,
        event.target.country if event.target else None,
    )


@pytest.mark.parametrize(
    ("sentence", "type_", "source", "target"),
    [
        # "farmers" is a role, so "they" finds its plural antecedent
        ("Angry Spanish farmers said on Monday they would blockade Madrid.",
         "PROTEST", "ESP", "ESP"),
        # the province after "of" gives the government its country
        ("The government of Balochistan province ordered a curfew in Quetta.",
         "COERCE", "PAK", "PAK"),
        # "is opposed to" is a stance its subject holds, passive only in form
        ("Ghana is opposed to French mediation in the border talks, an aide said on Monday.",
         "REJECT", "GHA", "FRA"),
        # who gathers for a rally holds it
        ("Hundreds of Ghanaians gathered Friday for a rally in Accra to protest the tax.",
         "PROTEST", "GHA", None),
        # who holds the rally denounces, not the rally's place
        ("Hundreds of Peruvians travelled overnight for a rally outside La Paz to denounce "
         "the decree.", "ACCUSE", "PER", None),
        # the noun an infinitival relative describes is its subject's
        ("Britain became the first country to recognise Kosovo.", "SUPPORT", "GBR", "XKX"),
        # the amount carries the arguments of the aid it counts
        ("Sweden on Tuesday gave Malawi 3 million dollars of aid for schools.",
         "AID", "SWE", "MWI"),
    ],
)  # fmt: skip
def test_arguments_hidden_by_the_parse(
    extract_text: Callable[[str], Extraction],
    sentence: str,
    type_: str,
    source: str,
    target: str | None,
) -> None:
    got_source, got_target = _coded(extract_text(sentence), type_)
    assert got_source == source
    if target is not None:
        assert got_target == target


def test_arguments_a_participle_places_the_object(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("The mayor on Friday eased the curfew imposed in Somalia.")
    eased = [e for e in result.events if e.trigger.text == "eased"]
    assert eased and eased[0].target is not None and eased[0].target.country == "SOM"


def test_arguments_opposed_by_stays_passive(extract_text: Callable[[str], Extraction]) -> None:
    """The guard: "was opposed by X" keeps X the source and the subject the target."""
    source, target = _coded(extract_text("Chile was opposed by Peru at the summit."), "REJECT")
    assert (source, target) == ("PER", "CHL")
