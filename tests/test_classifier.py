from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from repwatch.errors import ResourceError
from repwatch.model import ACLED_TYPE_OF
from repwatch.nlp import classifier
from repwatch.nlp.classifier import FeatureSpec, feature_arrays, load, load_classifier, save

# Invented notes, a few per type.
NOTES = [
    ("Arrests", "On 3 May, police arrested four activists in the capital."),
    ("Arrests", "Security forces detained a journalist at his home."),
    ("Arrests", "Police arrested two students after a meeting."),
    ("Peaceful protest", "On 9 June, teachers held a peaceful protest over unpaid salaries."),
    ("Peaceful protest", "Traders marched to the town hall to protest new taxes."),
    ("Peaceful protest", "Nurses demonstrated outside the hospital demanding pay."),
    ("Air/drone strike", "A drone strike hit a vehicle carrying militants."),
    ("Air/drone strike", "Warplanes bombed positions of the armed group."),
    ("Air/drone strike", "An air strike destroyed a weapons depot."),
    ("Grenade", "Unknown men threw a grenade into a bar."),
    ("Grenade", "A grenade exploded near the market, wounding three."),
    ("Grenade", "Attackers hurled a grenade at a police patrol."),
]
SMALL = FeatureSpec(dim=2**12)


def _tiny_model(path: Path) -> None:
    from tools.train_acled import fit

    classes, weights, bias = fit([t for _, t in NOTES], [lab for lab, _ in NOTES], SMALL, c=10.0)
    save(path, classes, weights, bias, SMALL)


def featurise(text: str, spec: FeatureSpec) -> dict[int, float]:
    idx, values = feature_arrays(text, spec)
    assert list(idx) == sorted(idx)  # ascending buckets, each once
    return dict(zip(idx.tolist(), values.tolist(), strict=True))


def test_classifier_featurise_is_stable() -> None:
    # CRC-32 buckets are fixed numbers, the same in every process and Python version.
    feats = featurise("Police arrested", FeatureSpec(char_min=0, char_max=0))
    assert set(feats) == {97366, 155863, classifier._bucket("w:police", 2**18)}
    assert featurise("Police arrested", FeatureSpec()) == featurise(
        "Police arrested", FeatureSpec()
    )
    assert abs(sum(v * v for v in feats.values()) - 1.0) < 1e-9


def test_classifier_featurise_ignores_dates_and_digits() -> None:
    a = featurise("On 3 May 2020, police arrested 12 people.", SMALL)
    b = featurise("On 17 June 1999, police arrested 4 people.", SMALL)
    assert a == b
    assert featurise("", SMALL) == {}


def test_classifier_save_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _tiny_model(path)
    model = load(path)
    assert model.version.startswith("acled-subevent-") and len(model.version) == 23
    assert load(path).version == model.version
    guesses = model.predict([t for _, t in NOTES])
    assert [g.sub_event_type for g in guesses] == [lab for lab, _ in NOTES]
    assert all(g.sub_event_type in ACLED_TYPE_OF and 0 < g.probability <= 1 for g in guesses)
    fresh = model.predict(["Police detained three activists.", "A grenade blast hit a bar."])
    assert [g.sub_event_type for g in fresh] == ["Arrests", "Grenade"]
    assert model.predict([]) == []
    assert np.allclose(model.scores(["x y z"]).sum(), 1.0)


