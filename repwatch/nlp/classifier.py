"""A learned ACLED sub-event classifier: hashed n-gram features and a linear model.

Runtime needs numpy and scipy's sparse product only.  The weights are trained by
``tools/train_acled.py`` (scikit-learn, at training time) and stored as one ``.npz`` file:

``weights``  float16, shape (dim, classes): one row per hashed feature;
``bias``     float32, shape (classes,);
``classes``  the ACLED sub-event types, spelled as ACLED spells them;
``spec``     JSON: the featuriser's settings (``FeatureSpec``), so training and
             inference always hash the same way;
``enc_name``, ``enc_weights`` (float32, shape (encoder dim, classes)), ``enc_bias``
             optional: a second linear head over sentence embeddings (``encoder.py``),
             used only when the ``acled_encoder`` setting names that encoder.  Its
             logits are then averaged with the hashed part's (both were put on one
             scale at training time) and multiplied by ``enc_temperature``.

Features (``feature_arrays``, the same code at training and at runtime): the text is
lower-cased, digits become ``0`` and month and weekday names are dropped, since notes
open with a date that says nothing about the type.  Word unigrams and bigrams, and
character n-grams of each word padded with spaces, are hashed with CRC-32 (stable
across processes, unlike ``hash()``) into ``dim`` buckets.  Counts are log-scaled and
the vector is L2-normalised.  The model is one linear layer (training sums a logistic
regression and an NB-SVM into it and scales it so that the softmax is calibrated), so
``predict`` returns the arg-max class and its softmax probability.

The default model file is ``repwatch/resources/models/acled_subevent.npz``.  It is
trained on ACLED notes, whose terms forbid redistribution, so it is git-ignored and
rebuilt with one command (docs/models.md).  ``REPWATCH_ACLED_MODEL`` names another.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from repwatch import settings
from repwatch.errors import ResourceError
from repwatch.model import ACLED_TYPE_OF
from repwatch.nlp.encoder import Encoder, configured, load_encoder

FORMAT = 1
TRAINED_ON = ("dev", "all")  # the halves a model file was trained on (see `save`)
_TOKEN = re.compile(r"[a-z0]+(?:'[a-z]+)?")
_DIGITS = re.compile(r"[0-9]+")
DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday 0th 0st 0nd 0rd".split()
)


@dataclass(frozen=True)
class FeatureSpec:
    """How text becomes a hashed feature vector; stored with the weights."""

    dim: int = 2**18
    word_ngrams: int = 2  # 1: unigrams; 2: uni- and bigrams
    char_min: int = 3  # character n-grams of each padded word, 0 for none
    char_max: int = 5
    drop_dates: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@dataclass(frozen=True)
class SubEventGuess:
    sub_event_type: str  # one of ACLED_TYPE_OF's keys, ACLED's spelling
    probability: float


def tokens(text: str, spec: FeatureSpec) -> list[str]:
    """Lower-cased word tokens, digits as ``0``, date words dropped if the spec says so."""
    words = _TOKEN.findall(_DIGITS.sub("0", text.lower()))
    if spec.drop_dates:
        words = [w for w in words if w not in DATE_WORDS and w != "0"]
    return words


def _bucket(feature: str, dim: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % dim


@lru_cache(maxsize=65536)
def _char_buckets(word: str, low: int, high: int, dim: int) -> np.ndarray:
    """The buckets of a word's character n-grams (cached: words repeat across texts)."""
    padded = f" {word} "
    return np.array([_bucket("c:" + padded[i : i + n], dim)
                     for n in range(low, high + 1)
                     for i in range(len(padded) - n + 1)], dtype=np.int64)  # fmt: skip


@lru_cache(maxsize=65536)
def _word_bucket(word: str, dim: int) -> int:
    return _bucket("w:" + word, dim)


@lru_cache(maxsize=262144)
def _bigram_bucket(first: str, second: str, dim: int) -> int:
    return _bucket(f"b:{first} {second}", dim)


def feature_arrays(text: str, spec: FeatureSpec) -> tuple[np.ndarray, np.ndarray]:
    """The hashed, log-scaled, L2-normalised feature vector of `text`, as (buckets,
    values) arrays, buckets ascending; both empty when the text has no words."""
    words = tokens(text, spec)
    dim = spec.dim
    found = [_word_bucket(w, dim) for w in words]
    if spec.word_ngrams >= 2:
        found.extend([_bigram_bucket(a, b, dim) for a, b in zip(words, words[1:], strict=False)])
    parts = [np.array(found, dtype=np.int64)]
    if spec.char_min:  # each distinct word's character n-grams, once
        parts.extend([_char_buckets(w, spec.char_min, spec.char_max, dim) for w in set(words)])
    idx, counts = np.unique(np.concatenate(parts), return_counts=True)
    values = 1.0 + np.log(counts)
    if len(values):
        values /= math.sqrt(float(values @ values))
    return idx, values


