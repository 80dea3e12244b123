"""Train the ACLED sub-event classifier (repwatch/nlp/classifier.py) on our dev halves.

    .venv/bin/python tools/train_acled.py [--corpus ../shared/corpora/acled_notes]
        [--case ../shared/corpora/case2021_task2/test_set_final_release_with_labels.tsv]
        [--out PATH] [--encoder minilm] [--split dev|all] [--fraction F] [--no-figures]

Reads the training data at training time (restricted data: the model file it writes is
git-ignored and must never be committed or shipped):

* the ACLED notes whose ACLED id falls in our ``dev`` half (a note repeated across rows
  counts once, in the half of its first row);
* the CASE 2021 task 2 rows in our ``dev`` half whose label is one of ACLED's 25 types
  (news sentences, unlike the notes; each counts `CASE_WEIGHT` times), so the CASE
  ``test`` half stays held out;
* ``tools/acled_seed_notes.tsv``: invented notes and news sentences (ours, no corpus
  text) for the sub-event types that are rare or absent in the corpora.

``--split all`` trains on every note and every CASE row instead, for a production model
with nothing held out (the file records it; docs/models.md, "Training on everything").

The model is one linear layer over the runtime's hashed features, the sum of two
linear models fitted with scikit-learn:

* multinomial logistic regression (lbfgs), classes weighted by inverse frequency;
* an NB-SVM (Wang and Manning, 2012): per class, a linear SVM over the features
  scaled by their naive-Bayes log-count ratios (class against the rest), which weighs
  rare, telling n-grams more.  The scaling folds into the weights, so at runtime it is
  still one matrix.

``--encoder minilm`` also fits a head over all-MiniLM-L6-v2 sentence embeddings
(`fit_head`; the ``encoder`` extra), stored in the same file and used at runtime only
when the ``acled_encoder`` setting asks for it (docs/models.md, "The encoder head").

Each part's logits are divided by their spread on the training data, the NB-SVM's are
weighted `NB_WEIGHT`, and the sum is multiplied by `TEMPERATURE`, so the runtime's
softmax gives calibrated probabilities (the pipeline compares them with thresholds).
The constants were chosen by 2-fold cross-validation inside the dev halves (ACLED
accuracy, CASE weighted F1, log-loss).  Deterministic: lbfgs and liblinear's dual
coordinate descent with a fixed seed, nothing shuffled.  Prints accuracy on the
ACLED ``test`` half and weighted F1 on the CASE ``test`` half.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from repwatch.errors import RepwatchError, ResourceError
from repwatch.eval.baselines import CASE_FILE, Labelled, read_acled, read_case, weighted_f1
from repwatch.model import ACLED_TYPE_OF
from repwatch.nlp.classifier import (
    TRAINED_ON,
    AcledClassifier,
    EncoderHead,
    FeatureSpec,
    default_path,
    load,
    save,
    stacked,
)
from repwatch.nlp.encoder import ENCODERS, load_encoder

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DEFAULT_CORPUS = CORPORA / "acled_notes"
DEFAULT_CASE = CORPORA / CASE_FILE
SEEDS = Path(__file__).resolve().parent / "acled_seed_notes.tsv"
C = 20.0  # logistic regression's inverse regularisation
MAX_ITER = 100  # lbfgs iterations: keeps training near a minute on 2 cores
CLASS_WEIGHT_POWER = 1.0  # class weight (n / (k * n_class)) ** power; 0 is unweighted.
CASE_WEIGHT = 8.0  # each CASE 2021 dev row counts this many times (2-fold CV: 2, 4, 8, 16, 32, 64)
NB_C = 1.0  # the NB-SVM's SVM regularisation
NB_ALPHA = 1.0  # the NB-SVM's smoothing of feature counts
NB_WEIGHT = 0.5  # the NB-SVM's share of the summed logits
TEMPERATURE = 2.0  # multiplies the summed, spread-normalised logits
ENC_C = 10.0  # the encoder head's logistic regression (C=1 and 100 were worse on CASE)
#: multiplies the averaged logits of the two parts: averaging two calibrated parts that
#: disagree is underconfident; 1.2 minimised out-of-fold log-loss (2-fold, dev halves)
FUSION_TEMPERATURE = 1.2


def matrix(texts: list[str], spec: FeatureSpec):  # type: ignore[no-untyped-def]
    """The hashed features of `texts` as a scipy CSR matrix (training only)."""
    from scipy.sparse import csr_matrix

    indptr, indices, values = stacked(texts, spec)
    return csr_matrix(
        (values.astype(np.float64), indices.astype(np.int64), indptr),
        shape=(len(texts), spec.dim),
    )


def read_seeds(path: Path = SEEDS) -> list[Labelled]:
    """The invented seed notes: `sub-event type <TAB> note` per line, # for comments."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        if label not in ACLED_TYPE_OF or not text.strip():
            raise ResourceError(
                f"{path.name}: line {n}: expected an ACLED sub-event type and a note"
            )
        out.append(Labelled(f"seed-{n}", text.strip(), label))
    return out


