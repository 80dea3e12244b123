from __future__ import annotations

import pytest
from spacy.language import Language

from repwatch.nlp import gazetteer, pipeline
from repwatch.nlp.places import PlaceSpan, find_places


@pytest.fixture(scope="module")
def places_nlp() -> Language:
    nlp = pipeline.load.__wrapped__(extra_dictionaries=())  # a private copy: we add a pipe
    if "repwatch_places" not in nlp.pipe_names:
        nlp.add_pipe("repwatch_places")
    return nlp


def places(nlp: Language, text: str) -> list[PlaceSpan]:
    return list(nlp(text)._.places)


@pytest.mark.parametrize(
    ("text", "mention", "country", "precision"),
    [
        ("Police in Rotterdam arrested two Dutch activists on Monday.", "Rotterdam", "NLD", "city"),
        ("VILNIUS, March 4 (Wire) - Lithuanian police detained a man.", "VILNIUS", "LTU", "city"),
        ("Officials in Tbilisi said Russian troops stay in Georgia.", "Georgia", "GEO", "country"),
        ("The governor of Georgia said Atlanta police made arrests.", "Georgia", "USA", "admin1"),
        ("Tensions are rising across the Middle East.", "Middle East", None, "region"),
        ("She was born in Paris, Texas, and lives in Dallas.", "Paris", "USA", "city"),
        ("He moved to Kansas City, Mo., last year.", "Mo.", "USA", "admin1"),
        ("Citizens protested in Nis, Serbia, on Friday.", "Nis", "SRB", "city"),
        (
            "Youths clashed with police in San Antonio (Valparaiso) on Friday.",
            "San Antonio",
            "CHL",
            "city",
        ),
        ("The family left London, Ontario, for Toronto.", "London", "CAN", "city"),
        ("The baby was born in Winnipeg, Man. before dawn.", "Man.", "CAN", "admin1"),
        # the object of a verb of armed attack, which the NER calls an ORG
        ("Rebels attack Goma.", "Goma", "COD", "city"),
        # a later name of a bracketed list of places, which the NER calls a PERSON
        (
            "Rival supporters clashed in Bholahat upazila (Chapai Nababganj, Rajshahi) on Monday.",
            "Rajshahi",
            "BGD",
            "city",
        ),
    ],
)
def test_nlp_places_resolves_in_context(
    places_nlp: Language, text: str, mention: str, country: str | None, precision: str
) -> None:
    found = {p.span.text: p for p in places(places_nlp, text)}
    assert mention in found
    assert (found[mention].country, found[mention].precision) == (country, precision)


@pytest.mark.parametrize(
    "text",
    [
        "Three Belarusian operatives followed the journalist.",
        "Police in Zorblatville arrested two men on Monday.",
        # an arrest is not an armed attack: the person keeps the name
        "Police arrested Jackson.",
        # people listed in brackets stay people, unless the gazetteer knows the name
        "He met Smith (Jones, Brown) on Monday.",
    ],
)
def test_nlp_places_finds_no_place(places_nlp: Language, text: str) -> None:
    assert places(places_nlp, text) == []


def test_nlp_places_keeps_unknown_names_apart(places_nlp: Language) -> None:
    # a village the gazetteer lacks is no place, but it is kept, unresolved, for the
    # anchoring stage; a known town beside it is not among the unresolved
    doc = places_nlp("Two soldiers were killed near Batrah in Iraq on Thursday.")
    assert [p.span.text for p in doc._.places] == ["Iraq"]
    assert [u.name for u in doc._.unresolved_places] == ["Batrah"]


def test_nlp_places_a_town_put_where_the_gazetteer_has_none_is_unresolved(
    places_nlp: Language,
) -> None:
    # the gazetteer's Fatehpurs are Indian; the text puts this one in Bangladesh
    doc = places_nlp("Police arrested ten students in Fatehpur, Bangladesh, on Monday.")
    assert [(p.span.text, p.country) for p in doc._.places] == [("Bangladesh", "BGD")]
    assert [u.name for u in doc._.unresolved_places] == ["Fatehpur"]
    # "Paris, Texas" has a namesake inside Texas: resolved there, as before
    doc = places_nlp("She was born in Paris, Texas, on Monday.")
    assert [(p.span.text, p.country) for p in doc._.places][0] == ("Paris", "USA")
    assert doc._.unresolved_places == []


