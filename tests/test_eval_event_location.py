"""The event_location scorer: which event is scored, token arithmetic, bad gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval import event_location


def _record(rid: str, text: str, verb: str, places: list[str], source: str = "AP") -> dict:
    def span(word: str, label: str) -> dict[str, object]:
        start = text.index(word)
        return {"start": start, "end": start + len(word), "label": label, "text": word}

    spans = [span(verb, "VERB")] + [span(p, "LOCATION") for p in places]
    return {"_id": rid, "source": source, "text": text, "spans": spans}


def _gold(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_eval_event_location_scores_hand_built_gold(tmp_path: Path, nlp: Language) -> None:
    text = "Police arrested twelve students in Minsk on Monday."
    path = _gold(tmp_path, [
        _record("1", text, "arrested", ["Minsk"], source="RELABEL"),
        # the same sentence, gold says the place is not given: repwatch names Minsk
        _record("2", text, "arrested", []),
        # a verb repwatch codes no event on answers "no place"
        _record("3", "The weather was mild in Tromso.", "was", ["Tromso"]),
    ])  # fmt: skip
    report = event_location.evaluate(path, "all", nlp)
    body = report.to_json()
    assert report.records == 3 and report.coded == 2
    assert (report.with_place, report.place_hits) == (2, 1)
    assert (report.without_place_coded, report.no_place_hits) == (1, 0)
    # words: Minsk answered twice (right once), Minsk and Tromso asked for
    assert (report.tokens.predicted, report.tokens.gold, report.tokens.both) == (2, 2, 1)
    assert body["token_precision"] == 0.5 and body["token_recall"] == 0.5
    assert body["gold_standard_records"] == 1 and body["gold_standard"]["token_f1"] == 1.0
    assert sorted(m["id"] for m in report.misses) == ["2", "3"]


def test_eval_event_location_takes_the_event_noun_of_a_light_verb(
    tmp_path: Path, nlp: Language
) -> None:
    text = "Rebels launched an offensive in Idlib on Sunday."
    path = _gold(tmp_path, [_record("1", text, "launched", ["Idlib"])])
    report = event_location.evaluate(path, "all", nlp)
    assert report.coded == 1 and report.place_hits == 1 and not report.misses


def test_eval_event_location_takes_the_event_a_joined_verb_is_part_of(
    tmp_path: Path, nlp: Language
) -> None:
    # the events stage codes "killed ... and wounded" as one ASSAULT, on "killed"
    text = "Gunmen killed two villagers and wounded five others in Mombasa on Friday."
    joined = _record("1", text, "wounded", ["Mombasa"])
    # a verb that is no trigger does not borrow the event it is joined to
    other = _record("2", "Gunmen killed two villagers and left Mombasa on Friday.", "left",
                    [])  # fmt: skip
    report = event_location.evaluate(_gold(tmp_path, [joined, other]), "all", nlp)
    assert report.coded == 1 and report.place_hits == 1
    assert [m["id"] for m in report.misses] == []


def test_eval_event_location_skips_a_span_outside_its_sentence(tmp_path: Path) -> None:
    bad = _record("x", "Troops shelled Aleppo.", "shelled", ["Aleppo"])
    bad["spans"][1]["end"] = bad["spans"][1]["start"]  # an empty span, as in the corpus
    good = _record("y", "Troops shelled Homs.", "shelled", ["Homs"])
    records, skipped = event_location.read_gold(_gold(tmp_path, [bad, good]))
    assert [r.id for r in records] == ["y"] and skipped == 1
    assert records[0].places == ((15, 19),)


@pytest.mark.parametrize(
    "line", ["not json", json.dumps({"_id": 1, "text": "t"}), json.dumps({"_id": 1, "spans": []})]
)
def test_eval_event_location_bad_gold_names_the_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=r"bad\.jsonl:1: not an event_location record"):
        event_location.read_gold(path)
