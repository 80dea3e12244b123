"""Ingest into the store (both backends), and the codec on real pipeline output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from repwatch.model import Article
from repwatch.nlp import pipeline
from repwatch.store import Store, codec
from repwatch.store.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent


def _jsonl(path: Path, records: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_store_ingest_counts_new_versions_failures_and_skips(
    tmp_path: Path, store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _jsonl(tmp_path / "a.jsonl", [
        {"url": "https://n.example/1", "text": "Police in Minsk arrested two journalists."},
        {"url": "https://n.example/2", "text": "Agents abducted a dissident in Istanbul."},
        {"text": ""},
    ])  # fmt: skip
    summary = ingest([first, str(tmp_path / "missing.txt")], store, nlp=nlp)
    assert summary.to_json() == {"read": 2, "new": 2, "unchanged": 0, "versions": 0,
                                 "recoded": 0, "failed": 2}  # fmt: skip
    assert summary.line() == "read 2, new 2, unchanged 0, versions 0, recoded 0, failed 2"
    assert [f.source for f in store.failures()] == [f"{first}:3", str(tmp_path / "missing.txt")]
    assert store.failures()[1].reason == "unsupported input (no such file or directory)"

    second = _jsonl(tmp_path / "b.jsonl", [
        {"url": "https://n.example/1", "text": "Police in Minsk arrested three journalists."},
        {"url": "https://n.example/2", "text": "Agents abducted a dissident in Istanbul."},
    ])  # fmt: skip
    seen: list[str] = []
    summary = ingest([second], store, nlp=nlp, progress=lambda status, msg: seen.append(status))
    assert (summary.new, summary.versions, summary.unchanged) == (0, 1, 1)
    assert sorted(seen) == ["unchanged", "version"]

    def no_nlp(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the NLP ran on a stored text")

    monkeypatch.setattr(pipeline, "extract", no_nlp)
    rerun = ingest([first, second], store, nlp=nlp)
    assert (rerun.read, rerun.unchanged, rerun.failed) == (4, 4, 1)
    assert store.stats().articles == 3


def test_store_ingest_recodes_under_a_new_extractor(
    tmp_path: Path, store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Arrests\n\nPolice in Minsk arrested two journalists.", encoding="utf-8")
    assert ingest([str(path)], store, nlp=nlp).new == 1
    monkeypatch.setattr(pipeline, "extractor_version", lambda nlp=None: "repwatch-9.9.9+rules")
    assert ingest([str(path)], store, nlp=nlp).recoded == 1
    (article_id,) = {e.article_id for e in store.iter_events()}
    stored = store.article(article_id)
    assert stored is not None and stored.extractors[-1] == "repwatch-9.9.9+rules"


def test_store_ingest_raises_a_save_error_and_keeps_what_was_saved(
    tmp_path: Path, store: Store, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that fails (in the writer thread, where the backend has one) stops the
    ingest with its error; the articles saved before it stay stored."""
    from repwatch.errors import StoreError

    texts = [f"Police in Minsk arrested {n} journalists." for n in range(1, 13)]
    path = _jsonl(tmp_path / "a.jsonl", [{"text": t} for t in texts])
    original, calls = type(store).save, []

    def flaky(self: Any, extraction: Any) -> Any:
        calls.append(extraction)
        if len(calls) == 5:
            raise StoreError("disk on fire")
        return original(self, extraction)

    monkeypatch.setattr(type(store), "save", flaky)
    with pytest.raises(StoreError, match="disk on fire"):
        ingest([path], store, nlp=nlp, incidents=False)
    assert store.stats().articles == 4
    monkeypatch.undo()
    summary = ingest([path], store, nlp=nlp, incidents=False)
    assert (summary.new, summary.unchanged) == (8, 4)


@pytest.mark.parametrize("sample", sorted((ROOT / "samples").glob("0*.txt"))[:3],
                         ids=lambda p: p.name)  # fmt: skip
def test_store_codec_round_trips_pipeline_output(sample: Path, nlp: Language) -> None:
    text = sample.read_text(encoding="utf-8")
    (x,) = pipeline.extract([Article(id=sample.name, text=text)], nlp)
    back = codec.extraction(json.loads(json.dumps(x.to_json())))
    assert back.to_json() == x.to_json()
    # typed, field by field (Actor.entry is not in the JSON contract)
    for b, e in zip(back.events, x.events, strict=True):
        assert (b.location, b.date, b.trigger, b.sentence, b.acled, b.tnr, b.negated) == (
            e.location, e.date, e.trigger, e.sentence, e.acled, e.tnr, e.negated)  # fmt: skip
    assert back.places == x.places and back.article == x.article
