"""The model-events stage: events the lexicon missed, found by the ACLED classifier."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from spacy.language import Language
from spacy.tokens import Doc
from test_taxonomy import FakeGuess, FakeModel

from repwatch.errors import ResourceError, SettingError
from repwatch.model import ACLED_TYPE_OF, Article
from repwatch.nlp import model_events, pipeline, taxonomy
from repwatch.nlp.classifier import load_classifier
from repwatch.store import codec

ROOT = Path(__file__).resolve().parents[1]
EVAL_TABLE = ROOT / "repwatch" / "resources" / "eval" / "acled_plover.tsv"

# the first paragraph has no trigger word of the lexicon; the second has one
TEXT = (
    "On 2 March 2021, monitors recorded 14 shots near Oleksandrivka.\n"
    "Police arrested a lawyer in Harare."
)


def _rules_doc(nlp: Language, text: str, monkeypatch: pytest.MonkeyPatch) -> Doc:
    """`text` through the pipeline with the model events off: the lexicon's only."""
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_EVENTS", "2")
    doc = nlp(text)
    monkeypatch.delenv("REPWATCH_ACLED_MODEL_EVENTS")
    return doc


def test_model_events_one_event_per_empty_paragraph_at_its_main_verb(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _rules_doc(nlp, "Tens of villagers were hurt.\n" + TEXT, monkeypatch)
    before = list(doc._.events)
    assert [e.trigger.text for e in before] == ["hurt", "arrested"]
    model = FakeModel("Armed clash", 0.95)
    after = model_events.model_events(doc, before, model, model_events.load_table(), 0.9)
    assert model.calls == [[TEXT.splitlines()[0]]]  # only the paragraph with no event
    added = [e for e in after if e.basis == "model"]
    assert [(e.trigger.text, e.type, e.mode) for e in added] == [("recorded", "ASSAULT", None)]
    assert added[0].source is None and added[0].target is None and not added[0].negated
    assert [e.trigger.text for e in after] == ["hurt", "recorded", "arrested"]  # text order
    # the taxonomy stage reads the same paragraph, so it codes the event with this guess
    assert taxonomy.paragraphs_of(doc, added) == model.calls[0]


def test_model_events_paragraphs_follow_line_breaks(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Title line\n\nFirst sentence here. Second one.\n\n\nLast paragraph."
    doc = _rules_doc(nlp, text, monkeypatch)
    found = model_events.paragraphs(doc)
    assert [text[p.first_char :].split("\n")[0] for p in found] == [
        "Title line", "First sentence here. Second one.", "Last paragraph."]  # fmt: skip
    assert [len(p.sentences) for p in found] == [1, 2, 1]


@pytest.mark.parametrize(
    ("sub", "probability", "expected"),
    [
        ("Arrests", 0.95, ("COERCE", "arrest")),
        ("Peaceful protest", 0.9, ("PROTEST", "demo")),
        ("Arrests", 0.89, None),  # below the bar
        ("Other", 0.99, None),  # no PLOVER counterpart
        ("Street party", 0.99, None),  # not an ACLED sub-event type
    ],
)
def test_model_events_type_and_bar(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, sub: str, probability: float,
    expected: tuple[str, str] | None,
) -> None:  # fmt: skip
    doc = _rules_doc(nlp, TEXT, monkeypatch)
    after = model_events.model_events(doc, list(doc._.events), FakeModel(sub, probability),
                                      model_events.load_table(), 0.9)  # fmt: skip
    added = [(e.type, e.mode) for e in after if e.basis == "model"]
    assert added == ([expected] if expected else [])


def test_model_events_negated_verb_makes_no_event(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _rules_doc(nlp, "Monitors did not record any shots near Oleksandrivka.", monkeypatch)
    after = model_events.model_events(doc, list(doc._.events), FakeModel("Armed clash", 0.99),
                                      model_events.load_table(), 0.9)  # fmt: skip
    assert [e for e in after if e.basis == "model"] == []


def test_model_events_verbless_paragraph_takes_its_root(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _rules_doc(nlp, "Late at night, a few shots near the old mill", monkeypatch)
    (paragraph,) = model_events.paragraphs(doc)
    assert model_events.main_verb(doc, paragraph.sentences).i == next(doc.sents).root.i


def test_model_events_component_obeys_the_settings(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _rules_doc(nlp, TEXT, monkeypatch)
    events = list(doc._.events)
    model = FakeModel("Armed clash", 0.95)
    component = model_events.ModelEventsComponent(model)
    for name, value in (("REPWATCH_ACLED_MODEL_EVENTS", "1.5"),
                        ("REPWATCH_ACLED_MODEL_THRESHOLD", "2")):  # fmt: skip
        monkeypatch.setenv(name, value)
        doc._.events = list(events)
        assert all(e.basis == "rules" for e in component(doc)._.events)
        monkeypatch.delenv(name)
    assert model.calls == []
    doc._.events = list(events)
    assert [e.basis for e in component(doc)._.events] == ["model", "rules"]
    monkeypatch.setenv("REPWATCH_ACLED_MODEL_EVENTS", "-1")
    with pytest.raises(SettingError, match="acled_model_events"):
        component(doc)


def test_model_events_table_covers_acled_and_agrees_with_the_eval_table() -> None:
    table = model_events.load_table()
    assert set(table) == set(ACLED_TYPE_OF)
    allowed = {}
    for line in EVAL_TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            sub, types, _why = line.split("\t")
            allowed[sub] = set(types.split(",")) if types else set()
    for sub, plover in table.items():
        if plover is None:
            assert not allowed[sub], sub
        else:
            assert plover.type in allowed[sub], sub


def test_model_events_bad_table_raises(tmp_path: Path) -> None:
    bad = tmp_path / "t.tsv"
    bad.write_text("Arrests\tCOERCE\tarrest\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="expected 4 columns"):
        model_events.load_table(bad)
    bad.write_text("Arrests\tCOERCE\tarrest\twhy\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="no row for"):
        model_events.load_table(bad)


def test_taxonomy_codes_a_model_event_with_the_guess() -> None:
    event = type("E", (), {"basis": "model"})()
    guess = FakeGuess("Armed clash", 0.93)
    coded = taxonomy.found_by_model(None, event, guess, True)  # type: ignore[arg-type]
    assert (coded.sub_event_type, coded.basis) == ("Armed clash", "model")  # type: ignore[union-attr]
    assert taxonomy.found_by_model(None, event, guess, False) is None  # type: ignore[arg-type]
    rules = type("E", (), {"basis": "rules"})()
    assert taxonomy.found_by_model(None, rules, guess, True) is None  # type: ignore[arg-type]


# -- with the trained classifier (scripts/test trains it) -------------------------------


@pytest.fixture(scope="module")
def trained() -> None:
    if load_classifier() is None:
        pytest.skip("no trained ACLED model: run tools/train_acled.py (scripts/test does)")


def test_model_events_real_model_end_to_end(trained: None, nlp: Language) -> None:
    note = "On 12 June 2021, a crowd chopped the hand off a suspected thief in Nyeri."
    extraction = next(pipeline.extract([Article(id="m1", text=note)], nlp))
    model = [e for e in extraction.events if e.basis == "model"]
    assert len(model) == 1, [(e.trigger.text, e.basis) for e in extraction.events]
    event = model[0]
    assert event.type == "ASSAULT" and event.acled is not None and event.acled.basis == "model"
    assert event.trigger.text == "chopped"
    assert ACLED_TYPE_OF[event.acled.sub_event_type] in ("Riots", "Violence against civilians")
    assert event.date is not None and str(event.date.first) == "2021-06-12"
    body = event.to_json()
    schema = json.loads((ROOT / "repwatch" / "resources" / "schema.json").read_text("utf-8"))
    only_event = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/event"}
    jsonschema.validate(body, only_event)
    assert body["basis"] == "model" and codec.event(body).basis == "model"
    assert codec.event_json(body) == body


def test_model_events_leave_statements_alone(trained: None, nlp: Language) -> None:
    text = ("The foreign minister said on Tuesday that talks with its neighbours would "
            "resume next month.\nShe thanked the delegates for their patience.")  # fmt: skip
    extraction = next(pipeline.extract([Article(id="m2", text=text)], nlp))
    assert [e for e in extraction.events if e.basis == "model"] == []


def test_model_event_is_stored_and_shown_as_found_by_the_model(
    trained: None, nlp: Language, tmp_path: Path
) -> None:
    """Through the real store (SQLite) and the event page over loopback HTTP."""
    import httpx
    from test_web_pages_data import pages_app
    from web_server import serve, stop

    from repwatch.store import open_store

    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = open_store(url)
    try:
        note = "On 12 June 2021, a crowd chopped the hand off a suspected thief in Nyeri."
        store.save(next(pipeline.extract([Article(id="m3", text=note)], nlp)))
        (stored,) = [e for e in store.iter_events() if e.event.basis == "model"]
    finally:
        store.close()
    live = serve(pages_app(url))
    try:
        with httpx.Client(base_url=live.url, timeout=10) as client:
            page = client.get(f"/events/{stored.event.id}", headers={"accept": "text/html"})
            body = client.get(f"/events/{stored.event.id}.json").json()
    finally:
        stop(live)
    assert page.status_code == 200 and "found by the model" in page.text
    assert body["event"]["basis"] == "model" and body["event"]["acled"]["basis"] == "model"