def test_classifier_records_the_halves_it_was_trained_on(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _tiny_model(path)
    assert load(path).trained_on == "dev"  # the default, and what older files read as
    weights, bias = np.zeros((SMALL.dim, 2)), np.zeros(2)
    save(path, ("Arrests", "Grenade"), weights, bias, SMALL, trained_on="all")
    assert load(path).trained_on == "all"
    with pytest.raises(ResourceError, match="m.npz.*trained_on"):
        save(path, ("Arrests", "Grenade"), weights, bias, SMALL, trained_on="test")


def test_classifier_corrupt_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    path.write_bytes(b"not a zip file at all")
    with pytest.raises(ResourceError, match="bad.npz"):
        load(path)


def test_classifier_mismatched_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "odd.npz"
    weights, bias = np.zeros((SMALL.dim, 2)), np.zeros(2)
    save(path, ("Arrests", "Riot with cake"), weights, bias, SMALL)
    with pytest.raises(ResourceError, match="odd.npz.*unknown ACLED sub-event types"):
        load(path)
    with pytest.raises(ResourceError, match="odd.npz"):
        save(path, ("Arrests", "Grenade"), np.zeros((7, 2)), bias, SMALL)


def test_classifier_load_returns_none_when_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_classifier(tmp_path / "missing.npz") is None
    monkeypatch.setenv("REPWATCH_ACLED_MODEL", str(tmp_path / "elsewhere.npz"))
    assert classifier.default_path() == tmp_path / "elsewhere.npz"
    assert load_classifier() is None
    _tiny_model(tmp_path / "here.npz")
    first = load_classifier(tmp_path / "here.npz")
    assert first is not None and load_classifier(tmp_path / "here.npz") is first


def test_classifier_training_rows_take_only_dev_halves(tmp_path: Path) -> None:
    from repwatch.eval.baselines import ACLED_FILES
    from repwatch.eval.splits import split_of
    from tools.train_acled import CASE_WEIGHT, read_seeds, training_rows

    acled = tmp_path / "acled"
    acled.mkdir()
    ids = [f"X{i}" for i in range(12)]
    rows = ["event_id_cnty,notes,sub_event_type"] + [f"{i},Police arrested man {i}.,Arrests"
                                                    for i in ids]  # fmt: skip
    (acled / ACLED_FILES[0]).write_text("\n".join(rows) + "\n", encoding="utf-8")
    case = tmp_path / "case.tsv"
    case.write_text("id\tEventSnippet\tSubType\n" + "".join(
        f"{n}\tA bomb went off in town {n}.\tREM_EXPLOS\n" for n in range(1, 13)),
        encoding="utf-8")  # fmt: skip
    train, weights = training_rows(acled, case)
    seeds = read_seeds()
    corpus_rows = train[: len(train) - len(seeds)]
    assert corpus_rows and all(split_of(r.id) == "dev" for r in corpus_rows)
    assert {r.id for r in corpus_rows} == {i for i in ids if split_of(i) == "dev"} | {
        str(n) for n in range(1, 13) if split_of(str(n)) == "dev"}  # fmt: skip
    assert [w for r, w in zip(train, weights, strict=True) if r.label.startswith("Remote")][
        0
    ] == CASE_WEIGHT
    assert len(weights) == len(train)
    everything, all_weights = training_rows(acled, case, "all")
    assert {r.id for r in everything[: len(everything) - len(seeds)]} == set(ids) | {
        str(n) for n in range(1, 13)}  # fmt: skip
    assert sorted(set(all_weights)) == [1.0, CASE_WEIGHT]
    without, _ = training_rows(acled, None)
    assert not any(r.label.startswith("Remote") for r in without[: len(without) - len(seeds)])


def test_classifier_training_script_skips_the_figures_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tools.train_acled
    from repwatch.eval.baselines import ACLED_FILES
    from tools.train_acled import main

    # a small feature space, so that the two trainings take seconds, not minutes
    monkeypatch.setattr(tools.train_acled, "FeatureSpec", lambda: FeatureSpec(dim=2**12))

    acled = tmp_path / "acled"
    acled.mkdir()
    rows = ["event_id_cnty,notes,sub_event_type"] + [
        f"X{i},Police arrested man {i}.,Arrests" for i in range(12)]  # fmt: skip
    (acled / ACLED_FILES[0]).write_text("\n".join(rows) + "\n", encoding="utf-8")
    for flags, figures in (([], True), (["--no-figures"], False)):
        out = tmp_path / f"m{len(flags)}.npz"
        assert main(["--corpus", str(acled), "--no-case", "--out", str(out), *flags]) == 0
        printed = capsys.readouterr().out
        assert load(out).classes and ("test-half" in printed) == figures, printed
        assert ("held-out figures skipped" in printed) != figures


def test_classifier_probabilities_are_usable_for_thresholds() -> None:
    from tools.train_acled import fit

    classes, weights, bias = fit([t for _, t in NOTES], [lab for lab, _ in NOTES], SMALL, c=10.0)
    model = classifier.AcledClassifier(classes, weights, bias, SMALL, "t")
    sure = model.predict(["Police arrested four activists."])[0]
    vague = model.predict(["Something happened somewhere."])[0]
    assert sure.sub_event_type == "Arrests" and sure.probability > vague.probability
    assert vague.probability < 0.9  # an unrelated text does not pass the fallback's bar


def test_classifier_training_sample_is_fixed_and_nested() -> None:
    from repwatch.eval.baselines import Labelled
    from tools.train_acled import sampled

    rows = [Labelled(str(i), f"note {i}", "Arrests") for i in range(2000)]
    quarter, half = sampled(rows, 0.25), sampled(rows, 0.5)
    assert sampled(rows, 0.25) == quarter  # the same rows on every call
    assert {r.id for r in quarter} < {r.id for r in half}  # a smaller share is a subset
    assert 400 < len(quarter) < 600 and 900 < len(half) < 1100
    assert sampled(rows, 1.0) == rows
