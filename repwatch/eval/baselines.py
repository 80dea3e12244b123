"""Baselines the learned ACLED classifier must beat, scored on held-out data.

Systems:

* ``keyword``: a hand-written keyword list per ACLED sub-event type (``KEYWORDS``);
  the first type with a matching word wins, else "Peaceful protest";
* ``tfidf``: scikit-learn TfidfVectorizer (words, sublinear tf) and
  LogisticRegression(C=10); C=10 and unigrams were chosen by 3-fold
  cross-validation on the GSR dev half (C=1 predicts little but the majority class
  on 98 sentences);
* ``model``: repwatch's classifier (``repwatch/nlp/classifier.py``), if a model file
  exists.

Tasks (the gold data is read from ``corpora`` at evaluation time, never copied):

* ``acled``: sub-event accuracy on our ``test`` half of the ACLED notes, after
  training on the ``dev`` half.  A note repeated across rows counts once, in the half
  of its first row, so no text is in both halves;
* ``case2021``: weighted F1 on CASE 2021 task 2 snippets whose gold label is one of
  ACLED's 25 sub-event types; on our ``test`` half of the rows and on all rows.  The
  TF-IDF baseline, like repwatch's classifier (``tools/train_acled.py``), trains on
  the ACLED dev notes and the CASE rows of our ``dev`` half, so its ``all`` figure
  includes rows it was trained on: read the ``test`` one;
* ``gsr``: PLOVER type accuracy on the GSR sentences of our ``test`` half, trained on
  the ``dev`` half (one label per sentence, its first record's type).

scikit-learn is a development dependency; it is imported only inside the functions
that train, and EvalError says so when it is missing.
``python -m repwatch.eval.baselines [CORPORA]`` prints the table.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from repwatch.errors import EvalError
from repwatch.eval.metrics import f1, ratio
from repwatch.eval.splits import keep
from repwatch.model import ACLED_TYPE_OF

ACLED_FILES = ("acled_world_2020-04-27_to_05-09.csv", "acled_kenya_2004-2019.csv",
               "acled_bangladesh_demonstrations_2022-2024.csv")  # fmt: skip
CASE_FILE = Path("case2021_task2") / "test_set_final_release_with_labels.tsv"
GSR_FILE = Path("plover_gsr") / "plover_gsr_flat.jsonl"
DEFAULT_CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"

#: CASE 2021 task 2 label -> ACLED sub-event type (the task's own abbreviations).
CASE_TO_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED", "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}  # fmt: skip

#: Keyword baseline: checked in this order, first match wins.  Each entry is a word
#: prefix matched at a word start, case-insensitively.
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Chemical weapon", ("chemical weapon", "chemical attack", "sarin", "chlorine gas",
                         "mustard gas", "nerve agent", "toxic gas")),
    ("Suicide bomb", ("suicide bomb", "suicide attack", "suicide vest", "blew himself up",
                      "blew herself up")),
    ("Sexual violence", ("rape", "sexual", "sexually", "molest")),
    ("Air/drone strike", ("airstrike", "air strike", "air raid", "drone", "warplane",
                          "fighter jet", "aerial bomb", "helicopter gunship")),
    ("Grenade", ("grenade",)),
    ("Remote explosive/landmine/IED", ("ied", "improvised explosive", "landmine", "land mine",
                                       "roadside bomb", "car bomb", "explosive device")),
    ("Shelling/artillery/missile attack", ("shell", "artillery", "mortar", "rocket", "missile")),
    ("Chemical weapon", ("chemical",)),
    ("Excessive force against protesters", ("opened fire on protesters", "shot dead a protester",
                                            "live ammunition", "live bullets")),
    ("Protest with intervention", ("tear gas", "teargas", "dispersed", "disperse", "baton",
                                   "water cannon", "rubber bullet")),
    ("Abduction/forced disappearance", ("abduct", "kidnap", "disappeared", "disappearance")),
    ("Arrests", ("arrest", "detained", "detain", "rounded up")),
    ("Mob violence", ("mob", "lynch", "vigilante")),
    ("Violent demonstration", ("riot", "pelted", "threw stones", "hurled stones", "burnt tyres",
                               "burned tyres", "burning tyres", "vandali")),
    ("Looting/property destruction", ("loot", "torched", "set ablaze", "set on fire",
                                      "burned down", "burnt down", "destroyed")),
    ("Agreement", ("agreement", "ceasefire", "cease-fire", "peace deal", "truce", "signed")),
    ("Government regains territory", ("regained control", "recaptured", "retook", "liberated")),
    ("Non-state actor overtakes territory", ("seized control", "took control", "overran",
                                             "captured the town", "captured the village")),
    ("Non-violent transfer of territory", ("withdrew from", "handed over", "withdrawal")),
    ("Headquarters or base established", ("established a base", "set up a base",
                                          "new base", "headquarters")),
    ("Disrupted weapons use", ("defused", "weapons cache", "arms cache", "foiled",
                               "intercepted", "shot down", "dismantled", "seized weapons")),
    ("Change to group/activity", ("relocated", "disbanded", "merged", "renamed", "curfew")),
    ("Armed clash", ("clash", "exchange of fire", "exchanged fire", "gunfight", "fighting",
                     "battle", "ambush", "fought")),
    ("Attack", ("attack", "killed", "shot", "stabbed", "assault", "hacked", "murder",
                "beat", "gunmen")),
    ("Peaceful protest", ("protest", "demonstrat", "rally", "march", "strike", "sit-in",
                          "human chain")),
)  # fmt: skip
KEYWORD_DEFAULT = "Peaceful protest"
_PATTERNS = tuple(
    (label, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE))
    for label, words in KEYWORDS
)


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    label: str


@dataclass(frozen=True)
class Score:
    system: str  # keyword | tfidf | model
    task: str  # acled | case2021 | gsr
    split: str  # the rows scored: test | all
    metric: str  # accuracy | weighted_f1
    value: float
    n: int


@dataclass
class BaselineReport:
    corpora: str
    scores: list[Score] = field(default_factory=list)
    model_version: str | None = None

    def value(self, system: str, task: str, split: str = "test") -> float | None:
        hits = [
            s.value for s in self.scores if (s.system, s.task, s.split) == (system, task, split)
        ]
        return hits[0] if hits else None

    def to_json(self) -> dict[str, Any]:
        return {
            "corpora": self.corpora,
            "model_version": self.model_version,
            "scores": [{**asdict(s), "value": round(s.value, 4)} for s in self.scores],
        }

    def table(self) -> str:
        lines = ["| system | task | rows | metric | value | n |", "|---|---|---|---|---|---|"]
        for s in self.scores:
            lines.append(f"| {s.system} | {s.task} | {s.split} | {s.metric} | "
                         f"{s.value:.3f} | {s.n} |")  # fmt: skip
        return "\n".join(lines)


def read_acled(folder: Path, split: str = "all") -> list[Labelled]:
    """ACLED notes with their gold sub-event type; a repeated note counts once, in the
    half of its first row (files read in `ACLED_FILES` order)."""
    paths = [folder / f for f in ACLED_FILES if (folder / f).is_file()]
    if not paths:
        raise EvalError(f"{folder}: no ACLED files found")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: list[Labelled] = []
    seen: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"notes", "sub_event_type", "event_id_cnty"} - set(reader.fieldnames or ())
            if missing:
                raise EvalError(f"{path}: not an ACLED export (missing {sorted(missing)})")
            for n, row in enumerate(reader, 2):
                text = (row["notes"] or "").strip()
                if not text or text in seen:
                    continue
                seen.add(text)
                label = (row["sub_event_type"] or "").strip()
                if label not in ACLED_TYPE_OF:
                    raise EvalError(f"{path}:{n}: unknown sub_event_type {label!r}")
                if keep(row["event_id_cnty"], split):
                    out.append(Labelled(row["event_id_cnty"], text, label))
    return out


def read_case(path: Path, split: str = "all") -> list[Labelled]:
    """CASE 2021 task 2 rows whose gold label is an ACLED sub-event type, mapped."""
    if not path.is_file():
        raise EvalError(f"{path}: CASE 2021 file not found")
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if not {"id", "EventSnippet", "SubType"} <= set(reader.fieldnames or ()):
            raise EvalError(f"{path}: not a CASE 2021 task 2 file (need id, EventSnippet, SubType)")
        for row in reader:
            label = CASE_TO_ACLED.get((row["SubType"] or "").strip())
            if label and keep(str(row["id"]).strip(), split):
                out.append(Labelled(str(row["id"]).strip(), row["EventSnippet"] or "", label))
    return out


def read_gsr(path: Path, split: str = "all") -> list[Labelled]:
    """GSR sentences with their PLOVER 2021 type (the first record's, per sentence)."""
    from repwatch.eval.plover import read_gold  # imports spaCy: only when asked

    out: dict[str, Labelled] = {}
    for g in read_gold(path, split):
        out.setdefault(g.text, Labelled(g.id, g.text, g.type))
    return list(out.values())


def keyword_guess(text: str) -> str:
    for label, pattern in _PATTERNS:
        if pattern.search(text):
            return label
    return KEYWORD_DEFAULT


def _sklearn() -> Any:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise EvalError("scikit-learn is not installed (pip install -e '.[dev]')") from None
    return sklearn


def train_tfidf(texts: Sequence[str], labels: Sequence[str]) -> Callable[[list[str]], list[str]]:
    """TF-IDF (words) + logistic regression; returns a predict function."""
    _sklearn()
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(TfidfVectorizer(sublinear_tf=True),
                          LogisticRegression(C=10.0, max_iter=1000))  # fmt: skip
    model.fit(list(texts), list(labels))
    return lambda batch: [str(x) for x in model.predict(batch)]


def accuracy(gold: Sequence[str], guess: Sequence[str]) -> float:
    return ratio(sum(g == p for g, p in zip(gold, guess, strict=True)), len(gold))


def weighted_f1(gold: Sequence[str], guess: Sequence[str]) -> float:
    """Per-class F1 averaged with weights by gold support (as scikit-learn's 'weighted')."""
    pairs = list(zip(gold, guess, strict=True))
    support = Counter(gold)
    predicted = Counter(guess)
    total = 0.0
    for label, n in support.items():
        tp = sum(g == p == label for g, p in pairs)
        total += n * f1(ratio(tp, predicted[label]), ratio(tp, n))
    return ratio(total, len(gold))


def evaluate_baselines(corpora: Path = DEFAULT_CORPORA, model: Path | None = None,
                       gsr: bool = True) -> BaselineReport:  # fmt: skip
    """Score keyword, TF-IDF and (if a model file exists) the learned classifier."""
    from repwatch.nlp.classifier import load_classifier

    report = BaselineReport(corpora=str(corpora))
    dev = read_acled(corpora / "acled_notes", "dev")
    test = read_acled(corpora / "acled_notes", "test")
    case = {s: read_case(corpora / CASE_FILE, s) for s in ("test", "all")}
    train = dev + read_case(corpora / CASE_FILE, "dev")  # the visible data we train on
    systems: dict[str, Callable[[list[str]], list[str]]] = {
        "keyword": lambda batch: [keyword_guess(t) for t in batch],
        "tfidf": train_tfidf([n.text for n in train], [n.label for n in train]),
    }
    clf = load_classifier(model)
    if clf is not None:
        report.model_version = clf.version
        if clf.trained_on == "all":  # tools/train_acled.py --split all: nothing held out
            report.model_version += " (trained on all rows: the test figures are not held out)"
        systems["model"] = lambda batch: [g.sub_event_type for g in clf.predict(batch)]
    for name, predict in systems.items():
        guess = predict([n.text for n in test])
        report.scores.append(
            Score(
                name,
                "acled",
                "test",
                "accuracy",
                accuracy([n.label for n in test], guess),
                len(test),
            )
        )
        for split, rows in case.items():
            gold = [r.label for r in rows]
            value = weighted_f1(gold, predict([r.text for r in rows]))
            report.scores.append(Score(name, "case2021", split, "weighted_f1", value, len(rows)))
    if gsr:
        train = read_gsr(corpora / GSR_FILE, "dev")
        held = read_gsr(corpora / GSR_FILE, "test")
        guess = train_tfidf([r.text for r in train], [r.label for r in train])(
            [r.text for r in held]
        )
        value = accuracy([r.label for r in held], guess)
        report.scores.append(Score("tfidf", "gsr", "test", "accuracy", value, len(held)))
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    as_json = "--json" in args
    paths = [a for a in args if not a.startswith("--")]
    try:
        report = evaluate_baselines(Path(paths[0]) if paths else DEFAULT_CORPORA)
    except EvalError as exc:
        print(f"repwatch: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_json(), indent=2) if as_json else report.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
