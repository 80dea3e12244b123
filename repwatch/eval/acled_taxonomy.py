"""ACLED taxonomy figures for `repwatch eval acled`: the event's ACLED coding and its
PLOVER type against the coder's gold ``event_type`` and ``sub_event_type``.

* ``acled_event_type_accuracy`` / ``acled_sub_event_accuracy``: the `Event.acled` of
  the note's first event that has an ACLED coding equals the gold event type /
  sub-event type (verbal events such as "police said" are not what ACLED codes).  A
  note with no such event counts as wrong.
* ``plover_type_recall``: a note is a hit when any event extracted from it has a PLOVER
  type compatible with the gold sub-event type, per ``resources/eval/acled_plover.tsv``.
  Sub-event types with no PLOVER counterpart are left out; ``plover_type_excluded``
  counts those notes.
* ``protest_precision``: over notes where repwatch extracts a PROTEST event, the share
  that ACLED coded as Protests or Riots.
* ``confusion`` (gold -> predicted sub-event type, ``"None"`` for no coding) and
  ``worst``, the most frequent errors with up to 3 note ids each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from repwatch.errors import ResourceError
from repwatch.eval.confusion import NONE, Confusion, miss_lines
from repwatch.eval.metrics import ratio
from repwatch.model import ACLED_TYPE_OF, PLOVER_TYPES, Event

DEMONSTRATIONS = frozenset({"Protests", "Riots"})


def table_path() -> Path:
    return Path(str(resources.files("repwatch") / "resources" / "eval" / "acled_plover.tsv"))


def load_plover_map(path: Path | None = None) -> dict[str, frozenset[str]]:
    """ACLED sub-event type -> compatible PLOVER types (empty: no counterpart).  Every
    one of ACLED's 25 sub-event types must have exactly one row."""
    path = path or table_path()
    table: dict[str, frozenset[str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            raise ResourceError(f"{path}:{n}: expected 3 tab-separated columns, got {len(cols)}")
        sub, types = cols[0].strip(), frozenset(t.strip() for t in cols[1].split(",") if t.strip())
        if sub not in ACLED_TYPE_OF:
            raise ResourceError(f"{path}:{n}: unknown ACLED sub-event type {sub!r}")
        if sub in table:
            raise ResourceError(f"{path}:{n}: {sub!r} listed twice")
        if bad := sorted(types - set(PLOVER_TYPES)):
            raise ResourceError(f"{path}:{n}: not PLOVER 2021 types {bad}")
        table[sub] = types
    if missing := sorted(set(ACLED_TYPE_OF) - set(table)):
        raise ResourceError(f"{path}: no row for ACLED sub-event types {missing}")
    return table


@cache
def plover_map() -> dict[str, frozenset[str]]:
    return load_plover_map()


@dataclass
class TaxonomyScore:
    """Counts behind the taxonomy figures of one ACLED report."""

    notes: int = 0
    type_hits: int = 0
    sub_hits: int = 0
    plover_scored: int = 0
    plover_hits: int = 0
    plover_excluded: int = 0
    protest_predicted: int = 0
    protest_correct: int = 0
    confusion: Confusion = field(default_factory=Confusion)
    texts: dict[str, str] = field(default_factory=dict)  # first example of each error pair

    def add(self, note_id: str, text: str, gold_type: str, gold_sub: str,
            events: list[Event]) -> None:  # fmt: skip
        self.notes += 1
        # The note's ACLED event is the first event that has an ACLED coding: a
        # note's verbal events ("police said") are not what ACLED codes (as in the
        # CASE 2021 adapter).
        coding = next((e.acled for e in events if e.acled is not None), None)
        predicted = coding.sub_event_type if coding else None
        self.type_hits += bool(coding and coding.event_type == gold_type)
        self.sub_hits += predicted == gold_sub
        if predicted != gold_sub and (gold_sub, predicted or NONE) not in self.confusion.examples:
            self.texts[note_id] = text
        self.confusion.add(gold_sub, predicted, note_id)
        compatible = plover_map().get(gold_sub, frozenset())
        if compatible:
            self.plover_scored += 1
            self.plover_hits += any(e.type in compatible for e in events)
        else:
            self.plover_excluded += 1
        if any(e.type == "PROTEST" for e in events):
            self.protest_predicted += 1
            self.protest_correct += gold_type in DEMONSTRATIONS

    @property
    def misses(self) -> list[dict[str, Any]]:
        return miss_lines(self.confusion.worst(len(self.confusion.examples)), self.texts)

    def to_json(self) -> dict[str, Any]:
        return {
            "acled_event_type_accuracy": round(ratio(self.type_hits, self.notes), 4),
            "acled_sub_event_accuracy": round(ratio(self.sub_hits, self.notes), 4),
            "plover_type_recall": round(ratio(self.plover_hits, self.plover_scored), 4),
            "plover_type_scored": self.plover_scored,
            "plover_type_excluded": self.plover_excluded,
            "protest_precision": round(ratio(self.protest_correct, self.protest_predicted), 4),
            "protest_predicted_notes": self.protest_predicted,
            "confusion": self.confusion.to_json(),
            "worst": [pair.to_json() for pair in self.confusion.worst()],
        }
