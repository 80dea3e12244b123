"""The PolNeAR scorer on a tiny hand-made corpus in the corpus format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from repwatch.errors import EvalError
from repwatch.eval import polnear

ARTICLE_A = (
    "“We will respond,” Landsbergis said.\n\n"
    "The embassy was closed, he added. Dutch newspapers reported that police arrested him.\n\n"
    "He once quoted “Saturday Night Live” at length."
)
ARTICLE_B = (
    "Mr. Smith spoke in Vilnius. “It is a threat,” he said.\n\n"
    "“We are leaving,” Tsikhanouskaya said."
)
ARTICLE_C = "“Not scored,” Landsbergis said."


def _role(text: str, words: str | None) -> list[dict[str, Any]]:
    if words is None:
        return []
    start = text.index(words)
    return [{"spans": [[start, start + len(words)]], "text": words}]


def _attr(name: str, annotator: str, n: int, text: str, content: str, source: str | None,
          cue: str) -> dict[str, Any]:  # fmt: skip
    return {
        "filename": name, "compartment": "dev", "annotator": annotator,
        "attribution_id": f"E{n}", "content": _role(text, content),
        "source": _role(text, source), "cue": _role(text, cue),
    }  # fmt: skip


def _corpus(tmp_path: Path) -> Path:
    articles = [
        {"filename": "a", "compartment": "dev", "annotators": "x1|x2", "text": ARTICLE_A},
        {"filename": "b", "compartment": "dev", "annotators": "y", "text": ARTICLE_B},
        {"filename": "c", "compartment": "train", "annotators": "y", "text": ARTICLE_C},
    ]
    attributions = [
        _attr("a", "x1", 1, ARTICLE_A, "“We will respond,”", "Landsbergis", "said"),
        _attr("a", "x1", 2, ARTICLE_A, "The embassy was closed", "he", "added"),
        _attr("a", "x1", 3, ARTICLE_A, "that police arrested him", "Dutch newspapers", "reported"),
        _attr("a", "x1", 4, ARTICLE_A, "“Saturday Night Live”", None, "quoted"),
        _attr("a", "x2", 1, ARTICLE_A, "He once quoted", None, "quoted"),  # second annotator
        _attr("b", "y", 1, ARTICLE_B, "“It is a threat,”", "Mr. Smith", "said"),
        _attr("c", "y", 1, ARTICLE_C, "“Not scored,”", "Landsbergis", "said"),
    ]
    metadata = "compartment\tfilename\tannotators\n" + "".join(
        f"{a['compartment']}\t{a['filename']}\t{a['annotators']}\n" for a in articles
    )
    (tmp_path / "metadata.tsv").write_text(metadata, encoding="utf-8")
    for name, rows in (("articles.jsonl", articles), ("attributions.jsonl", attributions)):
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return tmp_path


def test_eval_polnear_reads_one_annotator_per_article(tmp_path: Path) -> None:
    a, b = polnear.read_corpus(_corpus(tmp_path), "dev")
    assert (a.filename, a.annotator, len(a.attributions)) == ("a", "x1", 4)
    assert [g.direct for g in a.attributions] == [True, False, False, True]
    assert (b.annotator, len(b.attributions)) == ("y", 1)


def test_eval_polnear_counts_on_hand_made_corpus(tmp_path: Path, nlp: Language) -> None:
    report = polnear.evaluate(_corpus(tmp_path), "dev", nlp)
    assert report.articles == 2
    assert (report.direct_gold, report.direct_found) == (3, 2)  # "Saturday Night Live" missed
    assert (report.direct_pred, report.direct_correct) == (3, 2)  # "We are leaving" not in gold
    assert (report.speaker_n, report.speaker_match) == (2, 2)  # "he" counts through Mr. Smith
    assert (report.indirect_gold, report.indirect_found) == (2, 2)
    assert report.precision == pytest.approx(2 / 3) and report.recall == pytest.approx(2 / 3)
    assert report.to_json()["direct_f1"] == pytest.approx(0.6667)


def test_eval_polnear_speaker_by_same_actor(tmp_path: Path, nlp: Language) -> None:
    """ "he" does not overlap the gold source "Mr. Smith", but resolves to that actor."""
    corpus = _corpus(tmp_path)
    (article,) = [a for a in polnear.read_corpus(corpus, "dev") if a.filename == "b"]
    doc = nlp(article.text)
    from repwatch.nlp.quotes import find_quotes

    first = find_quotes(doc)[0]
    assert first.speaker_span is not None and first.speaker_span.text == "he"
    assert polnear.speaker_matches(doc, first, article.attributions[0].source)


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        (((0, 10),), ((0, 10),), True),
        (((0, 10),), ((5, 30),), True),  # half of the shorter side
        (((0, 10),), ((6, 30),), False),
        (((10, 20),), ((0, 12), (18, 40)), False),
        (((12, 20),), ((0, 4), (10, 20)), True),  # one part of a split gold quote
    ],
)
def test_eval_polnear_overlap_rule(
    pred: polnear.Spans, gold: polnear.Spans, expected: bool
) -> None:
    assert polnear.overlaps(pred, gold) is expected


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("attributions.jsonl", '{"filename": "a"\n', "attributions.jsonl:1: not JSON"),
        ("attributions.jsonl", '{"filename": "a", "annotator": "x1", "content": '
         '[{"spans": [[0, 9999]]}]}\n', "attributions.jsonl:1: span outside"),
        ("articles.jsonl", '{"filename": "a"}\n', "articles.jsonl:1: an article needs"),
        ("metadata.tsv", "name\tsplit\n", "metadata.tsv: expected 'compartment'"),
    ],
)  # fmt: skip
def test_eval_polnear_bad_corpus_names_the_file(
    tmp_path: Path, filename: str, content: str, message: str
) -> None:
    corpus = _corpus(tmp_path)
    (corpus / filename).write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        polnear.read_corpus(corpus, "dev")


def test_eval_polnear_missing_file_and_empty_compartment(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    with pytest.raises(EvalError, match="no articles in compartment 'test'"):
        polnear.read_corpus(corpus, "test")
    (corpus / "articles.jsonl").unlink()
    with pytest.raises(EvalError, match="articles.jsonl: PolNeAR file not found"):
        polnear.read_corpus(corpus, "dev")
