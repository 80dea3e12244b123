"""Cross-validate the taxonomy stage's policy (who decides: model or rules) inside the
dev halves.

    .venv/bin/python tools/cv_policy.py [--stack]

For each of 2 folds of our ``dev`` ACLED notes and CASE 2021 rows (by a hash of the
row id), the hashed classifier is trained on the other fold (plus the seed notes, as
`tools/train_acled.py` trains it) and guesses each held-out text.  The rules' coding
comes from one pipeline run with the model off (``acled_model_threshold`` above 1).
The policy of `repwatch.nlp.taxonomy` is then replayed per text:

* the rules coded an event: the model's type when its probability is at least the bar
  `t`, else the rules' type;
* the rules coded none but some event is neither negated nor hypothetical: the
  model's type when its probability is at least the fallback bar `f`;
* the events stage extracted no event at all: the model's type when its probability
  is at least the event bar `e` (`repwatch.nlp.model_events`);
* otherwise no coding.

It prints ACLED accuracy and CASE weighted F1 over a grid of `t` and `f` (with no
model events), then over `e` at the stage's `t` and `f`, the classifier alone, and
where the policy and the classifier alone disagree at the stage's own bars
(`breakdown`).  The replay reads each text whole, where the stage reads each event's
paragraph; ACLED notes and CASE rows are one paragraph each.  ``--stack`` also gives
the classifier the rules' coding as an extra feature (a "stacking" experiment,
docs/accuracy.md).  ``--family`` also replays a gated policy: the model may override
the rules' type only with a sub-event type whose PLOVER types
(`repwatch/resources/eval/acled_plover.tsv`) include the type of some eligible event
in the text (the tenth round, docs/accuracy.md).  Reads ../shared at run time; writes
nothing.  Takes about ten minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from repwatch import settings
from repwatch.errors import RepwatchError
from repwatch.eval.baselines import Labelled, read_acled, read_case, weighted_f1

if __package__ in (None, ""):  # run as a script: make `tools` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import train_acled as training  # noqa: E402

BARS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.01)
FALLBACKS = (0.9, 0.8, 0.7, 0.5)
EVENT_BARS = (2.0, 0.95, 0.9, 0.8, 0.7, 0.5)


@dataclass(frozen=True)
class Rules:
    first: str | None  # the sub-event type of the first event the rules coded
    eligible: bool  # some event is neither negated nor hypothetical
    any_event: bool = True  # the events stage extracted some event
    types: frozenset[str] = frozenset()  # the PLOVER types of the eligible events


def fold_of(row: Labelled) -> int:
    return zlib.crc32(row.id.encode("utf-8")) % 2


def rules_run(rows: list[Labelled]) -> dict[str, Rules]:
    """The rules' coding of each row, from one pipeline run with the model off."""
    os.environ["REPWATCH_ACLED_MODEL_THRESHOLD"] = "2"
    from repwatch.model import Article
    from repwatch.nlp import pipeline

    out = {}
    articles = (Article(id=r.id, text=r.text) for r in rows)
    for row, result in zip(rows, pipeline.extract(articles), strict=True):
        first = next((e.acled.sub_event_type for e in result.events if e.acled), None)
        eligible = [e.type for e in result.events if not e.negated
                    and (e.claim is None or e.claim.certainty != "hypothetical")]  # fmt: skip
        out[row.id] = Rules(first, bool(eligible), bool(result.events), frozenset(eligible))
    return out


def hint(rules: Rules) -> str:
    """The rules' coding as pseudo-words for the hashed features (``--stack``)."""
    tag = re.sub(r"[^a-z]", "", (rules.first or "none").lower())
    return f" zzrule{tag}" * 3


def guesses(acled: list[Labelled], case: list[Labelled], rules: dict[str, Rules],
            stack: bool) -> dict[str, tuple[str, float]]:  # fmt: skip
    """Each row's out-of-fold guess: (sub-event type, probability)."""
    from repwatch.nlp.classifier import AcledClassifier, FeatureSpec

    def text(row: Labelled) -> str:
        return row.text.strip() + (hint(rules[row.id]) if stack else "")

    seeds = training.read_seeds()
    out = {}
    for k in (0, 1):
        notes = [r for r in acled if fold_of(r) != k]
        sentences = [r for r in case if fold_of(r) != k]
        texts = [text(r) for r in notes + sentences] + [s.text for s in seeds]
        labels = [r.label for r in notes + sentences + seeds]
        weights = ([1.0] * len(notes) + [training.CASE_WEIGHT] * len(sentences)
                   + [1.0] * len(seeds))  # fmt: skip
        spec = FeatureSpec()
        classes, w, b = training.fit(texts, labels, spec, training.C,
                                     training.CLASS_WEIGHT_POWER, weights)  # fmt: skip
        model = AcledClassifier(classes, w, b, spec, f"fold-{k}")
        held = [r for r in acled + case if fold_of(r) == k]
        for row, guess in zip(held, model.predict([text(r) for r in held]), strict=True):
            out[row.id] = (guess.sub_event_type, guess.probability)
    return out


def decide(rules: Rules, guess: tuple[str, float], bar: float, fallback: float,
           event_bar: float = 2.0) -> str | None:  # fmt: skip
    label, probability = guess
    if rules.first is not None:
        return label if probability >= bar else rules.first
    if not rules.any_event:  # the model's own event (`repwatch.nlp.model_events`)
        return label if probability >= event_bar else None
    return label if rules.eligible and probability >= fallback else None


