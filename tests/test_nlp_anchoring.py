"""Anchoring: each event's location and date, with the rule that chose them."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from repwatch.model import Article, Event
from repwatch.nlp import pipeline

PUBLISHED = dt.date(2026, 3, 25)


def _events(nlp: Language, text: str, published: dt.date | None = PUBLISHED) -> list[Event]:
    article = Article(id="a", text=text, published=published)
    return next(pipeline.extract([article], nlp)).events


def _one(nlp: Language, text: str, type_: str, published: dt.date | None = PUBLISHED) -> Event:
    found = [e for e in _events(nlp, text, published) if e.type == type_]
    assert found, f"no {type_} event"
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "basis"),
    [
        ("Kenyan police arrested two activists in Mombasa on Monday.", "Mombasa", "syntax"),
        # the object's own place, not the most precise place of the sentence
        ("Militants killed twenty villagers in Nigeria while Abuja officials watched.",
         "Nigeria", "syntax"),
        ("Three dissidents settled in Turkey, where they were attacked by agents.",
         "Turkey", "where"),
        ("Police arrested two activists, the Nairobi daily reported.", "Nairobi", "sentence"),
        ("Protesters gathered in Minsk on Sunday. Police arrested forty of them.", "Minsk",
         "context"),
        ("VILNIUS, March 4 (Wire) - Police arrested two men on Monday.", "Vilnius", "dateline"),
    ],
)  # fmt: skip
def test_anchoring_location_rules(nlp: Language, text: str, name: str, basis: str) -> None:
    event = _one(nlp, text, "COERCE" if "arrest" in text else "ASSAULT")
    assert event.location is not None
    assert (event.location.name, event.location.basis) == (name, basis)


def test_anchoring_object_place_is_for_physical_acts_only(nlp: Language) -> None:
    # a threat is not made where its object is; an arrest is
    text = "Officials in Minsk threatened the exiled opposition in Vilnius with prosecution."
    threat = _one(nlp, text, "THREATEN")
    assert threat.location is not None and threat.location.name == "Minsk"
    arrest = _one(nlp, "Police arrested the exiled opposition leader in Vilnius.", "COERCE")
    assert arrest.location is not None and arrest.location.name == "Vilnius"


def test_anchoring_a_country_people_come_from_is_not_where_it_happened(nlp: Language) -> None:
    # exiles attacked abroad: their country of origin is not the event's place
    for text in ("Two activists from Belarus were attacked on Monday.",
                 "A journalist who fled Iran was stabbed on Tuesday."):  # fmt: skip
        location = _one(nlp, text, "ASSAULT").location
        assert location is None or location.text is None, text
    # people from a town are mostly at home there
    location = _one(nlp, "Students from Mombasa were attacked on Monday.", "ASSAULT").location
    assert location is not None and location.name == "Mombasa"


def test_anchoring_the_actors_country_is_not_one_they_come_from(nlp: Language) -> None:
    # rule 6 neither: "from Belarus" is where the activists are not
    assert _one(nlp, "Two activists from Belarus were attacked.", "ASSAULT").location is None
    # the guard: a demonym still places the event at country precision
    location = _one(nlp, "Belarusian activists were arrested on Sunday.", "COERCE").location
    assert location is not None
    assert (location.country, location.basis) == ("BLR", "actor")


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        # a village the gazetteer lacks, in a country or division that it knows
        ("Two soldiers were killed near Batrah in Iraq's Nineveh province on Thursday.",
         "Batrah", "IRQ", None),
        ("Gunmen attacked the village of Damase in Garissa county.", "Damase", "KEN",
         "Garissa"),
    ],
)  # fmt: skip
def test_anchoring_names_a_place_the_gazetteer_lacks(
    nlp: Language, text: str, name: str, country: str, admin1: str | None
) -> None:
    location = _one(nlp, text, "ASSAULT").location
    assert location is not None
    assert (location.name, location.precision, location.basis) == (name, "unresolved", "syntax")
    assert (location.country, location.admin1, location.lat, location.lon) == (
        country, admin1, None, None,
    )  # fmt: skip
    assert location.text == name and location.start is not None


def test_anchoring_an_unknown_name_in_the_sentence_when_nothing_else_is(
    nlp: Language,
) -> None:
    location = _one(nlp, "A crowd in Junqan held a protest on Monday.", "PROTEST").location
    assert location is not None
    assert (location.name, location.precision, location.basis) == (
        "Junqan", "unresolved", "sentence",
    )  # fmt: skip
    # a name people come from is not where they were attacked
    attacked = _one(nlp, "Two activists from Junqan were attacked on Monday.", "ASSAULT")
    assert attacked.location is None


def test_anchoring_an_unknown_name_placed_by_the_actors_says_so(nlp: Language) -> None:
    # the village is the text's; its country is only the raiders', so the basis says
    # "actor", which the TNR layer never takes a host state from
    location = _one(nlp, "Ethiopian cattle raiders attacked Turbi.", "ASSAULT").location
    assert location is not None
    assert (location.name, location.precision) == ("Turbi", "unresolved")
    assert (location.country, location.basis) == ("ETH", "actor")


def test_anchoring_a_known_town_beats_an_unknown_name(nlp: Language) -> None:
    # the square is not in the gazetteer; the city around it is, with coordinates
    location = _one(nlp, "Protesters rallied in Habima Square in Tel Aviv on Saturday.",
                    "PROTEST").location  # fmt: skip
    assert location is not None and (location.name, location.precision) == ("Tel Aviv", "city")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Officials in Baghdad said gunmen attacked Mosul on Monday.", "Mosul"),
        ("Officials in Kyiv said Russian forces shelled the city of Odessa.", "Odessa"),
        ("Mosul was captured by militants in June, officials in Baghdad said.", "Mosul"),
    ],
)
def test_anchoring_a_place_struck_is_where_it_happened(nlp: Language, text: str, name: str) -> None:
    event = [e for e in _events(nlp, text) if e.type in ("ASSAULT", "COERCE")][0]
    assert event.location is not None
    assert (event.location.name, event.location.basis) == (name, "syntax")
    # a country the object only mentions is not the object's place
    fired = _one(nlp, "Soldiers fired on the positions of the forces of Azerbaijan near Tartar.",
                 "ASSAULT")  # fmt: skip
    assert fired.location is not None and fired.location.name == "Tartar"


def test_anchoring_paragraph_break_stops_context(nlp: Language) -> None:
    event = _one(nlp, "Protesters gathered in Minsk.\n\nPolice arrested forty people.", "COERCE")
    assert event.location is None or event.location.name != "Minsk"


def test_anchoring_actor_country_has_no_coordinates(nlp: Language) -> None:
    event = _one(nlp, "Belarusian police arrested two bloggers.", "COERCE")
    location = event.location
    assert location is not None and location.basis == "actor"
    assert (location.country, location.precision, location.lat, location.text) == (
        "BLR", "country", None, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "first", "basis"),
    [
        ("Police arrested two activists on Monday.", "2026-03-23", "relative"),
        ("Police arrested two activists on 3 May 2019.", "2019-05-03", "explicit"),
        ("Police arrested two activists.", "2026-03-25", "published"),
        ("On 9 May 2020, police raided an office. They arrested two activists.",
         "2020-05-09", "explicit"),
    ],
)  # fmt: skip
def test_anchoring_dates(nlp: Language, text: str, first: str, basis: str) -> None:
    events = [e for e in _events(nlp, text) if e.type == "COERCE"]
    date = events[-1].date
    assert date is not None and (date.first.isoformat(), date.basis) == (first, basis)


def test_anchoring_no_date_without_publication(nlp: Language) -> None:
    event = _one(nlp, "Police arrested two activists.", "COERCE", published=None)
    assert event.date is None