def test_nlp_places_capital_is_also_a_place(places_nlp: Language) -> None:
    doc = places_nlp("Minsk denied the report.")
    assert [(p.name, p.country) for p in doc._.places] == [("Minsk", "BLR")]
    assert any(a.country == "BLR" for a in doc._.actors)  # the actor layer is untouched


def test_nlp_places_predict_is_pure(places_nlp: Language) -> None:
    doc = places_nlp("Police in Rotterdam arrested two men.")
    doc._.places = None
    assert [p.name for p in find_places(doc, gazetteer.load())] == ["Rotterdam"]
    assert doc._.places is None


@pytest.mark.parametrize(
    ("name", "context", "country", "feature"),
    [
        ("georgia", (), "GEO", "country"),
        ("Georgia", ("USA",), "USA", "admin1"),
        ("Rotterdam", (), "NLD", "city"),
        ("Zürich", (), "CHE", "city"),
        ("zurich", (), "CHE", "city"),
        ("the Balkans", (), None, "region"),
        ("Brazil", ("USA",), "BRA", "country"),  # Brazil, Indiana is dwarfed
        ("Mexico", ("USA",), "MEX", "country"),  # its state of Mexico does not hide it
        ("Ar-Raqqa", (), "SYR", "admin1"),  # spelled without the article in the index
        ("Garbatulla", (), "KEN", "city"),  # "Garba Tula"
        ("Calif.", (), "USA", "admin1"),
    ],
)
def test_nlp_gazetteer_resolve(
    name: str, context: tuple[str, ...], country: str | None, feature: str
) -> None:
    best = gazetteer.load().resolve(name, context)
    assert best is not None
    assert (best.country, best.feature) == (country, feature)


def test_nlp_gazetteer_lookup_unknown_is_empty() -> None:
    assert gazetteer.lookup("Zorblatville") == []
    assert gazetteer.lookup("Calif") == []  # an abbreviation needs its period


def test_nlp_gazetteer_loose_spelling() -> None:
    assert gazetteer.loose("ar raqqah") == gazetteer.loose("raqqa")
    assert gazetteer.loose("garba tula") == gazetteer.loose("garbatulla")


def test_nlp_places_hyphenated_name_is_not_a_place_list(places_nlp: Language) -> None:
    found = [p.span.text for p in places(places_nlp, "Congressman Diaz-Balart spoke on Monday.")]
    assert found == []


def test_nlp_places_sentence_agrees_on_a_country(places_nlp: Language) -> None:
    """A place resolved abroad takes its namesake in the one country that the other
    places of its sentence share, unless that namesake is dwarfed."""
    from repwatch.nlp.gazetteer import Candidate, Gazetteer
    from repwatch.nlp.places import _cohere

    doc = places_nlp.make_doc("Rebels left Springtown for Lakeside and Hilltop. Calm.")
    doc = places_nlp(doc.text)
    gaz = Gazetteer()

    def cand(name: str, country: str, pop: int, feature: str = "city") -> Candidate:
        return Candidate(name, country, None, 0.0, 0.0, None, pop, feature)  # type: ignore[arg-type]

    spring = [cand("Springtown", "USA", 40_000), cand("Springtown", "KEN", 0, "admin2")]
    lake = [cand("Lakeside", "KEN", 5_000)]
    hill = [cand("Hilltop", "KEN", 9_000)]

    def span(word: str) -> PlaceSpan:
        tok = next(t for t in doc if t.text == word)
        c = {"Springtown": spring, "Lakeside": lake, "Hilltop": hill}[word][0]
        return PlaceSpan(doc[tok.i : tok.i + 1], c.name, c.country, None, 0.0, 0.0, None,
                         c.feature)  # fmt: skip

    out = _cohere([span("Springtown"), span("Lakeside"), span("Hilltop")],
                  [spring, lake, hill], gaz)  # fmt: skip
    assert [p.country for p in out] == ["KEN", "KEN", "KEN"]
    # A town of unknown size is dwarfed by its namesake of 40,000: no switch.
    spring[1] = cand("Springtown", "KEN", 0)
    out = _cohere([span("Springtown"), span("Lakeside"), span("Hilltop")],
                  [spring, lake, hill], gaz)  # fmt: skip
    assert out[0].country == "USA"