def stacked(texts: list[str], spec: FeatureSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The `feature_arrays` of `texts` laid end to end, CSR-style: (indptr, buckets,
    values), text ``i``'s features at ``indptr[i]:indptr[i + 1]``."""
    rows = [feature_arrays(text, spec) for text in texts]
    indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
    indices = np.concatenate([idx for idx, _ in rows] or [np.empty(0, dtype=np.int64)])
    values = np.concatenate([v for _, v in rows] or [np.empty(0, dtype=np.float64)])
    return indptr, indices, values


@dataclass(frozen=True)
class EncoderHead:
    """A linear head over one encoder's sentence embeddings, stored with the weights."""

    name: str  # an `encoder.ENCODERS` name
    weights: np.ndarray  # (encoder dim, classes)
    bias: np.ndarray  # (classes,)
    temperature: float = 1.0  # multiplies the averaged logits (calibration)

    @property
    def digest(self) -> str:
        raw = self.name.encode("utf-8") + self.weights.tobytes() + self.bias.tobytes()
        raw += repr(self.temperature).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:8]


class AcledClassifier:
    """Predicts an ACLED sub-event type for a text (e.g. an event's paragraph)."""

    def __init__(
        self, classes: tuple[str, ...], weights: np.ndarray, bias: np.ndarray,
        spec: FeatureSpec, version: str, head: EncoderHead | None = None,
        encoder: Encoder | None = None, trained_on: str = "dev",
    ) -> None:  # fmt: skip
        self.classes = classes
        #: which halves of the corpora it was trained on: "dev" (our figures' test halves
        #: held out) or "all" (tools/train_acled.py --split all; nothing held out)
        self.trained_on = trained_on
        self.weights = weights.astype(np.float32)  # stored as float16; gathers are faster
        self.bias = bias.astype(np.float32)
        self.spec = spec
        self.head = head
        self.encoder = encoder if head is not None else None  # a head is needed to use one
        if head is not None and encoder is not None:
            version += f"+{head.name}-{head.digest}"
        self.version = version

    def logits(self, texts: list[str]) -> np.ndarray:
        """The hashed part's logits, averaged with the encoder head's when one is in use."""
        indptr, idx, values = stacked(texts, self.spec)
        features = sparse.csr_matrix(
            (values.astype(np.float32), idx.astype(np.int32), indptr.astype(np.int32)),
            shape=(len(texts), self.spec.dim),
        )  # one sparse product for the batch, no gathered copy of the weight rows; int32
        # indices (dim is far below 2**31) spare scipy its check of their range
        out = np.asarray(features @ self.weights) + self.bias
        if self.encoder is not None and self.head is not None and len(texts):
            embedded = self.encoder.encode(texts)
            fused = (out + embedded @ self.head.weights + self.head.bias) / 2
            out = (fused * self.head.temperature).astype(np.float32)
        return out

    def scores(self, texts: list[str]) -> np.ndarray:
        """Softmax probabilities, shape (len(texts), len(classes))."""
        logits = self.logits(texts)
        logits -= logits.max(axis=1, keepdims=True) if len(texts) else 0
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, texts: list[str]) -> list[SubEventGuess]:
        probs = self.scores(texts)
        best = probs.argmax(axis=1) if len(texts) else np.empty(0, dtype=np.int64)
        return [
            SubEventGuess(self.classes[int(k)], float(probs[row, k])) for row, k in enumerate(best)
        ]


def save(path: Path, classes: tuple[str, ...], weights: np.ndarray, bias: np.ndarray,
         spec: FeatureSpec, head: EncoderHead | None = None,
         trained_on: str = "dev") -> None:  # fmt: skip
    """Write a model file; `weights` has shape (spec.dim, len(classes)); `trained_on` is
    the corpora's halves it was trained on (`TRAINED_ON`)."""
    if trained_on not in TRAINED_ON:
        raise ResourceError(f"{path}: trained_on must be one of {TRAINED_ON}, not {trained_on!r}")
    if weights.shape != (spec.dim, len(classes)) or bias.shape != (len(classes),):
        raise ResourceError(f"{path}: weights do not match {spec.dim} features and classes")
    extra: dict[str, Any] = {}
    if head is not None:
        if head.weights.ndim != 2 or head.weights.shape[1] != len(classes):
            raise ResourceError(f"{path}: the {head.name} head does not match the classes")
        extra = {"enc_name": np.array(head.name),
                 "enc_weights": head.weights.astype(np.float32),
                 "enc_bias": head.bias.astype(np.float32),
                 "enc_temperature": np.array(head.temperature, dtype=np.float64)}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(
            fh, weights=weights.astype(np.float16), bias=bias.astype(np.float32),
            classes=np.array(classes), spec=np.array(spec.to_json()),
            format=np.array(FORMAT), trained_on=np.array(trained_on), **extra,
        )  # fmt: skip


