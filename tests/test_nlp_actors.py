"""Actor resolution: hand-built sentences, one mention each checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from repwatch.errors import ResourceError
from repwatch.model import Article, Extraction
from repwatch.nlp import dictionary, pipeline


def _actor(result: Extraction, text: str):
    for a in result.actors:
        if text in a.text:
            return a
    raise AssertionError(
        f"no actor mention containing {text!r} in {[a.text for a in result.actors]}"
    )


@pytest.mark.parametrize(
    ("sentence", "mention", "code"),
    [
        (
            "Lithuanian Foreign Minister Gabrielius Landsbergis spoke on Monday.",
            "Landsbergis",
            "LTUGOV",
        ),
        (
            "Police detained three Belarusian operatives near the border.",
            "Belarusian operatives",
            "BLRSPY",
        ),
        ("Minsk warned its neighbours on Friday.", "Minsk", "BLRGOV"),
        ("The Iranian foreign ministry issued a statement.", "foreign ministry", "IRNGOV"),
        (
            "Members of the exiled Belarusian opposition movement met in Warsaw.",
            "opposition",
            "BLROPP",
        ),
        ("Iran's intelligence minister gave a speech.", "intelligence minister", "IRNGOV"),
        ("Kenyan police questioned the men.", "police", "KENCOP"),
        ("Two Rwandan dissidents arrived in Brussels.", "dissidents", "RWAOPP"),
        ("Chinese journalists covered the summit.", "journalists", "CHNMED"),
        ("Ukrainian refugees crossed into Poland.", "refugees", "UKRREF"),
    ],
)
def test_actors_compound_mentions_resolve(
    extract_text: Callable[[str], Extraction], sentence: str, mention: str, code: str
) -> None:
    actor = _actor(extract_text(sentence), mention)
    assert actor.code == code
    assert sentence[actor.start : actor.end] == actor.text


@pytest.mark.parametrize(
    ("sentence", "mention", "code", "country"),
    [
        ("Amnesty International criticised the verdict.", "Amnesty", None, None),
        ("The U.N. Security Council met on Monday.", "Security Council", None, None),
        ("The IRGC has denied the report.", "IRGC", "IRN", "IRN"),
    ],
)
def test_actors_organisations_resolve_by_alias(
    extract_text: Callable[[str], Extraction],
    sentence: str,
    mention: str,
    code: str | None,
    country: str | None,
) -> None:
    actor = _actor(extract_text(sentence), mention)
    assert actor.country == country
    assert actor.code is not None
    if code:
        assert actor.code.startswith(code)


def test_actors_demonym_alone_is_not_a_place_but_keeps_country(
    extract_text: Callable[[str], Extraction],
) -> None:
    result = extract_text("A Zorbanian newspaper quoted three Belarusian exiles.")
    exiles = _actor(result, "exiles")
    assert exiles.country == "BLR" and exiles.sector == "OPP"


def test_actors_unknown_person_keeps_text(extract_text: Callable[[str], Extraction]) -> None:
    result = extract_text("Jonas Petraitis said the plan had failed.")
    actor = _actor(result, "Petraitis")
    assert actor.name == "Jonas Petraitis"
    assert actor.code is None and actor.country is None


def test_actors_regime_takes_dominant_country(extract_text: Callable[[str], Extraction]) -> None:
    text = (
        "Belarusian exiles say Belarus hunts them abroad. "
        "The regime denies it, Belarusian officials said."
    )
    regime = _actor(extract_text(text), "regime")
    assert regime.code == "BLRGOV"


def test_dictionary_user_file_adds_person_with_variants(tmp_path: Path) -> None:
    user = tmp_path / "people.tsv"
    user.write_text(
        "name\taliases\tcode\tcountry\tsector\n"
        "Farida Qodirova\tFarida Kodirova|Qodirova|Kodirova\tTJKOPP\tTJK\tOPP\n",
        encoding="utf-8",
    )
    nlp = pipeline.load(extra_dictionaries=(str(user),))
    result = next(
        pipeline.extract([Article(id="u", text="Kodirova fled to Vilnius in 2021.")], nlp)
    )
    actor = _actor(result, "Kodirova")
    assert (actor.code, actor.name) == ("TJKOPP", "Farida Qodirova")


def test_dictionary_malformed_user_file_is_a_resource_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "name\taliases\tcode\tcountry\tsector\nX\tY\tZZZ\tNOTISO\tGOV\n", encoding="utf-8"
    )
    with pytest.raises(ResourceError, match="bad.tsv"):
        dictionary.load([bad])


def test_dictionary_acronyms_match_case_sensitively() -> None:
    d = dictionary.load()
    assert any(e.country == "USA" for e in d.lookup("US"))
    assert not any(e.country == "USA" for e in d.lookup("us"))


def test_actors_adverbial_place_is_not_an_actor(extract_text: Callable[[str], Extraction]) -> None:
    result = extract_text("Police arrested two men in Minsk on Monday.")
    assert not any(a.text == "Minsk" for a in result.actors)
    assert any(p.name == "Minsk" for p in result.places)
    kept = extract_text("Police in Minsk arrested two men on Monday.")
    assert any(a.code == "BLRCOP" and "Minsk" in a.text for a in kept.actors)


def test_actors_regional_bureau_dateline_yields_to_the_place(
    extract_text: Callable[[str], Extraction],
) -> None:
    text = ("ALMATY, Sept 3 (Wire) - He was arrested in Istanbul last month. "
            "He was questioned by officers at a removal centre.")  # fmt: skip
    officers = _actor(extract_text(text), "officers")
    assert officers.code == "TURCOP"
    local = _actor(
        extract_text("ALMATY, Sept 3 (Wire) - He was questioned by officers."), "officers"
    )
    assert local.code == "KAZCOP"
