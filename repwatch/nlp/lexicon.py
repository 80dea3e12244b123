"""The trigger lexicon: which words code which PLOVER event type and mode.

Data lives in ``resources/events/triggers.tsv``; columns:

``trigger``  the trigger word's lemma and the lemmas of words that must hang off it:
             head first for verbs ("call for", "crack down", "hold talk"), head last
             for noun compounds ("hunger strike", "air raid"), head first for
             "X of Y" nouns ("state of emergency");
``pos``      VERB, NOUN or ANY;
``type``     PLOVER 2021 category;
``mode``     PLOVER mode or empty;
``frame``    empty, or ``irrealis`` for verbs whose embedded events did not (yet)
             happen: "threatened to attack", "demanded the release of", "refused to
             meet".  Events embedded under such a verb are not coded separately;
``intent``   ``yes`` for cooperative events turned into AGREE by intent words ("will
             support", "pledged to provide aid"), as CAMEO codes intent (03).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from repwatch.errors import ResourceError
from repwatch.model import PLOVER_TYPES


@dataclass(frozen=True)
class Trigger:
    lemma: str
    needs: tuple[str, ...]  # lemmas of required dependents
    pos: str  # VERB, NOUN, ANY
    type: str
    mode: str | None
    irrealis: bool
    intent: bool


@dataclass(frozen=True)
class Lexicon:
    by_lemma: dict[str, tuple[Trigger, ...]]

    def candidates(self, lemma: str) -> tuple[Trigger, ...]:
        return self.by_lemma.get(lemma, ())


def load(path: Path | None = None) -> Lexicon:
    path = path or Path(str(resources.files("repwatch") / "resources" / "events" / "triggers.tsv"))
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    by: dict[str, list[Trigger]] = {}
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        words = (row.get("trigger") or "").lower().split()
        type_ = (row.get("type") or "").strip()
        pos = (row.get("pos") or "ANY").strip().upper()
        if not words or type_ not in PLOVER_TYPES or pos not in ("VERB", "NOUN", "ANY"):
            raise ResourceError(f"{path.name}: line {n}: bad trigger row {row!r}")
        head, needs = _head(words, pos)
        trig = Trigger(
            lemma=head, needs=needs, pos=pos, type=type_,
            mode=(row.get("mode") or "").strip() or None,
            irrealis=(row.get("frame") or "").strip() == "irrealis",
            intent=(row.get("intent") or "").strip() == "yes",
        )  # fmt: skip
        by.setdefault(trig.lemma, []).append(trig)
    # more specific entries (with required dependents) are tried first
    return Lexicon({k: tuple(sorted(v, key=lambda t: -len(t.needs))) for k, v in by.items()})


def _head(words: list[str], pos: str) -> tuple[str, tuple[str, ...]]:
    """Verb phrases are head-first ("call for"); noun compounds head-last ("hunger
    strike", "air raid"), except "X of Y" ("state of emergency")."""
    if pos == "NOUN" and len(words) > 1 and "of" not in words:
        return words[-1], tuple(words[:-1])
    return words[0], tuple(words[1:])


@lru_cache(maxsize=1)
def load_cached() -> Lexicon:
    return load()
