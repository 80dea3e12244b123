"""Targets found beyond subject and object (issue #4): places, purpose clauses,
conditions, possessors of the object, recipients of light verbs, "between"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Extraction


def _pairs(result: Extraction) -> list[tuple[str, str | None]]:
    return [(e.type, e.target.code if e.target else None) for e in result.events]


@pytest.mark.parametrize(
    ("sentence", "type_", "target"),
    [
        # the place an event is done in is its target when no actor is
        ("Portugal imposed a curfew in the town of Braga.", "COERCE", "PRT"),
        # a purpose clause lends its target to the event it explains
        (
            "Exiled activists went on hunger strike to protest the arrest of Kenyan lawyers.",
            "PROTEST",
            "KENCVL",
        ),
        # the subject of an "unless" clause is the party threatened
        (
            "Iran threatened to cut oil exports unless France released the diplomats.",
            "THREATEN",
            "FRA",
        ),
        # the possessor of the object
        ("Ireland denounced Russia's crackdown.", "ACCUSE", "RUS"),
        # the recipient of the verb whose object is the trigger
        ("Japan will give Nepal a loan.", "AGREE", "NPL"),
        ("Egyptian diplomats began a mediation effort between Mali and Niger.", "CONSULT", "MLI"),
    ],
)
def test_arguments_target_found(
    extract_text: Callable[[str], Extraction], sentence: str, type_: str, target: str
) -> None:
    assert (type_, target) in _pairs(extract_text(sentence))


def test_arguments_hunger_strike_source_is_who_went_on_it(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("Uzbek prisoners went on hunger strike.")
    strike = next(e for e in result.events if e.type == "PROTEST")
    assert strike.source is not None and strike.source.country == "UZB"


@pytest.mark.parametrize(
    "sentence",
    [
        "Chinese and Dutch diplomats met in Geneva.",  # a meeting is not done to its place
        "Two journalists were arrested in Minsk.",  # the arrest's place names its agent
    ],
)
def test_arguments_place_not_a_target(
    extract_text: Callable[[str], Extraction], sentence: str
) -> None:
    assert all(e.target is None or e.target.country not in ("CHE", "BLR")
               for e in extract_text(sentence).events)  # fmt: skip


def test_arguments_arrest_place_still_names_implicit_agent(
    extract_text: Callable[[str], Extraction],
) -> None:
    arrest = extract_text("Two journalists were arrested in Minsk.").events[0]
    assert arrest.source is not None and arrest.source.code == "BLRCOP"