def _spec(raw: str, path: Path) -> FeatureSpec:
    try:
        spec = FeatureSpec(**json.loads(raw))
    except (ValueError, TypeError) as exc:
        raise ResourceError(f"{path}: unreadable feature spec ({exc})") from None
    if spec.dim < 1 or spec.char_min > spec.char_max:
        raise ResourceError(f"{path}: invalid feature spec {raw}")
    return spec


def load(path: Path, encoder: str = "") -> AcledClassifier:
    """Read a model file written by `save`; ResourceError if it is corrupt or mismatched.
    `encoder` (an `encoder.ENCODERS` name, "" for none) switches its encoder head on;
    ResourceError when the file has no head for it."""
    head = None
    try:
        with np.load(path, allow_pickle=False) as npz:
            fmt = int(npz["format"])
            weights, bias = npz["weights"], npz["bias"]
            classes = tuple(str(c) for c in npz["classes"])
            raw_spec = str(npz["spec"])
            trained_on = str(npz["trained_on"]) if "trained_on" in npz.files else "dev"
            if "enc_name" in npz.files:
                cool = float(npz["enc_temperature"]) if "enc_temperature" in npz.files else 1.0
                head = EncoderHead(str(npz["enc_name"]), npz["enc_weights"], npz["enc_bias"],
                                   cool)  # fmt: skip
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        raise ResourceError(f"{path}: not a readable ACLED model file ({exc})") from None
    if fmt != FORMAT:
        raise ResourceError(f"{path}: model format {fmt}, expected {FORMAT}")
    if trained_on not in TRAINED_ON:
        raise ResourceError(f"{path}: unknown training halves {trained_on!r}")
    spec = _spec(raw_spec, path)
    unknown = [c for c in classes if c not in ACLED_TYPE_OF]
    if unknown or not classes:
        raise ResourceError(f"{path}: unknown ACLED sub-event types {unknown}")
    if weights.shape != (spec.dim, len(classes)) or bias.shape != (len(classes),):
        raise ResourceError(
            f"{path}: weights {weights.shape} do not match {spec.dim} features x "
            f"{len(classes)} classes"
        )
    digest = hashlib.sha256(weights.tobytes() + bias.tobytes() + raw_spec.encode("utf-8"))
    digest.update("\t".join(classes).encode("utf-8"))
    version = "acled-subevent-" + digest.hexdigest()[:8]
    if head is not None and head.weights.shape[1:] != (len(classes),):
        raise ResourceError(f"{path}: the {head.name} head does not match the classes")
    if not encoder:
        return AcledClassifier(classes, weights, bias, spec, version, head, None, trained_on)
    if head is None or head.name != encoder:
        raise ResourceError(f"{path}: no {encoder} head in this model file; retrain it with "
                            f"tools/train_acled.py --encoder {encoder}")  # fmt: skip
    model = load_encoder(encoder)
    if head.weights.shape[0] != model.dim:
        raise ResourceError(f"{path}: the {encoder} head expects {head.weights.shape[0]} "
                            f"dimensions, the encoder gives {model.dim}")  # fmt: skip
    return AcledClassifier(classes, weights, bias, spec, version, head, model, trained_on)


def default_path() -> Path:
    """The model file: the ``acled_model`` setting (``REPWATCH_ACLED_MODEL``) if set,
    else the package's models folder."""
    configured = str(settings.get("acled_model"))
    if configured:
        return Path(configured)
    return Path(str(resources.files("repwatch") / "resources" / "models" / "acled_subevent.npz"))


@lru_cache(maxsize=4)
def _cached(path: Path, encoder: str) -> AcledClassifier | None:
    return load(path, encoder) if path.is_file() else None


def load_classifier(path: Path | None = None) -> AcledClassifier | None:
    """The classifier at `path` (default: `default_path()`), with the encoder head the
    ``acled_encoder`` setting names switched on; cached; None if there is no file."""
    return _cached(Path(path) if path is not None else default_path(), configured())
