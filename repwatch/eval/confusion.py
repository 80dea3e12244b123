"""Confusion matrices, the most frequent errors, and per-class F1, shared by the scorers.

A `Confusion` counts (gold, predicted) label pairs and keeps up to `EXAMPLES` record
ids for each pair, so a report can name where an error happens without quoting any
gold text.  ``NONE`` is the predicted label when the system coded nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from repwatch.eval.metrics import f1, ratio

NONE = "None"  # predicted label when there is no prediction
EXAMPLES = 3  # record ids kept per (gold, predicted) pair
WORST = 10  # error pairs listed in a report's JSON


@dataclass(frozen=True)
class ErrorPair:
    """One kind of error: how often `gold` was predicted as `predicted`, and where."""

    gold: str
    predicted: str
    count: int
    examples: tuple[str, ...]  # record ids, never text

    def to_json(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "count": self.count,
                "examples": list(self.examples)}  # fmt: skip


@dataclass(frozen=True)
class ClassScore:
    """Precision, recall and F1 of one gold class; `support` is its gold count."""

    precision: float
    recall: float
    f1: float
    support: int

    def to_json(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "support": self.support}  # fmt: skip


@dataclass
class Confusion:
    """Counts of gold label -> predicted label, with example record ids per pair."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    examples: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, gold: str, predicted: str | None, record_id: str) -> None:
        predicted = predicted or NONE
        self.counts.setdefault(gold, Counter())[predicted] += 1
        ids = self.examples.setdefault((gold, predicted), [])
        if len(ids) < EXAMPLES:
            ids.append(record_id)

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.counts.values())

    @property
    def correct(self) -> int:
        return sum(row[gold] for gold, row in self.counts.items())

    def worst(self, n: int = WORST) -> list[ErrorPair]:
        """The `n` most frequent errors (gold != predicted), most frequent first; ties
        in gold then predicted order, so reports are stable."""
        pairs = [(count, gold, pred) for gold, row in self.counts.items()
                 for pred, count in row.items() if pred != gold]  # fmt: skip
        pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
        return [ErrorPair(g, p, c, tuple(self.examples.get((g, p), ()))) for c, g, p in pairs[:n]]

    def per_class(self) -> dict[str, ClassScore]:
        """Precision, recall and F1 for each gold class.  A predicted label that no
        record has as gold (``NONE`` included) only lowers the recall of the gold class
        it replaced."""
        predicted: Counter[str] = Counter()
        for row in self.counts.values():
            predicted.update(row)
        out = {}
        for gold in sorted(self.counts):
            support = sum(self.counts[gold].values())
            hits = self.counts[gold][gold]
            p, r = ratio(hits, predicted[gold]), ratio(hits, support)
            out[gold] = ClassScore(p, r, f1(p, r), support)
        return out

    def weighted_f1(self) -> float:
        """Mean per-class F1 over gold classes, weighted by gold support."""
        scores = self.per_class().values()
        return ratio(sum(s.f1 * s.support for s in scores), sum(s.support for s in scores))

    def macro_f1(self) -> float:
        """Unweighted mean per-class F1 over gold classes."""
        scores = list(self.per_class().values())
        return ratio(sum(s.f1 for s in scores), len(scores))

    def to_json(self) -> dict[str, dict[str, int]]:
        return {gold: dict(sorted(row.items())) for gold, row in sorted(self.counts.items())}


def miss_lines(pairs: list[ErrorPair], texts: dict[str, str]) -> list[dict[str, Any]]:
    """The worst pairs, each with its first example's text, for the terminal only."""
    out = []
    for pair in pairs:
        first = pair.examples[0] if pair.examples else None
        out.append({"gold": pair.gold, "predicted": pair.predicted, "count": pair.count,
                    "id": first, "text": texts.get(first or "", "")})  # fmt: skip
    return out
