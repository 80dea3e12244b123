"""Arguments found in nominal and loosely parsed constructions (issue #4): agents of
nominal triggers, complements of object nouns, withdrawals, "under arrest", stances,
addressees of deontic clauses, coordinated nationalities, and countries from the
sentence for parties, clergy and gangs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Event, Extraction


def _event(result: Extraction, type_: str) -> Event:
    return next(e for e in result.events if e.type == type_)


def _codes(event: Event) -> tuple[str | None, str | None]:
    return (
        event.source.country if event.source else None,
        event.target.country if event.target else None,
    )


@pytest.mark.parametrize(
    ("sentence", "type_", "source", "target"),
    [
        # "by" hung on the victim rather than on the nominal trigger
        ("The arrest of two Ugandan journalists by Kenyan police drew criticism.",
         "COERCE", "KEN", "UGA"),
        # the agent of a participle modifying the trigger
        ("Attacks carried out by Malian soldiers on Burkinabe herders were documented.",
         "ASSAULT", "MLI", "BFA"),
        # complements of the object noun
        ("Morocco severed diplomatic relations with Iran.", "SANCTION", "MAR", "IRN"),
        ("Egypt hosted talks among Sudan's warring factions.", "CONSULT", "EGY", "SDN"),
        ("The French foreign ministry expressed concern over the crackdown in Tunisia.",
         "ACCUSE", "FRA", "TUN"),
        # "called for X against Y"
        ("The Kenyan bishop called for sanctions against Zimbabwe.", "REQUEST", "KEN", "ZWE"),
        # a withdrawal targets what is left, not the troops withdrawn
        ("Ethiopia withdrew its troops from Somalia.", "RETREAT", "ETH", "SOM"),
        # a mobilisation targets the enemy, not the source's own reservists
        ("Greece mobilised army reservists for a war against Turkey.", "MOBILIZE", "GRC", "TUR"),
        ("India deployed troops to the border with Pakistan.", "MOBILIZE", "IND", "PAK"),
        # a complaint "to" someone "over" something: the grievance is the target
        ("Chile complained to the United Nations over two Argentine air strikes.",
         "ACCUSE", "CHL", "ARG"),
        # "in defiance of X"
        ("Thousands of people blocked streets in Lagos in defiance of Ghanaian officials.",
         "PROTEST", None, "GHA"),
        # "up to N" hung off a particle
        ("Rebels kidnapped up to 12 Chinese engineers.", "ASSAULT", None, "CHN"),
        # "a reminder to Iraq that it must ...": the addressee is the pronoun's antecedent
        ("The Swedish premier issued a warning to Libya that it must cooperate with UN "
         "inspectors.", "REQUEST", "SWE", "LBY"),
        # coordinated nationalities on one head: each the other's counterpart
        ("Armenian and Azerbaijani forces clashed along the border.", "ASSAULT", "ARM", "AZE"),
        # "talks between X and Y" as a subject
        ("Talks between Eritrea and Djibouti broke down on Sunday.", "CONSULT", "ERI", "DJI"),
        # a demonym before a body the dictionary places elsewhere
        ("The Pakistani Foreign Office rejected India's allegations.", "REJECT", "PAK", "IND"),
        # a city as the object of an attack
        ("Russian forces shelled Kharkiv on Monday.", "ASSAULT", "RUS", "UKR"),
        # ... and a town the NER calls an organisation, in a headline and in prose
        ("Rebels attack Goma.", "ASSAULT", None, "COD"),
        ("Russian troops shell Kharkiv", "ASSAULT", "RUS", "UKR"),
    ],
)  # fmt: skip
def test_arguments_nominal_constructions(
    extract_text: Callable[[str], Extraction],
    sentence: str,
    type_: str,
    source: str | None,
    target: str,
) -> None:
    got_source, got_target = _codes(_event(extract_text(sentence), type_))
    assert got_target == target
    if source is not None:
        assert got_source == source


def test_arguments_put_under_investigation_targets_the_suspect(
    extract_text: Callable[[str], Extraction],
) -> None:
    event = _event(
        extract_text("A Dutch citizen has been placed under investigation in Spain."), "ACCUSE"
    )
    assert _codes(event) == ("ESP", "NLD")
    assert event.source is not None and event.source.code == "ESPCOP"


def test_arguments_dangling_preposition_takes_the_following_phrase(
    extract_text: Callable[[str], Extraction],
) -> None:
    event = _event(
        extract_text("Chile has granted asylum to four Bolivian army officers holed up in "
                     "its embassy since March."), "AID"
    )  # fmt: skip
    assert _codes(event)[1] == "BOL"


def test_arguments_country_named_in_sentence_for_parties(
    extract_text: Callable[[str], Extraction],
) -> None:
    event = _event(
        extract_text("The nationalist party said it will boycott Kenya's elections unless the "
                     "president resigns."), "THREATEN"
    )  # fmt: skip
    assert event.source is not None and event.source.country == "KEN"


def test_arguments_soldiers_say_nothing_of_whose_militants(
    extract_text: Callable[[str], Extraction],
) -> None:
    event = _event(extract_text("American troops killed three militants."), "ASSAULT")
    assert event.target is None or event.target.country != "USA"


def test_arguments_committing_crimes_is_no_agreement(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("Militias committed atrocities against Dinka villagers.")
    assert "AGREE" not in [e.type for e in result.events]
    assert _event(result, "ASSAULT").target is not None


def test_arguments_place_locating_object_yields_to_a_party(
    extract_text: Callable[[str], Extraction],
) -> None:
    # a place in the object phrase is still the target when nothing else is
    event = _event(extract_text("The council agreed to open a trade office in Nairobi."), "AGREE")
    assert _codes(event)[1] == "KEN"
