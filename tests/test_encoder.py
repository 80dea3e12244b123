"""The ACLED classifier's optional encoder head: storage, fusion, settings, the real
MiniLM encoder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from repwatch.errors import ResourceError, SettingError
from repwatch.nlp import classifier, encoder
from repwatch.nlp.classifier import EncoderHead, FeatureSpec, load, save

SMALL = FeatureSpec(dim=2**10)
CLASSES = ("Arrests", "Grenade")


class KeywordEncoder:
    """A fake encoder for the fusion seam: dimension 0 says "grenade", 1 the rest."""

    name = "minilm"
    dim = 2

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[1.0, 0.0] if "grenade" in t.lower() else [0.0, 1.0] for t in texts],
                        dtype=np.float32)  # fmt: skip


def _write(path: Path, head: EncoderHead | None) -> None:
    weights = np.zeros((SMALL.dim, len(CLASSES)), dtype=np.float32)  # hashed part: no opinion
    save(path, CLASSES, weights, np.zeros(2, dtype=np.float32), SMALL, head)


HEAD = EncoderHead("minilm", np.array([[-4.0, 4.0], [4.0, -4.0]], dtype=np.float32),
                   np.zeros(2, dtype=np.float32))  # fmt: skip


def test_encoder_head_round_trips_and_is_off_by_default(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _write(path, HEAD)
    plain = load(path)
    assert plain.head is not None and plain.encoder is None
    assert np.array_equal(plain.head.weights, HEAD.weights)
    # off: the hashed part alone decides (here it has no opinion: a coin toss)
    assert plain.scores(["A grenade hit a bar."])[0] == pytest.approx([0.5, 0.5])
    _write(tmp_path / "bare.npz", None)
    assert load(tmp_path / "bare.npz").version == plain.version  # the head is not the version


def test_encoder_head_fuses_logits_and_names_itself_in_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.npz"
    _write(path, HEAD)
    monkeypatch.setattr(classifier, "load_encoder", lambda name: KeywordEncoder())
    model = load(path, "minilm")
    assert model.version == f"{load(path).version}+minilm-{HEAD.digest}"
    guesses = model.predict(["A grenade hit a bar.", "Police detained a lawyer."])
    assert [g.sub_event_type for g in guesses] == ["Grenade", "Arrests"]
    # the two parts' logits are averaged: (0 + 4) / 2 against (0 - 4) / 2
    assert guesses[0].probability == pytest.approx(1 / (1 + np.exp(-4.0)), rel=1e-5)
    assert model.predict([]) == []
    # the head's temperature multiplies the averaged logits, and is part of its version
    cooler = EncoderHead(HEAD.name, HEAD.weights, HEAD.bias, temperature=0.5)
    _write(path, cooler)
    model = classifier.load(path, "minilm")
    assert model.predict(["A grenade hit a bar."])[0].probability == pytest.approx(
        1 / (1 + np.exp(-2.0)), rel=1e-5
    )
    assert cooler.digest != HEAD.digest and model.version.endswith(cooler.digest)


def test_encoder_missing_head_or_wrong_shape_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "bare.npz", None)
    with pytest.raises(ResourceError, match="no minilm head.*--encoder minilm"):
        load(tmp_path / "bare.npz", "minilm")
    wide = EncoderHead("minilm", np.zeros((3, 2), dtype=np.float32), np.zeros(2, np.float32))
    _write(tmp_path / "wide.npz", wide)
    monkeypatch.setattr(classifier, "load_encoder", lambda name: KeywordEncoder())
    with pytest.raises(ResourceError, match="expects 3 dimensions, the encoder gives 2"):
        load(tmp_path / "wide.npz", "minilm")
    with pytest.raises(ResourceError, match="does not match the classes"):
        bad = EncoderHead("minilm", np.zeros((2, 5), np.float32), np.zeros(5, np.float32))
        _write(tmp_path / "bad.npz", bad)


@pytest.mark.parametrize(
    ("raw", "expected"), [("", ""), ("minilm", "minilm"), (" MiniLM ", "minilm")]
)
def test_encoder_setting(monkeypatch: pytest.MonkeyPatch, raw: str, expected: str) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_ENCODER", raw)
    assert encoder.configured() == expected


def test_encoder_unknown_setting_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_ACLED_ENCODER", "bert-large")
    with pytest.raises(SettingError, match="acled_encoder must be empty or one of minilm"):
        encoder.configured()


@pytest.fixture(scope="module")
def minilm() -> encoder.Encoder:
    """The real all-MiniLM-L6-v2 (the encoder extra); skipped without it, except under CI."""
    try:
        return encoder.load_encoder("minilm")
    except ResourceError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc} under CI; scripts/setup installs the encoder extra")
        pytest.skip(str(exc))


def test_encoder_minilm_embeds_by_meaning(minilm: encoder.Encoder) -> None:
    texts = ["Police arrested four journalists in the capital.",
             "Security forces detained several reporters.",
             "A grenade exploded in a crowded market.", ""]  # fmt: skip
    vectors = minilm.encode(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    arrest, detain, grenade = vectors[0], vectors[1], vectors[2]
    assert arrest @ detain > arrest @ grenade + 0.2  # paraphrases lie closer than topics
    # batching does not change an embedding
    assert np.allclose(minilm.encode(texts[:1])[0], arrest, atol=1e-5)


def test_encoder_minilm_keeps_the_input_order_across_length_sorted_batches(
    minilm: encoder.Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # texts of many lengths, longest first, over several batches: encode sorts them by
    # length to pad less, and must still return row k for text k
    texts = [f"Protesters marched {'and chanted ' * (40 - k)}in town {k}." for k in range(40)]
    texts[7] = ""
    monkeypatch.setattr(encoder, "BATCH", 8)
    together = minilm.encode(texts)
    alone = np.vstack([minilm.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_encoder_training_a_head_on_minilm_codes_paraphrases(
    minilm: encoder.Encoder, tmp_path: Path
) -> None:
    from tests.test_classifier import NOTES
    from tools.train_acled import FUSION_TEMPERATURE, fit, fit_head

    texts, labels = [t for _, t in NOTES], [lab for lab, _ in NOTES]
    classes, weights, bias = fit(texts, labels, SMALL, c=10.0)
    head = fit_head("minilm", texts, labels, classes, [1.0] * len(texts))
    assert head.weights.shape == (384, len(classes)) and head.temperature == FUSION_TEMPERATURE
    save(tmp_path / "m.npz", classes, weights, bias, SMALL, head)
    plain, fused = load(tmp_path / "m.npz"), load(tmp_path / "m.npz", "minilm")
    # few words in common with the training notes, but the meaning
    texts = ["Troops took a reporter into custody.",
             "Crowds rallied in the square against the new tax law."]  # fmt: skip
    expected = ["Arrests", "Peaceful protest"]
    assert [g.sub_event_type for g in fused.predict(texts)] == expected
    rows = [classes.index(e) for e in expected]
    sure, unsure = fused.scores(texts), plain.scores(texts)
    assert all(sure[i, k] > unsure[i, k] for i, k in enumerate(rows))  # the head adds meaning
