"""The ACLED notes scorer's taxonomy figures: gold types, the ACLED -> PLOVER table,
confusion and worst errors.  Events are built by hand (the pipeline is replaced), so
these tests hold whatever the ACLED coding stage predicts."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from repwatch.errors import EvalError, ResourceError
from repwatch.eval import acled, acled_taxonomy
from repwatch.eval.acled_taxonomy import TaxonomyScore
from repwatch.eval.confusion import Confusion
from repwatch.model import ACLED_TYPE_OF, AcledCoding, Article, Event, Extraction, TextSpan
from repwatch.nlp import pipeline


def _event(plover: str, sub: str | None = None) -> Event:
    span = TextSpan("x", 0, 1)
    coding = AcledCoding(ACLED_TYPE_OF[sub], sub, "rules") if sub else None
    return Event("e1", plover, None, None, None, span, span, acled=coding)


def test_eval_acled_plover_table_covers_every_sub_event_type() -> None:
    table = acled_taxonomy.load_plover_map()
    assert set(table) == set(ACLED_TYPE_OF)
    assert {sub for sub, types in table.items() if not types} == {
        "Change to group/activity", "Headquarters or base established", "Other"
    }  # fmt: skip
    assert table["Armed clash"] == {"ASSAULT"} and table["Arrests"] == {"COERCE"}
    assert table["Peaceful protest"] == {"PROTEST"} and table["Agreement"] == {"AGREE"}
    assert table["Mob violence"] == {"PROTEST", "ASSAULT"}


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("Armed clash\tFIGHT\twhy", r"plover.tsv:2: not PLOVER 2021 types \['FIGHT'\]"),
        ("Brawl\tASSAULT\twhy", "plover.tsv:2: unknown ACLED sub-event type"),
        ("Armed clash\tASSAULT", "plover.tsv:2: expected 3"),
        ("Armed clash\tASSAULT\twhy", "plover.tsv: no row for ACLED sub-event types"),
    ],
)
def test_eval_acled_plover_table_rejects_bad_rows(tmp_path: Path, row: str, needle: str) -> None:
    path = tmp_path / "plover.tsv"
    path.write_text("# comment\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=needle):
        acled_taxonomy.load_plover_map(path)


def test_eval_acled_taxonomy_scores_hand_built_events() -> None:
    score = TaxonomyScore()
    # right sub-type; PLOVER type compatible
    score.add("n1", "t1", "Battles", "Armed clash", [_event("ASSAULT", "Armed clash")])
    # right event type, wrong sub-type; the second event's PLOVER type is compatible
    score.add("n2", "t2", "Protests", "Peaceful protest",
              [_event("COERCE", "Protest with intervention"), _event("PROTEST")])  # fmt: skip
    # no ACLED coding: wrong; PROTEST is not compatible with Arrests
    score.add("n3", "t3", "Strategic developments", "Arrests", [_event("PROTEST")])
    # no event at all; sub-type without PLOVER counterpart: excluded from the recall
    score.add("n4", "t4", "Strategic developments", "Other", [])
    body = score.to_json()
    assert body["acled_event_type_accuracy"] == 0.5
    assert body["acled_sub_event_accuracy"] == 0.25
    assert (body["plover_type_scored"], body["plover_type_excluded"]) == (3, 1)
    assert body["plover_type_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert (body["protest_predicted_notes"], body["protest_precision"]) == (2, 0.5)
    assert body["confusion"]["Arrests"] == {"None": 1}
    assert body["confusion"]["Peaceful protest"] == {"Protest with intervention": 1}


def test_eval_acled_worst_pairs_are_most_frequent_first_with_three_ids() -> None:
    matrix = Confusion()
    for n in range(5):
        matrix.add("Attack", "Armed clash", f"a{n}")
    for n in range(2):
        matrix.add("Arrests", None, f"b{n}")
    matrix.add("Arrests", "Arrests", "c0")
    worst = matrix.worst(5)
    assert [(w.gold, w.predicted, w.count) for w in worst] == [
        ("Attack", "Armed clash", 5), ("Arrests", "None", 2)
    ]  # fmt: skip
    assert worst[0].examples == ("a0", "a1", "a2")
    assert matrix.worst(1) == worst[:1]


HEADER = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "country", "iso3",
          "admin1", "admin2", "admin3", "location", "notes", "timestamp"]  # fmt: skip
NOTES = [
    ["XYZ1", "01-May-20", "Battles", "Armed clash", "Kenya", "KEN", "Lamu", "", "", "Lamu",
     "On 1 May 2020, soldiers clashed with militants in Lamu.", "1588550400"],
    ["XYZ2", "02-May-20", "Strategic developments", "Arrests", "Kenya", "KEN", "Nairobi", "", "",
     "Nairobi", "On 2 May 2020, police arrested a reporter in Nairobi.", "1588550400"],
    ["XYZ3", "03-May-20", "Protests", "Peaceful protest", "Kenya", "KEN", "Nairobi", "", "",
     "Nairobi", "On 3 May 2020, nurses marched in Nairobi.", "1588550400"],
]  # fmt: skip


def _csv(tmp_path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path = tmp_path / "acled.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_eval_acled_reads_gold_event_and_sub_event_types(tmp_path: Path) -> None:
    notes = acled.read_notes(_csv(tmp_path, HEADER, NOTES))
    assert [(n.event_type, n.sub_event_type) for n in notes] == [
        ("Battles", "Armed clash"), ("Strategic developments", "Arrests"),
        ("Protests", "Peaceful protest"),
    ]  # fmt: skip


def test_eval_acled_export_without_sub_event_type_is_refused(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "sub_event_type"]
    rows = [[c for h, c in zip(HEADER, r, strict=True) if h != "sub_event_type"] for r in NOTES]
    with pytest.raises(EvalError, match=r"acled.csv: not an ACLED export.*sub_event_type"):
        acled.read_notes(_csv(tmp_path, header, rows))


def test_eval_acled_evaluate_adds_taxonomy_figures_and_keeps_the_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coded = {"XYZ1": [_event("ASSAULT", "Armed clash")],
             "XYZ2": [_event("ASSAULT", "Attack")], "XYZ3": []}  # fmt: skip

    def extract(articles: Iterable[Article], nlp: object = None) -> Iterator[Extraction]:
        for article in articles:
            yield Extraction(article=article, events=coded[article.id])

    monkeypatch.setattr(pipeline, "extract", extract)
    report = acled.evaluate(_csv(tmp_path, HEADER, NOTES))
    body = report.to_json()
    for old in (
        "notes",
        "event_found",
        "location_country",
        "location_name",
        "event_date",
        "event_date_year_stated",
        "location_country_place_named",
        "per_file",
    ):
        assert old in body  # fmt: skip
    assert body["acled_sub_event_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert body["acled_event_type_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert body["plover_type_recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert [(w["gold"], w["predicted"], w["examples"]) for w in body["worst"]] == [
        ("Arrests", "Attack", ["XYZ2"]), ("Peaceful protest", "None", ["XYZ3"])
    ]  # fmt: skip
    assert "arrested a reporter" not in str(body)  # ids only in the JSON, never text
    assert report.misses[0]["text"] == NOTES[1][10]
    assert (
        body["per_file"]["acled.csv"]["acled_sub_event_accuracy"]
        == body["acled_sub_event_accuracy"]
    )
