"""Acceptance for issue #3: a wire-style article we wrote (tests/data/acceptance_context.txt,
published 2026-03-25, a Wednesday) with every construction the issue lists; each field is
checked against what a careful human coder would write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.ingest import read_inputs
from repwatch.model import Article, Event, Extraction, Quote
from repwatch.nlp import pipeline

ARTICLE = Path(__file__).parent / "data" / "acceptance_context.txt"
PUBLISHED = dt.date(2026, 3, 25)


@pytest.fixture(scope="module")
def result(nlp: Language) -> Extraction:
    (article,) = list(read_inputs([str(ARTICLE)], published=PUBLISHED))
    assert isinstance(article, Article)
    return next(pipeline.extract([article], nlp))


def _event(result: Extraction, trigger: str) -> Event:
    found = [e for e in result.events if e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[e.trigger.text for e in result.events]}"
    return found[0]


def _quote(result: Extraction, start: str) -> Quote:
    found = [q for q in result.quotes if q.text.startswith(start)]
    assert found, f"no quote starting {start!r}: {[q.text[:30] for q in result.quotes]}"
    return found[0]


@pytest.mark.parametrize(
    ("name", "country", "precision"),
    [("Kaunas", "LTU", "city"), ("Warsaw", "POL", "city"), ("Belarus", "BLR", "country")],
)
def test_context_places_geocoded(
    result: Extraction, name: str, country: str, precision: str
) -> None:
    place = next(p for p in result.places if p.name == name)
    assert (place.country, place.precision) == (country, precision)
    assert place.lat is not None and place.geonameid is not None or precision == "country"


def test_context_demonym_is_not_a_place(result: Extraction) -> None:
    assert not any(p.text and p.text.startswith("Belarusian") for p in result.places)


@pytest.mark.parametrize(
    ("trigger", "place", "basis"),
    [
        ("detained", "Kaunas", "syntax"),  # "in Kaunas"
        ("detention", "Netherlands", "syntax"),  # "in the country" after "Dutch newspapers"
        ("beat", "Warsaw", "syntax"),
        ("arrested", "Warsaw", "context"),  # Polish police, story filed from Vilnius
    ],
)
def test_context_event_locations(result: Extraction, trigger: str, place: str, basis: str) -> None:
    location = _event(result, trigger).location
    assert location is not None and (location.name, location.basis) == (place, basis)


@pytest.mark.parametrize(
    ("trigger", "text", "first", "last", "basis"),
    [
        ("detained", "last Tuesday", "2026-03-17", "2026-03-17", "relative"),
        ("detention", "Tuesday", "2026-03-24", "2026-03-24", "relative"),
        ("beat", "December", "2025-12-01", "2025-12-31", "relative"),
        ("arrested", "March 22", "2026-03-22", "2026-03-22", "relative"),
        ("expel", None, "2026-03-25", "2026-03-25", "published"),
    ],
)
def test_context_event_dates(
    result: Extraction, trigger: str, text: str | None, first: str, last: str, basis: str
) -> None:
    date = _event(result, trigger).date
    assert date is not None
    assert (date.text, date.first.isoformat(), date.last.isoformat(), date.basis) == (
        text, first, last, basis,
    )  # fmt: skip


def test_context_since_the_beginning_of_the_month_is_a_range(nlp: Language) -> None:
    doc = nlp.make_doc("They watched the homes since the beginning of the month.")
    doc._.published = PUBLISHED
    doc = nlp(doc)
    (date,) = doc._.dates
    assert (date.start, date.end, date.precision) == (dt.date(2026, 3, 1), PUBLISHED, "range")


def test_context_direct_quote_speaker_after_quote(result: Extraction) -> None:
    quote = _quote(result, "Minsk has crossed a line")
    assert quote.direct and quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker is not None and quote.speaker.code == "LTUGOV"
    assert "Landsbergis" in quote.speaker.text


def test_context_split_quote_pronoun_speaker(result: Extraction) -> None:
    first, second = _quote(result, "These people fled"), _quote(result, "and they deserve")
    for q in (first, second):
        assert q.direct and q.speaker is not None and q.speaker.code == "LTUGOV"


@pytest.mark.parametrize(
    ("start", "speaker_text", "cue"),
    [
        ("Lithuania would expel", "Landsbergis", "added"),  # "The minister added that ..."
        ("The officers allegedly", "radio report", "according to"),
        ("Belarus threatened to retaliate", "exile council", "said"),
        ("Belarusian security services", "Landsbergis", "noted"),  # "noted in 2017 that"
    ],
)
def test_context_indirect_speech(
    result: Extraction, start: str, speaker_text: str, cue: str
) -> None:
    quote = _quote(result, start)
    assert not quote.direct
    assert quote.cue is not None and quote.cue.text.lower() == cue
    assert quote.speaker is not None and speaker_text in quote.speaker.text


def test_context_quote_links_its_events(result: Extraction) -> None:
    quote = _quote(result, "Lithuania would expel")
    assert _event(result, "expel").id in quote.event_ids


@pytest.mark.parametrize(
    ("trigger", "certainty", "asserted_by"),
    [
        ("detention", "reported", "Dutch newspapers"),
        ("spying", "alleged", "Dutch newspapers"),
        ("target", "hypothetical", "report"),
        ("beat", "asserted", None),
    ],
)
def test_context_claims(
    result: Extraction, trigger: str, certainty: str, asserted_by: str | None
) -> None:
    claim = _event(result, trigger).claim
    assert claim is not None and claim.certainty == certainty
    if asserted_by is None:
        assert claim.asserted_by is None
    else:
        assert claim.asserted_by is not None and asserted_by in claim.asserted_by.text
