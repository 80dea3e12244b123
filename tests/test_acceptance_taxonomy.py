"""Acceptance for issue #4 (taxonomies): a wire-style round-up we wrote
(tests/data/acceptance_taxonomy.txt) gives each event its ACLED and TNR codings.
The rules decide here: the learned classifier is kept out by its threshold."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.ingest import read_inputs
from repwatch.model import ACLED_TYPE_OF, AcledCoding, Article, Event, Extraction, TnrCoding
from repwatch.nlp import pipeline

ARTICLE = Path(__file__).parent / "data" / "acceptance_taxonomy.txt"


@pytest.fixture(scope="module")
def result(nlp: Language) -> Extraction:
    (article,) = list(read_inputs([str(ARTICLE)]))
    assert isinstance(article, Article)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPWATCH_ACLED_MODEL_THRESHOLD", "2")  # rules only
        return next(pipeline.extract([article], nlp))


def _event(result: Extraction, trigger: str, place: str) -> Event:
    for e in result.events:
        if e.trigger.text == trigger and place in e.sentence.text:
            return e
    raise AssertionError(f"no event {trigger!r} near {place!r}")


def _acled(sub: str) -> AcledCoding:
    return AcledCoding(ACLED_TYPE_OF[sub], sub, "rules")


@pytest.mark.parametrize(
    ("trigger", "place", "sub", "tnr"),
    [
        ("beat", "Vienna", "Attack", ("TJK", "AUT", "assault")),
        ("abducted", "Istanbul", "Abduction/forced disappearance", ("TJK", "TUR", "rendition")),
        ("detained", "Berlin", "Arrests", ("TJK", "DEU", "coercion by proxy")),
        ("cancelled", "Vilnius", None, ("TJK", "LTU", "mobility controls")),
        ("spied", "Paris", None, ("TJK", "FRA", "spyware")),
        ("marched", "Khujand", "Peaceful protest", None),
        ("fired", "Dushanbe", "Protest with intervention", None),
        ("rioted", "Kulob", "Violent demonstration", None),
        ("arrested", "Kulob", "Protest with intervention", None),
        ("killed", "Gao", "Air/drone strike", None),
        ("killed", "Timbuktu", "Remote explosive/landmine/IED", None),
        ("fought", "Kidal", "Armed clash", None),
    ],
)
def test_acceptance_taxonomy_event(
    result: Extraction, trigger: str, place: str, sub: str | None,
    tnr: tuple[str, str, str] | None,
) -> None:  # fmt: skip
    event = _event(result, trigger, place)
    assert event.acled == (_acled(sub) if sub else None)
    assert event.tnr == (TnrCoding(*tnr) if tnr else None)


def test_acceptance_taxonomy_verbal_events_outside_acled(result: Extraction) -> None:
    verbal = [e for e in result.events if e.type in ("REQUEST", "CONSULT", "THREATEN")]
    assert verbal and all(e.acled is None for e in verbal)


def test_acceptance_taxonomy_tnr_only_abroad(result: Extraction) -> None:
    for e in result.events:
        if e.tnr is not None and e.tnr.tactic != "coercion by proxy":
            assert e.location is not None and e.location.country == e.tnr.host_state
            assert e.tnr.host_state != e.tnr.origin_state
