"""The accuracy scoreboard in docs/accuracy.md: which figure, from which command.

`FIGURES` lists every figure the docs quote: corpus, split, the report field (a dotted
path into the report's JSON) and the target the issues set.  `python -m
repwatch.eval.scoreboard` runs the evaluations and prints the table;
`tests/test_accuracy_docs.py` fails when docs/accuracy.md quotes a figure that the
code no longer reproduces.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"

#: corpus name -> (path below shared/corpora, `repwatch eval` corpus argument)
SOURCES = {
    "plover": ("plover_gsr/plover_gsr_flat.jsonl", "plover"),
    "tr_news": ("tr_news/TR-News.xml", "tr_news"),
    "geowebnews": ("geowebnews/GWN.xml", "geowebnews"),
    "lgl": ("lgl/lgl.xml", "lgl"),
    "tempeval": ("tempeval3", "tempeval"),
    "polnear": ("polnear", "polnear"),
    "acled": ("acled_notes", "acled"),
}


@dataclass(frozen=True)
class Figure:
    corpus: str
    split: str
    field: str  # dotted path into the report's to_json()
    label: str
    target: str  # as the issue states it, or "—"


FIGURES: tuple[Figure, ...] = (
    Figure("tr_news", "dev", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("tr_news", "test", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("tr_news", "dev", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("tr_news", "test", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("tr_news", "test", "overlap.f1", "toponym recognition F1 (overlap)", "—"),
    Figure("tr_news", "test", "median_km", "median error (km)", "—"),
    Figure("geowebnews", "dev", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("geowebnews", "test", "country_accuracy", "resolved-toponym country accuracy",
           "≥ 0.95"),
    Figure("geowebnews", "dev", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("geowebnews", "test", "acc_161km", "accuracy within 161 km", "≥ 0.80"),
    Figure("geowebnews", "test", "overlap.f1", "toponym recognition F1 (overlap)", "—"),
    Figure("lgl", "test", "country_accuracy", "resolved-toponym country accuracy", "≥ 0.95"),
    Figure("lgl", "test", "acc_161km", "accuracy within 161 km", "—"),
    Figure("lgl", "test", "overlap.f1", "toponym recognition F1 (overlap)", "—"),
    Figure("tempeval", "dev", "value_accuracy", "DATE value accuracy (all DATE)", "≥ 0.80"),
    Figure("tempeval", "test", "value_accuracy", "DATE value accuracy (all DATE)", "≥ 0.80"),
    Figure("tempeval", "test", "calendar_value_accuracy", "DATE value accuracy (calendar dates)",
           "—"),
    Figure("polnear", "dev", "speaker_match", "direct quotes: speaker match", "≥ 0.85"),
    Figure("polnear", "dev", "direct_f1", "direct quotes: detection F1", "—"),
    Figure("polnear", "dev", "indirect_recall", "reported speech: recall", "—"),
    Figure("acled", "dev", "location_country", "event location: country", "≥ 0.90"),
    Figure("acled", "test", "location_country", "event location: country", "≥ 0.90"),
    Figure("acled", "dev", "location_name", "event location: name", "≥ 0.60"),
    Figure("acled", "test", "location_name", "event location: name", "≥ 0.60"),
    Figure("acled", "dev", "event_date", "event date (all notes)", "≥ 0.85"),
    Figure("acled", "test", "event_date", "event date (all notes)", "≥ 0.85"),
    Figure("acled", "dev", "event_date_year_stated", "event date (notes that state a year)",
           "≥ 0.85"),
    Figure("acled", "test", "event_date_year_stated", "event date (notes that state a year)",
           "≥ 0.85"),
)  # fmt: skip


def command(f: Figure) -> str:
    path, name = SOURCES[f.corpus]
    return f"repwatch eval {name} ../shared/corpora/{path} --split {f.split}"


@cache
def report(corpus: str, split: str) -> dict[str, Any]:
    from repwatch.cli.eval import ADAPTERS

    path, name = SOURCES[corpus]
    result: dict[str, Any] = ADAPTERS[name](CORPORA / path, split, None).to_json()
    return result


def value(f: Figure) -> float:
    node: Any = report(f.corpus, f.split)
    for part in f.field.split("."):
        node = node[part]
    return float(node)


def fmt(f: Figure, x: float) -> str:
    return f"{x:.1f}" if f.field.endswith("_km") else f"{x:.3f}"


def table() -> str:
    lines = [
        "| corpus | split | figure | repwatch | target | command |",
        "|---|---|---|---|---|---|",
    ]
    for f in FIGURES:
        lines.append(f"| {f.corpus} | {f.split} | {f.label} | {fmt(f, value(f))} | {f.target} "
                     f"| `{command(f)}` |")  # fmt: skip
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(table())
