"""Actor countries: former states, regions, peoples, owned governments, datelines."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Actor, Extraction
from repwatch.nlp import dictionary
from repwatch.nlp.actors import place_country


def _actor(result: Extraction, text: str) -> Actor:
    for a in result.actors:
        if text in a.text:
            return a
    raise AssertionError(
        f"no actor mention containing {text!r} in {[a.text for a in result.actors]}"
    )


@pytest.mark.parametrize(
    ("sentence", "mention", "country"),
    [
        ("Kampuchean guerrillas shelled the camp.", "guerrillas", "KHM"),
        ("Soviet troops withdrew from the town.", "troops", "RUS"),
        ("Zairean soldiers crossed the river.", "soldiers", "COD"),
        ("Yugoslav diplomats left the talks.", "diplomats", "SRB"),
        ("Czechoslovak officials signed the accord.", "officials", "CZE"),
        ("Rhodesian troops raided the camps.", "troops", "ZWE"),
        ("Burmese police detained the students.", "police", "MMR"),
        ("East German border guards fired on the car.", "guards", "DEU"),
    ],
)
def test_actors_former_states_take_the_successor_country(
    extract_text: Callable[[str], Extraction], sentence: str, mention: str, country: str
) -> None:
    assert _actor(extract_text(sentence), mention).country == country


def test_actors_demonym_merges_with_the_role_that_climbed_past_it(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("Vietnamese forces fired on Kampuchean guerrilla camps near the border.")
    camps = _actor(result, "camps")
    assert camps.text == "Kampuchean guerrilla camps"
    assert camps.code == "KHMREB"
    assert not any(a.text == "Kampuchean" for a in result.actors)


def test_actors_leader_surname_owns_the_government(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "On Friday the Bush administration warned Japan to open its rice market."
    assert _actor(extract_text(text), "administration").code == "USAGOV"


def test_actors_unknown_owner_of_a_government_takes_no_context_country(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "On Friday the Petraitis government warned China to cut its tariffs."
    government = _actor(extract_text(text), "government")
    assert government.country is None and government.sector == "GOV"
    plain = _actor(extract_text("The government said China must drop its tariffs."), "government")
    assert plain.country == "CHN"  # without an owner, context still applies


def test_dictionary_surname_country_needs_one_country() -> None:
    d = dictionary.load()
    assert d.surname_country("Bush") == "USA"  # two presidents, one country
    assert d.surname_country("Zzyzx") is None


@pytest.mark.parametrize(
    ("sentence", "mention", "code"),
    [
        (
            "The Sudanese government accused Darfur rebels of violating the truce.",
            "Darfur",
            "SDNREB",
        ),
        ("Chechen separatists seized a hospital.", "separatists", "RUSREB"),
        ("Tibetan monks marched through the town.", "monks", "CHNREL"),
    ],
)
def test_actors_region_modifier_gives_its_country(
    extract_text: Callable[[str], Extraction], sentence: str, mention: str, code: str
) -> None:
    assert _actor(extract_text(sentence), mention).code == code


def test_actors_people_spanning_states_take_the_one_named_nearby(
    extract_text: Callable[[str], Extraction],
) -> None:
    alone = _actor(extract_text("Kurdish fighters captured the town."), "Kurdish")
    assert alone.country is None and alone.sector == "REB"
    beside = extract_text("Kurdish fighters clashed with Turkish troops near the border.")
    assert _actor(beside, "Kurdish").country == "TUR"
    elsewhere = extract_text("Kurdish fighters clashed with Mexican troops near the border.")
    assert _actor(elsewhere, "Kurdish").country is None  # Mexico is not a Kurdish state


def test_actors_ethnic_demonym_takes_the_country_of_residence(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "Ethnic Albanians vowed to take villages near Macedonia's border."
    assert _actor(extract_text(text), "Albanians").country == "MKD"
    assert _actor(extract_text("Albanian soldiers took the villages."), "soldiers").country == "ALB"


def test_actors_organisation_without_country_wins_over_its_members_role(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("European Community foreign ministers condemned Serbian forces.")
    ministers = _actor(result, "ministers")
    assert ministers.code is not None and ministers.code.startswith("IGO")


def test_actors_dateline_yields_to_a_small_town_abroad(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "VIENNA, May 3 (Wire) - Three soldiers were killed near Timbuktu on Sunday."
    assert _actor(extract_text(text), "soldiers").country == "MLI"
    home = "VIENNA, May 3 (Wire) - Three soldiers were killed on Sunday."
    assert _actor(extract_text(home), "soldiers").country == "AUT"


def test_actors_civilians_take_the_country_they_are_in(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "On Sunday residents marched through a market in Hong Kong."
    assert _actor(extract_text(text), "residents").country == "HKG"
    bare = "On Sunday residents marched through a market."
    assert _actor(extract_text(bare), "residents").country is None


def test_actors_bomb_as_subject_has_no_source_but_the_target_resolves(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("A roadside bombing near Samarra killed one U.S. soldier on Sunday.")
    killing = next(e for e in result.events if e.type == "ASSAULT")
    assert killing.source is None
    assert killing.target is not None and killing.target.country == "USA"


def test_actors_military_title_before_an_unknown_name_is_a_state_role(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "Lt. Gen. Prosper Avril resigned to allow Haiti's first free elections."
    general = _actor(extract_text(text), "Avril")
    assert (general.country, general.sector) == ("HTI", "MIL")


@pytest.mark.parametrize(
    ("name", "ent_type", "country"),
    [
        ("Darfur", "GPE", "SDN"),  # a named region
        ("Timbuktu", "GPE", "MLI"),  # a town whose namesakes are all in one country
        ("Kashmir", "GPE", None),  # a region across borders
        ("Punjab", "GPE", None),  # provinces of two countries
        ("Obama", "PERSON", None),  # a town in Japan, but spaCy says a person
    ],
)
def test_actors_place_country_only_when_clear(
    name: str, ent_type: str, country: str | None
) -> None:
    assert place_country(name, ent_type) == country