def gated(rules: Rules, guess: tuple[str, float], plover: dict[str, frozenset[str]],
          empty_ok: bool, event_bar: float, bar: float = 0.5) -> str | None:  # fmt: skip
    """`decide` at the stage's bars, but the model overrides the rules' type only with
    a type that fits an eligible event's PLOVER type (or, with `empty_ok`, a type that
    has no PLOVER counterpart)."""
    from repwatch.nlp.taxonomy import FALLBACK_MINIMUM

    label, probability = guess
    if rules.first is not None and probability >= bar:
        fits = plover.get(label, frozenset())
        if not ((fits & rules.types) if fits else empty_ok):
            return rules.first
    return decide(rules, guess, bar, FALLBACK_MINIMUM, event_bar)


def family(name: str, rows: list[Labelled], rules: dict[str, Rules],
           found: dict[str, tuple[str, float]]) -> None:  # fmt: skip
    """Print the gated policy's score next to the stage's, and who was right where
    the gate blocked an override."""
    from repwatch.eval.acled_taxonomy import load_plover_map
    from repwatch.nlp.taxonomy import FALLBACK_MINIMUM

    plover, events = load_plover_map(), float(settings.get("acled_model_events"))
    policy = [decide(rules[r.id], found[r.id], 0.5, FALLBACK_MINIMUM, events) for r in rows]
    print(f"  family gate: policy {score(name, rows, policy):.4f}", end="")
    for empty_ok in (True, False):
        gate = [gated(rules[r.id], found[r.id], plover, empty_ok, events) for r in rows]
        print(f"  gated (empty_ok={empty_ok}) {score(name, rows, gate):.4f}", end="")
        blocked = Counter((found[r.id][0] == r.label, rules[r.id].first == r.label)
                          for r, p, g in zip(rows, policy, gate, strict=True)
                          if p != g)  # fmt: skip
        print(f" [blocked (classifier right, rules right): {dict(sorted(blocked.items()))}]",
              end="")  # fmt: skip
    print()


def breakdown(rows: list[Labelled], rules: dict[str, Rules],
              found: dict[str, tuple[str, float]]) -> Counter[tuple[str, bool, bool]]:  # fmt: skip
    """(case, policy right, classifier alone right) -> rows, at the stage's own bars."""
    from repwatch.nlp.taxonomy import FALLBACK_MINIMUM

    event_bar = float(settings.get("acled_model_events"))
    out: Counter[tuple[str, bool, bool]] = Counter()
    for row in rows:
        r, (label, probability) = rules[row.id], found[row.id]
        if r.first is not None:
            case = "rules coded, p >= 0.5" if probability >= 0.5 else "rules coded, p < 0.5"
        elif not r.any_event:
            case = "no event at all"
        elif not r.eligible:
            case = "only negated or hypothetical events"
        else:
            case = "only uncoded events, p " + (">=" if probability >= FALLBACK_MINIMUM else "<")
        policy = decide(r, (label, probability), 0.5, FALLBACK_MINIMUM, event_bar)
        out[(case, policy == row.label, label == row.label)] += 1
    return out


def score(name: str, rows: list[Labelled], predicted: list[str | None]) -> float:
    gold = [r.label for r in rows]
    if name == "acled":
        return sum(p == g for p, g in zip(predicted, gold, strict=True)) / max(1, len(rows))
    return weighted_f1(gold, [p or "None" for p in predicted])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=training.DEFAULT_CORPUS)
    ap.add_argument("--case", type=Path, default=training.DEFAULT_CASE)
    ap.add_argument("--stack", action="store_true", help="also the rules' coding as a feature")
    ap.add_argument("--family", action="store_true",
                    help="also the policy gated by the text's PLOVER types")  # fmt: skip
    args = ap.parse_args(argv)
    try:
        acled, case = read_acled(args.corpus, "dev"), read_case(args.case, "dev")
    except RepwatchError as exc:
        print(f"cv_policy: {exc}", file=sys.stderr)
        return 1
    rules = rules_run(acled + case)
    for stack in (False, True) if args.stack else (False,):
        found = guesses(acled, case, rules, stack)
        for name, rows in (("acled", acled), ("case", case)):
            alone = score(name, rows, [found[r.id][0] for r in rows])
            print(f"{name} ({len(rows)} rows), stacked={stack}: classifier alone {alone:.4f}")
            for fallback in FALLBACKS:
                cells = [f"t={bar}: {score(name, rows, [decide(rules[r.id], found[r.id], bar, fallback) for r in rows]):.4f}"  # noqa: E501
                         for bar in BARS]  # fmt: skip
                print(f"  f={fallback}  " + "  ".join(cells))
            cells = [f"e={bar}: {score(name, rows, [decide(rules[r.id], found[r.id], 0.5, 0.9, bar) for r in rows]):.4f}"  # noqa: E501
                     for bar in EVENT_BARS]  # fmt: skip
            print("  t=0.5 f=0.9, event bar  " + "  ".join(cells))
            print("  (case, policy right, classifier alone right): rows")
            for key, n in sorted(breakdown(rows, rules, found).items()):
                print(f"    {key}: {n}")
            if args.family and not stack:
                family(name, rows, rules, found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
