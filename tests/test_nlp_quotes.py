"""The quotes stage: quotation marks, cues, speakers, reported clauses."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from repwatch.errors import ResourceError
from repwatch.nlp import cues, pipeline
from repwatch.nlp.cues import load_cues
from repwatch.nlp.quotemarks import quote_regions
from repwatch.nlp.quotes import QuoteSpan, attribution_of


@pytest.fixture(scope="module")
def qnlp() -> Language:
    nlp = pipeline.load.__wrapped__(extra_dictionaries=())
    if "repwatch_quotes" not in nlp.pipe_names:
        nlp.add_pipe("repwatch_quotes")
    return nlp


def _quotes(nlp: Language, text: str) -> list[QuoteSpan]:
    doc: Doc = nlp(text)
    return list(doc._.quotes)


def _row(q: QuoteSpan) -> tuple[str, bool, str | None, str | None, str | None]:
    cue = q.cue.text if q.cue is not None else None
    words = q.speaker_span.text if q.speaker_span is not None else None
    code = q.speaker.code if q.speaker is not None else None
    return q.content.text, q.direct, cue, words, code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '"We will not be intimidated," said Gabrielius Landsbergis, Lithuania\'s foreign '
            "minister.",
            [("We will not be intimidated", True, "said",
              "Gabrielius Landsbergis, Lithuania's foreign minister", "LTUGOV")],
            id="straight-marks-speaker-after-cue",
        ),
        pytest.param(
            "Lukashenko spoke on Monday. “The West is lying,” he said.",
            [("The West is lying", True, "said", "he", "BLRGOV")],
            id="curly-marks-pronoun",
        ),
        pytest.param(
            "Landsbergis said:\n\n“We will respond.”",
            [("We will respond.", True, "said", "Landsbergis", "LTUGOV")],
            id="colon-before-paragraph",
        ),
        pytest.param(
            "Three Belarusian activists were released on Friday. “We were beaten,” they said.",
            [("We were beaten", True, "said", "they", "BLROPP")],
            id="plural-pronoun",
        ),
        pytest.param(
            "Voices from exile:\n“We will go home one day.” ― Sviatlana Tsikhanouskaya\n",
            [("We will go home one day.", True, None, "Sviatlana Tsikhanouskaya", "BLROPP")],
            id="dash-byline",
        ),
    ],
)  # fmt: skip
def test_nlp_quotes_direct(qnlp: Language, text: str, expected: list[tuple[object, ...]]) -> None:
    assert [_row(q) for q in _quotes(qnlp, text)] == expected


def test_nlp_quotes_multi_paragraph_quote_is_one_span(qnlp: Language) -> None:
    text = (
        "Lukashenko spoke on Monday.\n\n“The West is lying.\n\n"
        "“Nobody will stop us,” he told reporters."
    )
    (q,) = _quotes(qnlp, text)
    assert q.content.text == "The West is lying.\n\n“Nobody will stop us"
    assert (q.direct, q.cue and q.cue.text, q.speaker and q.speaker.code) == (
        True,
        "told",
        "BLRGOV",
    )


def test_nlp_quotes_split_quote_is_two_parts_with_one_speaker(qnlp: Language) -> None:
    text = "Landsbergis arrived. “It is a threat,” the minister said, “and we will respond.”"
    first, second = _quotes(qnlp, text)
    assert (first.content.text, second.content.text) == ("It is a threat", "and we will respond.")
    assert first.cue == second.cue and first.speaker == second.speaker
    assert first.speaker is not None and first.speaker.name == "Gabrielius Landsbergis"
    assert first.speaker_span is not None and first.speaker_span.text == "the minister"


def test_nlp_quotes_uncued_sentence_continues_previous_speaker(qnlp: Language) -> None:
    first, second = _quotes(qnlp, "“We are leaving,” Tsikhanouskaya said. “We have no choice.”")
    assert _row(second) == ("We have no choice.", True, None, "Tsikhanouskaya", "BLROPP")
    assert second.speaker == first.speaker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Lukashenko said that the opposition had been paid.",
                     ("the opposition had been paid", False, "said", "Lukashenko", "BLRGOV"),
                     id="said-that"),
        pytest.param("The spokesman told reporters the embassy was closed.",
                     ("the embassy was closed", False, "told", "The spokesman", "GOV"),
                     id="told-reporters-role-itself"),
        pytest.param("Landsbergis noted in 2017 that Belarusian agents were active in Vilnius.",
                     ("Belarusian agents were active in Vilnius", False, "noted", "Landsbergis",
                      "LTUGOV"), id="noted-in-year-that"),
        pytest.param("Amnesty International warned that more arrests would follow.",
                     ("more arrests would follow", False, "warned", "Amnesty International",
                      "NGOHRI"), id="warned-that"),
        pytest.param("Tsikhanouskaya arrived in Vilnius. The embassy was closed, she added.",
                     ("The embassy was closed", False, "added", "she", "BLROPP"),
                     id="added-after-clause"),
        pytest.param("Police arrested him, Dutch newspapers reported.",
                     ("Police arrested him", False, "reported", "Dutch newspapers", "NLDMED"),
                     id="non-person-source"),
        pytest.param("According to a radio report, three men were detained in Minsk.",
                     ("three men were detained in Minsk", False, "According to",
                      "a radio report", None), id="according-to-unknown-source"),
        pytest.param("Lithuanian Foreign Minister Gabrielius Landsbergis met exiles in Vilnius. "
                     "The minister said the threat was real.",
                     ("the threat was real", False, "said", "The minister", "LTUGOV"),
                     id="role-noun-to-named-actor"),
    ],
)  # fmt: skip
def test_nlp_quotes_reported(qnlp: Language, text: str, expected: tuple[object, ...]) -> None:
    assert [_row(q) for q in _quotes(qnlp, text)] == [expected]


def test_nlp_quotes_unresolved_source_keeps_its_text(qnlp: Language) -> None:
    (q,) = _quotes(qnlp, "According to a radio report, three men were detained in Minsk.")
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.code, q.speaker.kinds) == (
        "a radio report", None, frozenset({"unresolved"}),
    )  # fmt: skip


def test_nlp_quotes_source_inside_a_phrase_is_its_actor(qnlp: Language) -> None:
    text = "According to statements by the exile council, two activists were deported."
    (q,) = _quotes(qnlp, text)
    assert q.speaker_span is not None and q.speaker_span.text == "statements by the exile council"
    assert q.speaker is not None and q.speaker.sector == "OPP"


@pytest.mark.parametrize(
    "text",
    [
        "Lukashenko called the protesters “rats” on Monday.",
        'He appeared on "Saturday Night Live" last year.',
        "",
    ],
)
def test_nlp_quotes_scare_quotes_and_titles_are_not_quotes(qnlp: Language, text: str) -> None:
    assert _quotes(qnlp, text) == []


def test_nlp_quotes_attribution_of_token(qnlp: Language) -> None:
    doc = qnlp("Police arrested him, Dutch newspapers reported. He was released.")
    arrested = next(t for t in doc if t.text == "arrested")
    released = next(t for t in doc if t.text == "released")
    found = attribution_of(arrested)
    assert found is not None and found.cue is not None and found.cue.text == "reported"
    assert attribution_of(released) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("“One.\n\n“Two.”", ["One.\n\n“Two."]),
        ("“Unclosed and done.\n\nNext paragraph.", ["Unclosed and done."]),
        ("A ”misused opener.” here", ["misused opener."]),
    ],
)
def test_nlp_quotes_pairs_marks(text: str, expected: list[str]) -> None:
    assert [text[r.start : r.end] for r in quote_regions(text)] == expected


def test_nlp_quotes_bad_cue_file_is_a_resource_error(tmp_path: Path) -> None:
    path = tmp_path / "cues.tsv"
    path.write_text("cue\tkind\tnote\nsay\tshouting\t\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="line 2"):
        load_cues(path)


def test_nlp_quotes_bundled_cues_load() -> None:
    lexicon = cues.default_cues()
    assert ("", "speech") in lexicon.verbs["say"] and lexicon.phrases["according"] == "to"
    assert ("out", "speech") in lexicon.verbs["point"]
