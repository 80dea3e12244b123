"""Every output validates against the JSON Schema in the package, and every span
points at its text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from spacy.language import Language

from repwatch.ingest import read_inputs
from repwatch.model import Article
from repwatch.nlp import pipeline

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    str(p) for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".html", ".jsonl")
)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    text = (resources.files("repwatch") / "resources" / "schema.json").read_text(encoding="utf-8")
    jsonschema.Draft202012Validator.check_schema(json.loads(text))
    return json.loads(text)


@pytest.fixture(scope="module")
def outputs(nlp: Language) -> list[dict[str, Any]]:
    articles = [a for a in read_inputs(SAMPLES) if isinstance(a, Article)]
    assert len(articles) >= 8
    return [r.to_json() for r in pipeline.extract(articles, nlp)]


def _spans(obj: Any) -> Iterator[tuple[str, list[int]]]:
    if isinstance(obj, dict):
        if obj.get("span") is not None and "text" in obj:
            yield obj["text"], obj["span"]
        for v in obj.values():
            if isinstance(v, dict | list):
                yield from _spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _spans(v)


def test_schema_samples_validate(schema: dict[str, Any], outputs: list[dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    for out in outputs:
        errors = sorted(validator.iter_errors(out), key=str)
        assert not errors, errors[0].message


def test_schema_samples_have_events(outputs: list[dict[str, Any]]) -> None:
    assert all(out["events"] for out in outputs)
    assert sum(len(out["events"]) for out in outputs) >= 40


def test_schema_every_span_points_at_its_text(outputs: list[dict[str, Any]]) -> None:
    checked = 0
    for out in outputs:
        text = out["article"]["text"]
        for words, (start, end) in _spans(
            {k: out[k] for k in ("events", "actors", "places", "quotes")}
        ):
            assert text[start:end] == words
            checked += 1
    assert checked > 100


def test_schema_rejects_a_broken_event(
    schema: dict[str, Any], outputs: list[dict[str, Any]]
) -> None:
    broken = json.loads(json.dumps(outputs[0]))
    broken["events"][0]["type"] = "FIGHT"  # PLOVER 0.5, not 2021
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_schema_acled_and_tnr_enums_match_model() -> None:
    from repwatch.model import ACLED_SUBTYPES, ACLED_TYPE_OF, TNR_TACTICS

    text = (resources.files("repwatch") / "resources" / "schema.json").read_text(encoding="utf-8")
    defs = json.loads(text)["$defs"]
    acled = defs["acled"]["properties"]
    assert acled["event_type"]["enum"] == list(ACLED_SUBTYPES)
    assert sorted(acled["sub_event_type"]["enum"]) == sorted(ACLED_TYPE_OF)
    assert len(ACLED_TYPE_OF) == 25
    assert defs["tnr"]["properties"]["tactic"]["enum"] == list(TNR_TACTICS)
