"""Arithmetic every scorer shares."""

from __future__ import annotations


def ratio(part: float, whole: float) -> float:
    """`part / whole`, or 0.0 when there is nothing to divide by."""
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0.0 when both are 0)."""
    return ratio(2 * precision * recall, precision + recall)


class Counted:
    """Precision and recall from the ``tp``, ``fp`` and ``fn`` counts of a subclass
    (a dataclass with those fields)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)
