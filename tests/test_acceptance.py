"""Acceptance for issue #2: a wire-style transnational-repression article we wrote
(tests/data/acceptance_tnr.txt) yields each key event with the right type and the
right source and target country and sector."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.ingest import read_inputs
from repwatch.model import Article, Event, Extraction, TnrCoding
from repwatch.nlp import pipeline

ARTICLE = Path(__file__).parent / "data" / "acceptance_tnr.txt"


@pytest.fixture(scope="module")
def result(nlp: Language) -> Extraction:
    (article,) = list(read_inputs([str(ARTICLE)]))
    assert isinstance(article, Article)
    return next(pipeline.extract([article], nlp))


def _has(events: list[Event], type_: str, mode: str | None, source: tuple[str, str | None],
         target: tuple[str, str | None], trigger: str) -> Event:  # fmt: skip
    for e in events:
        if (
            e.type == type_ and e.trigger.text == trigger and (mode is None or e.mode == mode)
            and e.source is not None and (e.source.country, e.source.sector) == source
            and e.target is not None and (e.target.country, e.target.sector) == target
        ):  # fmt: skip
            return e
    seen = [(e.type, e.trigger.text, e.source and e.source.code, e.target and e.target.code)
            for e in events]  # fmt: skip
    raise AssertionError(f"no {type_} {source}->{target} at {trigger!r}; got {seen}")


def test_acceptance_agents_arrested_in_host_country(result: Extraction) -> None:
    _has(result.events, "COERCE", "arrest", ("NLD", "COP"), ("IRN", "SPY"), "arrested")


def test_acceptance_exiles_attacked_by_regime_in_third_country(result: Extraction) -> None:
    event = _has(result.events, "ASSAULT", None, ("IRN", "SPY"), ("IRN", "OPP"), "assaulted")
    assert "Turkey" in event.sentence.text


def test_acceptance_regime_threatens_host_country(result: Extraction) -> None:
    _has(result.events, "THREATEN", None, ("IRN", "GOV"), ("NLD", "GOV"), "threatened")


def test_acceptance_prime_minister_condemns(result: Extraction) -> None:
    event = _has(result.events, "ACCUSE", None, ("NLD", "GOV"), ("IRN", None), "condemned")
    assert event.source is not None and event.source.name == "Netherlands government"


def test_acceptance_prime_minister_mention_resolves(result: Extraction) -> None:
    pm = [a for a in result.actors if "Prime Minister Anna Verhoeven" in a.text]
    assert pm and pm[0].code == "NLDGOV"


def test_acceptance_negated_arrest_marked(result: Extraction) -> None:
    negated = [e for e in result.events if e.negated]
    assert [(e.type, e.trigger.text) for e in negated] == [("COERCE", "arrest")]


def test_acceptance_tnr_assault_on_exiles_in_third_country(result: Extraction) -> None:
    event = _has(result.events, "ASSAULT", None, ("IRN", "SPY"), ("IRN", "OPP"), "assaulted")
    assert event.tnr == TnrCoding("IRN", "TUR", "assault")


def test_acceptance_tnr_not_for_host_arresting_agents(result: Extraction) -> None:
    event = _has(result.events, "COERCE", "arrest", ("NLD", "COP"), ("IRN", "SPY"), "arrested")
    assert event.tnr is None


def test_acceptance_tnr_foiled_plot_is_tnr(result: Extraction) -> None:
    (plot,) = [e for e in result.events if e.trigger.text == "attacks"]
    assert plot.tnr == TnrCoding("IRN", "NLD", "assault")


def test_acceptance_tnr_only_where_a_state_targets_its_nationals(result: Extraction) -> None:
    coded = [e.trigger.text for e in result.events if e.tnr is not None]
    assert sorted(coded) == ["assaulted", "attacks"]


def test_acceptance_spans_trace_to_text(result: Extraction) -> None:
    text = result.article.text
    for e in result.events:
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        for actor in (e.source, e.target):
            if actor is not None:
                assert text[actor.start : actor.end] == actor.text
