"""Stage 0: line breaks and datelines."""

from __future__ import annotations

import pytest
from spacy.language import Language

from repwatch.nlp.paragraphs import find_dateline


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("VILNIUS, March 4 (Wire) - Lithuanian police said ...", "VILNIUS"),
        ("THE HAGUE, Nov 18 (Reuters) - Dutch police ...", "THE HAGUE"),
        ("Headline here\n\nWASHINGTON — The State Department ...", "WASHINGTON"),
        ("ADDIS ABABA -- Ethiopian troops ...", "ADDIS ABABA"),
    ],
)
def test_paragraphs_dateline_found(text: str, place: str) -> None:
    found = find_dateline(text)
    assert found is not None
    assert text[found[0] : found[1]] == place


@pytest.mark.parametrize(
    "text",
    ["Police in Minsk arrested two journalists.", "The UN - and NATO - met.", "NATO said."],
)
def test_paragraphs_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


def test_paragraphs_line_break_ends_sentence(nlp: Language) -> None:
    doc = nlp("Police detain exiles\n\nThe arrests came on Monday")
    assert [s.text.strip() for s in doc.sents] == [
        "Police detain exiles",
        "The arrests came on Monday",
    ]


def test_paragraphs_dateline_is_its_own_sentence(nlp: Language) -> None:
    doc = nlp("THE HAGUE, Nov 18 (Wire) - Dutch police arrested two men.")
    sents = list(doc.sents)
    assert sents[-1].text.startswith("Dutch police")
    assert doc._.dateline == (0, 9)