def class_weights(labels: list[str], power: float) -> dict[str, float]:
    counts = Counter(labels)
    n, k = len(labels), len(counts)
    return {c: (n / (k * m)) ** power for c, m in counts.items()}


def _logistic(x, y: np.ndarray, sw: np.ndarray, c: float, power: float,  # type: ignore[no-untyped-def]
              max_iter: int = MAX_ITER):  # fmt: skip
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=max_iter, class_weight=class_weights(list(y), power))
    with warnings.catch_warnings():  # MAX_ITER stops lbfgs early on purpose
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y, sample_weight=sw)
    coef, bias = model.coef_, model.intercept_
    if coef.shape[0] == 1:  # sklearn stores one row for two classes
        coef, bias = np.vstack([-coef[0] / 2, coef[0] / 2]), np.array([-bias[0] / 2, bias[0] / 2])
    return coef.T, bias


def _nbsvm(x, y: np.ndarray, sw: np.ndarray, classes: tuple[str, ...], power: float):  # type: ignore[no-untyped-def]
    """One-against-rest linear SVMs over naive-Bayes-scaled features; the scaling is
    folded into the returned weights."""
    from scipy.sparse import diags
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    present = x.copy()
    present.data[:] = 1.0
    weights = np.zeros((x.shape[1], len(classes)))
    bias = np.zeros(len(classes))
    for j, label in enumerate(classes):
        pos = y == label
        p = NB_ALPHA + np.asarray(present[pos].T @ sw[pos]).ravel()
        q = NB_ALPHA + np.asarray(present[~pos].T @ sw[~pos]).ravel()
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        balance = {True: (len(y) / (2 * pos.sum())) ** power,
                   False: (len(y) / (2 * (~pos).sum())) ** power}  # fmt: skip
        svm = LinearSVC(C=NB_C, class_weight=balance, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            svm.fit(x @ diags(ratio), pos, sample_weight=sw)
        weights[:, j] = ratio * svm.coef_[0]
        bias[j] = svm.intercept_[0]
    return weights, bias


def fit(
    texts: list[str],
    labels: list[str],
    spec: FeatureSpec | None = None,
    c: float = C,
    power: float = CLASS_WEIGHT_POWER,
    sample_weights: list[float] | None = None,
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Fit the model; returns (classes, weights of shape (dim, classes), bias)."""
    spec = spec or FeatureSpec()
    x = matrix(texts, spec)
    y = np.array(labels)
    sw = np.array(sample_weights if sample_weights is not None else [1.0] * len(labels))
    classes = tuple(sorted(set(labels)))
    parts = [(_logistic(x, y, sw, c, power), 1.0)]
    if len(classes) > 2:
        parts.append((_nbsvm(x, y, sw, classes, power), NB_WEIGHT))
    weights = np.zeros((spec.dim, len(classes)))
    bias = np.zeros(len(classes))
    for (w, b), share in parts:
        spread = float(np.std(x @ w + b)) or 1.0  # put both parts on one scale
        weights += w * (share * TEMPERATURE / spread)
        bias += b * (share * TEMPERATURE / spread)
    return classes, weights.astype(np.float32), bias.astype(np.float32)


def fit_head(
    name: str, texts: list[str], labels: list[str], classes: tuple[str, ...],
    sample_weights: list[float], power: float = CLASS_WEIGHT_POWER,
) -> EncoderHead:  # fmt: skip
    """The encoder head: a logistic regression over `name`'s sentence embeddings, its
    logits scaled to the hashed part's spread (TEMPERATURE), so the runtime can average
    the two."""
    if tuple(sorted(set(labels))) != classes:
        raise ResourceError("the encoder head must be trained on the hashed part's classes")
    embedded = load_encoder(name).encode(texts)
    coef, bias = _logistic(embedded, np.array(labels), np.array(sample_weights), ENC_C, power,
                           max_iter=500)  # fmt: skip
    spread = float(np.std(embedded @ coef + bias)) or 1.0
    return EncoderHead(name, (coef * (TEMPERATURE / spread)).astype(np.float32),
                       (bias * (TEMPERATURE / spread)).astype(np.float32),
                       FUSION_TEMPERATURE)  # fmt: skip


def sampled(rows: list[Labelled], fraction: float) -> list[Labelled]:
    """The rows whose id hashes (CRC-32) below `fraction`: the same rows on every run,
    and a smaller fraction's rows are a subset of a larger one's (a learning curve)."""
    if fraction >= 1:
        return rows
    return [r for r in rows if zlib.crc32(f"sample:{r.id}".encode()) % 10_000 < fraction * 10_000]


def training_rows(corpus: Path, case: Path | None, split: str = "dev",
                  fraction: float = 1.0) -> tuple[list[Labelled], list[float]]:  # fmt: skip
    """The training rows and their weights: ACLED notes, CASE rows (both from `split`:
    our dev halves, or all of them; `fraction` of them, see `sampled`), seeds."""
    rows = sampled(read_acled(corpus, split), fraction)
    weights = [1.0] * len(rows)
    if case is not None:
        extra = sampled(read_case(case, split), fraction)
        rows += extra
        weights += [CASE_WEIGHT] * len(extra)
    seeds = read_seeds()
    return rows + seeds, weights + [1.0] * len(seeds)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="acled_notes folder")
    ap.add_argument("--case", type=Path, default=DEFAULT_CASE, help="CASE 2021 task 2 file")
    ap.add_argument("--no-case", action="store_true", help="train without the CASE 2021 rows")
    ap.add_argument("--out", type=Path, default=None, help="model file (default: the bundled path)")
    ap.add_argument("--c", type=float, default=C, help="inverse regularisation strength")
    ap.add_argument("--power", type=float, default=CLASS_WEIGHT_POWER, help="class weight power")
    ap.add_argument("--split", choices=TRAINED_ON, default="dev",
                    help="train on our dev halves (the default: the test halves stay held "
                    "out for the figures), or on all the rows, for a production model whose "
                    "figures cannot then be measured on these corpora")  # fmt: skip
    ap.add_argument("--fraction", type=float, default=1.0,
                    help="train on this share of the corpus rows (a fixed subset, for a "
                    "learning curve; the seeds are always kept)")  # fmt: skip
    ap.add_argument(
        "--encoder",
        choices=ENCODERS,
        default=None,
        help="also train a head over this sentence encoder (the encoder extra)",
    )
    ap.add_argument("--no-figures", action="store_true",
                    help="skip the held-out figures after training (scripts/test does: the "
                    "accuracy-docs tests measure them through the pipeline, and embedding "
                    "the test halves for the encoder head's figures takes minutes)")  # fmt: skip
    args = ap.parse_args(argv)
    out = args.out or default_path()
    case = None if args.no_case else args.case
    try:
        if not 0 < args.fraction <= 1:
            raise ResourceError(f"--fraction must be in (0, 1], not {args.fraction}")
        train, weights = training_rows(args.corpus, case, args.split, args.fraction)
        figures = args.split != "all" and not args.no_figures
        # read before training, so that an unreadable test half stops it at once
        test = read_acled(args.corpus, "test") if figures else []
        case_test = read_case(case, "test") if figures and case is not None else []
        start = time.perf_counter()
        spec = FeatureSpec()
        classes, w, bias = fit([n.text for n in train], [n.label for n in train], spec,
                               args.c, args.power, weights)  # fmt: skip
        head = None
        if args.encoder:
            head = fit_head(args.encoder, [n.text for n in train], [n.label for n in train],
                            classes, weights, args.power)  # fmt: skip
        save(out, classes, w, bias, spec, head, args.split)
        took = time.perf_counter() - start
        models = [load(out)] + ([load(out, args.encoder)] if args.encoder else [])
    except RepwatchError as exc:
        print(f"train_acled: {exc}", file=sys.stderr)
        return 1
    print(f"trained on {len(train)} rows in {took:.1f} s -> {out} "
          f"({out.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
    if args.split == "all":
        print(
            "trained on all the rows: no held-out figures (the test halves were trained on; "
            "retrain without --split all before quoting `repwatch eval` figures)"
        )
        return 0
    if args.no_figures:
        print(f"held-out figures skipped (--no-figures): {', '.join(m.version for m in models)}")
        return 0
    for model in models:
        report(model, test, case_test)
    return 0


def report(model: AcledClassifier, test: list[Labelled], case_test: list[Labelled]) -> None:
    """Print `model`'s held-out figures: ACLED test-half accuracy, CASE test-half F1."""
    start = time.perf_counter()
    guesses = model.predict([n.text for n in test])
    per_text = (time.perf_counter() - start) / max(1, len(test)) * 1000
    hits = sum(g.sub_event_type == n.label for g, n in zip(guesses, test, strict=True))
    print(f"{model.version}: ACLED test-half sub-event accuracy: "
          f"{hits / max(1, len(test)):.4f} over {len(test)} notes; "
          f"{per_text:.2f} ms per text")  # fmt: skip
    if case_test:
        guess = [g.sub_event_type for g in model.predict([r.text for r in case_test])]
        f1 = weighted_f1([r.label for r in case_test], guess)
        print(f"{model.version}: CASE 2021 test-half weighted F1: {f1:.4f} over "
              f"{len(case_test)} rows")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
