"""The GLOCON protest-detection scorer: labels, the undocumented label 2, splits,
precision and recall through the real pipeline, and bad gold.  The records are ours,
written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval import glocon, splits

DOCS = [
    {"id": "d1", "url": "a1.txt", "label": 1,
     "text": "Hundreds of nurses marched through Durban on Monday to demand higher pay."},
    {"id": "d2", "url": "a2.txt", "label": 0,
     "text": "Shares rallied on Wall Street on Tuesday as the dollar firmed against the yen."},
    {"id": "d3", "url": "a3.txt", "label": 1,
     "text": "The council approved the new budget after a long debate."},
    {"id": "d4", "url": "a4.txt", "label": 2, "text": "Residents say they may march next week."},
]  # fmt: skip
SENTENCES = [
    {"id": "a1.txt_1", "url": "a1.txt", "sent_num": 1, "last": True, "label": 1,
     "sentence": "Hundreds of nurses marched through Durban on Monday to demand higher pay."},
    {"id": "a2.txt_1", "url": "a2.txt", "sent_num": 1, "last": True, "label": 0,
     "sentence": "The Sharks won their Super Rugby clash against the Bulls."},
]  # fmt: skip


def _corpus(tmp_path: Path, docs: list[dict[str, object]] = DOCS,
            sentences: list[dict[str, object]] = SENTENCES) -> Path:  # fmt: skip
    (tmp_path / glocon.DOCUMENTS).write_text(
        "".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8"
    )
    (tmp_path / glocon.SENTENCES).write_text(
        "".join(json.dumps(s) + "\n" for s in sentences), encoding="utf-8"
    )
    return tmp_path


def test_eval_glocon_scores_both_tasks(tmp_path: Path, nlp: Language) -> None:
    body = glocon.evaluate(_corpus(tmp_path), "all", nlp).to_json()
    docs = body["documents"]
    assert (docs["records"], docs["uncertain_skipped"]) == (3, 1)
    # the march is found, the market rally is not taken for one, the budget is missed
    assert {k: docs["protest"][k] for k in ("tp", "fp", "fn", "tn")} == {
        "tp": 1, "fp": 0, "fn": 1, "tn": 1,
    }  # fmt: skip
    assert docs["protest"]["precision"] == 1.0 and docs["protest"]["recall"] == 0.5
    sents = body["sentences"]["protest"]
    assert (sents["tp"], sents["fp"], sents["tn"]) == (1, 0, 1)


def test_eval_glocon_split_keeps_an_article_with_its_sentences(tmp_path: Path) -> None:
    path = _corpus(tmp_path)
    for split in ("dev", "test"):
        docs, _ = glocon.read_records(path / glocon.DOCUMENTS, "text", split)
        sents, _ = glocon.read_records(path / glocon.SENTENCES, "sentence", split)
        kept = {d["url"] for d in DOCS if d["label"] != 2 and splits.keep(str(d["url"]), split)}
        assert {r.id for r in docs} == {d["id"] for d in DOCS if d["url"] in kept}
        assert {r.id for r in sents} == {s["id"] for s in SENTENCES if s["url"] in kept}


@pytest.mark.parametrize(
    ("record", "needle"),
    [
        ({"id": "x", "url": "x.txt", "label": 3, "text": "A march."}, "label 3"),
        ({"id": "x", "url": "x.txt", "label": 1, "text": "  "}, "has no text"),
        ({"id": "x", "label": 1, "text": "A march."}, "missing 'url'"),
    ],
)
def test_eval_glocon_bad_gold_is_one_line_naming_the_file(
    tmp_path: Path, record: dict[str, object], needle: str
) -> None:
    path = _corpus(tmp_path, docs=[record])
    with pytest.raises(EvalError, match=needle) as err:
        glocon.read_records(path / glocon.DOCUMENTS, "text")
    assert f"{glocon.DOCUMENTS}:1:" in str(err.value) and "\n" not in str(err.value)


def test_eval_glocon_not_json_and_no_folder_name_the_input(tmp_path: Path) -> None:
    path = _corpus(tmp_path)
    (path / glocon.SENTENCES).write_bytes(b'{"id": \xff\n')
    with pytest.raises(EvalError, match=glocon.SENTENCES):
        glocon.read_records(path / glocon.SENTENCES, "sentence")
    with pytest.raises(EvalError, match="nowhere"):
        glocon.evaluate(tmp_path / "nowhere")
