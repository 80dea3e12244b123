"""Score ACLED sub-event typing against CASE 2021 shared task 2 (fine-grained event
classification; gold read from ../shared at evaluation time, never copied here).

Each row's ``EventSnippet`` is coded as a tiny article.  The prediction is the ACLED
sub-event type of the first event that has an ACLED coding (``None`` when no event
has one).  The gold ``SubType`` is one of the task's 30 abbreviations: the 25 ACLED
sub-event types, mapped to ACLED's spelling by `LABELS`, and 5 types outside ACLED
(`NON_ACLED`), whose rows are skipped and counted.

Figures, over the rows whose gold is an ACLED class: accuracy, weighted F1 (per-class
F1 averaged with gold support as weights, over gold classes, as the task ranked
systems) and macro F1 (the plain mean over gold classes); a confusion matrix and the
most frequent errors with up to 3 row ids each.  ``--split dev|test`` keeps a row by
a hash of its id (`repwatch.eval.splits`).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval.confusion import NONE, Confusion, miss_lines
from repwatch.eval.metrics import ratio
from repwatch.eval.splits import keep
from repwatch.model import Article, Event
from repwatch.nlp import pipeline

#: the task's abbreviation -> ACLED's sub-event type
LABELS: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
#: the task's 5 types that ACLED does not have
NON_ACLED = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"})
COLUMNS = ("id", "EventSnippet", "SubType")


@dataclass(frozen=True)
class Snippet:
    id: str
    text: str
    gold: str  # ACLED sub-event type


@dataclass
class Case2021Report:
    corpus: str
    split: str
    rows: int = 0  # rows in the split, skipped ones included
    skipped_non_acled: int = 0
    confusion: Confusion = field(default_factory=Confusion)
    texts: dict[str, str] = field(default_factory=dict)  # first example of each error pair

    @property
    def scored(self) -> int:
        return self.confusion.total

    @property
    def accuracy(self) -> float:
        return ratio(self.confusion.correct, self.scored)

    @property
    def misses(self) -> list[dict[str, Any]]:
        """The most frequent errors, each with one example snippet (terminal only)."""
        return miss_lines(self.confusion.worst(len(self.confusion.examples)), self.texts)

    def add(self, snippet: Snippet, predicted: str | None) -> None:
        pair = (snippet.gold, predicted or NONE)
        if predicted != snippet.gold and pair not in self.confusion.examples:
            self.texts[snippet.id] = snippet.text
        self.confusion.add(snippet.gold, predicted, snippet.id)

    def to_json(self) -> dict[str, Any]:
        per_class = self.confusion.per_class()
        none = sum(row[NONE] for row in self.confusion.counts.values())
        return {
            "corpus": self.corpus, "split": self.split, "rows": self.rows,
            "scored": self.scored, "skipped_non_acled": self.skipped_non_acled,
            "accuracy": round(self.accuracy, 4),
            "weighted_f1": round(self.confusion.weighted_f1(), 4),
            "macro_f1": round(self.confusion.macro_f1(), 4),
            "predicted_none": none,
            "per_class": {k: v.to_json() for k, v in per_class.items()},
            "confusion": self.confusion.to_json(),
            "worst": [pair.to_json() for pair in self.confusion.worst()],
        }  # fmt: skip


def read_snippets(path: Path, split: str = "all",
                  limit: int | None = None) -> tuple[list[Snippet], int, int]:  # fmt: skip
    """The ACLED-labelled snippets of `split`, the number of rows in the split, and how
    many of them were skipped for a non-ACLED label."""
    if not path.is_file():
        raise EvalError(f"{path}: CASE 2021 task 2 file not found")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    snippets: list[Snippet] = []
    rows = skipped = 0
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = tuple(next(reader, ()))
        if header != COLUMNS:
            raise EvalError(f"{path}: not a CASE 2021 task 2 file (header {list(header)})")
        for n, row in enumerate(reader, 2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 3:
                raise EvalError(f"{path}:{n}: expected 3 tab-separated columns, got {len(row)}")
            rid, text, label = (cell.strip() for cell in row)
            if label not in LABELS and label not in NON_ACLED:
                raise EvalError(f"{path}:{n}: unknown SubType {label!r}")
            if not keep(rid, split):
                continue
            rows += 1
            if label in NON_ACLED:
                skipped += 1
                continue
            snippets.append(Snippet(rid, text, LABELS[label]))
            if limit and len(snippets) >= limit:
                break
    return snippets, rows, skipped


def predict(events: Iterable[Event]) -> str | None:
    """The ACLED sub-event type of the first event that has one."""
    return next((e.acled.sub_event_type for e in events if e.acled is not None), None)


def evaluate(path: Path, split: str = "all", limit: int | None = None,
             nlp: Language | None = None) -> Case2021Report:  # fmt: skip
    snippets, rows, skipped = read_snippets(path, split, limit)
    report = Case2021Report(corpus=str(path), split=split, rows=rows, skipped_non_acled=skipped)
    articles = (Article(id=s.id, text=s.text) for s in snippets)
    for snippet, result in zip(snippets, pipeline.extract(articles, nlp), strict=True):
        report.add(snippet, predict(result.events))
    return report
