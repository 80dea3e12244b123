"""Event coding: hand-built sentences for each construction the coder must handle."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repwatch.model import Event, Extraction


def _find(result: Extraction, type_: str) -> Event:
    for e in result.events:
        if e.type == type_:
            return e
    raise AssertionError(f"no {type_} event in {[(e.type, e.trigger.text) for e in result.events]}")


def _code(actor) -> str | None:  # type: ignore[no-untyped-def]
    return actor.code if actor else None


@pytest.mark.parametrize(
    ("sentence", "type_", "mode", "source", "target"),
    [
        # active voice, verb trigger
        (
            "Kenyan police arrested two Ugandan activists in Nairobi.",
            "COERCE",
            "arrest",
            "KENCOP",
            "UGAOPP",
        ),
        # passive voice with a by-agent
        (
            "Two exiled journalists were attacked by the regime's agents in Istanbul.",
            "ASSAULT",
            None,
            None,
            "MED",
        ),
        # nominalisation: "the arrest of"
        (
            "Lithuanian police announced the arrest of three Belarusian operatives.",
            "COERCE",
            "arrest",
            "LTUCOP",
            "BLRSPY",
        ),
        # nominalisation: "attacks on"
        (
            "Iran's agents carried out attacks on Iranian dissidents in Europe.",
            "ASSAULT",
            None,
            "IRNSPY",
            "IRNOPP",
        ),
        ("Minsk threatened Vilnius with retaliation.", "THREATEN", None, "BLRGOV", "LTUGOV"),
        ("The Rwandan government denied the allegations.", "REJECT", None, "RWAGOV", None),
        (
            "Chinese diplomats met Dutch officials in The Hague.",
            "CONSULT",
            None,
            "CHNGOV",
            "NLDGOV",
        ),
        (
            "Uyghur activists protested outside the Chinese embassy on Sunday.",
            "PROTEST",
            "demo",
            None,
            None,
        ),
        ("Turkey deported a Tajik dissident to Dushanbe.", "COERCE", "deport", "TUR", "TJKOPP"),
        ("Saudi agents abducted the blogger in Beirut.", "ASSAULT", "abduct", "SAUSPY", "MED"),
    ],
)
def test_events_constructions(
    extract_text: Callable[[str], Extraction],
    sentence: str,
    type_: str,
    mode: str | None,
    source: str | None,
    target: str | None,
) -> None:
    event = _find(extract_text(sentence), type_)
    assert event.mode == mode
    if source is not None:
        assert _code(event.source) == source
    if target is not None:
        assert event.target is not None and event.target.code is not None
        assert (
            event.target.code.endswith(target) if len(target) == 3 else event.target.code == target
        )
    assert sentence[event.trigger.start : event.trigger.end] == event.trigger.text


def test_events_passive_by_agent_gives_source(extract_text: Callable[[str], Extraction]) -> None:
    event = _find(
        extract_text("Belarusian exiles were attacked by the Belarusian regime."), "ASSAULT"
    )
    assert _code(event.source) == "BLRGOV"
    assert _code(event.target) == "BLROPP"


def test_events_relative_where_clause(extract_text: Callable[[str], Extraction]) -> None:
    text = (
        "Three Iranian dissidents settled in Turkey, where they were assaulted by "
        "the Iranian regime's agents."
    )
    event = _find(extract_text(text), "ASSAULT")
    assert _code(event.source) == "IRNSPY"
    assert _code(event.target) == "IRNOPP"


def test_events_relative_who_clause(extract_text: Callable[[str], Extraction]) -> None:
    event = _find(
        extract_text("Police freed two Eritrean refugees who had been abducted by smugglers."),
        "ASSAULT",
    )
    assert event.target is not None and event.target.code == "ERIREF"


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Police did not arrest the protesters.", True),
        ("Police never arrested the protesters.", True),
        ("Police arrested the protesters.", False),
        ("No arrests were made.", True),
    ],
)
def test_events_negation(
    extract_text: Callable[[str], Extraction], sentence: str, negated: bool
) -> None:
    assert _find(extract_text(sentence), "COERCE").negated is negated


def test_events_several_per_sentence(extract_text: Callable[[str], Extraction]) -> None:
    result = extract_text("Russian police arrested the journalist and beat his lawyer.")
    types = sorted(e.type for e in result.events)
    assert types == ["ASSAULT", "COERCE"]
    beat = _find(result, "ASSAULT")
    assert _code(beat.source) == "RUSCOP"  # inherited through coordination


def test_events_irrealis_embedded_event_not_coded(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("Tehran threatened to arrest the exiles' relatives.")
    assert [e.type for e in result.events] == ["THREATEN"]


def test_events_intent_to_cooperate_is_agree(extract_text: Callable[[str], Extraction]) -> None:
    result = extract_text("Germany will provide aid to Sudanese refugees.")
    assert [e.type for e in result.events] == ["AGREE"]


def test_events_implicit_arrest_agent_is_local_police(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = (
        "On Tuesday, Dutch newspapers reported the detention of three Belarusian operatives, "
        "who were suspected of spying on exiled journalists in the country."
    )
    event = _find(extract_text(text), "COERCE")
    assert event.mode == "arrest"
    assert _code(event.source) == "NLDCOP" and event.source_basis == "implicit"
    assert _code(event.target) == "BLRSPY"


def test_events_implicit_agent_from_in_place(extract_text: Callable[[str], Extraction]) -> None:
    event = _find(extract_text("Two Chinese agents were arrested in Germany last week."), "COERCE")
    assert _code(event.source) == "DEUCOP"
    assert _code(event.target) == "CHNSPY"


def test_events_reciprocal_only_for_symmetric_types(
    extract_text: Callable[[str], Extraction],
) -> None:
    met = _find(extract_text("Iran and Turkey met in Ankara on Monday."), "CONSULT")
    assert _code(met.source) == "IRN" and _code(met.target) == "TUR"
    condemned = _find(
        extract_text("Amnesty International and Human Rights Watch condemned the verdict."),
        "ACCUSE",
    )
    assert condemned.target is None  # co-signers are not each other's target


def test_events_object_of_another_event_has_no_borrowed_agent(
    extract_text: Callable[[str], Extraction],
) -> None:
    protest = _find(extract_text("Kenyan police monitored the protest in Nairobi."), "PROTEST")
    assert protest.source is None


def test_events_dateline_not_used_when_sentence_names_another_country(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = "WASHINGTON, May 2 (Wire) - Two Saudi activists were sentenced to 20 years."
    event = _find(extract_text(text), "COERCE")
    assert event.source is None
    here = "WASHINGTON, May 2 (Wire) - Two Saudi activists were detained on Friday."
    event = _find(extract_text(here.replace("Saudi ", "")), "COERCE")
    assert _code(event.source) == "USACOP" and event.source_basis == "implicit"


def test_events_passive_future_harm_is_not_a_threat(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("His lawyer fears that he would be tortured in custody.")
    assert "THREATEN" not in [e.type for e in result.events]


@pytest.mark.parametrize(
    ("sentence", "types"),
    [
        ("Germany welcomed the agreement.", ["SUPPORT"]),  # a bare topic, not a second event
        ("Amnesty condemned the arrest of two journalists.", ["ACCUSE", "COERCE"]),
        ("Kenyan police dispersed the protest.", ["COERCE", "PROTEST"]),
    ],
)
def test_events_topic_nouns(
    extract_text: Callable[[str], Extraction], sentence: str, types: list[str]
) -> None:
    assert sorted(e.type for e in extract_text(sentence).events) == sorted(types)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BRUSSELS, May 2 (Wire) - Two men were detained on Friday.", "BELCOP"),
        ("ISTANBUL, May 2 (Wire) - Police detained two activists on Friday.", "TURCOP"),
    ],
)
def test_events_dateline_city_from_the_gazetteer(
    extract_text: Callable[[str], Extraction], text: str, code: str
) -> None:
    assert _code(_find(extract_text(text), "COERCE").source) == code
