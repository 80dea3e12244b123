"""The text of a Doc, built once.

spaCy's ``Doc.text`` joins every token each time it is read, so a stage that slices
it per mention or per event pays for the whole document each time.  Stages read it
through `text_of`, which keeps it in ``doc.user_data`` (retokenizing never changes a
Doc's text).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

KEY = "repwatch_text"


def text_of(doc: Doc) -> str:
    cached = doc.user_data.get(KEY)
    if not isinstance(cached, str):
        cached = doc.user_data[KEY] = doc.text
    return cached


def remember_text(doc: Doc, text: str) -> None:
    """Record `text` as the Doc's text: the string the tokenizer made `doc` from, which
    spaCy keeps character for character, so `text_of` need not join the tokens."""
    doc.user_data[KEY] = text


WORDS = "repwatch_words"


def words_of(doc: Doc) -> list[str]:
    """Every token's text, in order, built once per Doc (a Token object costs about a
    microsecond to make, and several stages scan every token)."""
    cached = doc.user_data.get(WORDS)
    if not isinstance(cached, list) or len(cached) != len(doc):
        cached = doc.user_data[WORDS] = [t.text for t in doc]
    return cached


LOWER_LEMMAS = "repwatch_lower_lemmas"


def lower_lemmas_of(doc: Doc) -> tuple[list[str], list[str]]:
    """Every token's lower-cased text and lower-cased lemma, in order, built once per
    Doc after the lemmatizer has run (for stages that test many spans for words)."""
    cached = doc.user_data.get(LOWER_LEMMAS)
    if not isinstance(cached, tuple) or len(cached[0]) != len(doc):
        cached = doc.user_data[LOWER_LEMMAS] = (
            [t.lower_ for t in doc],
            [t.lemma_.lower() for t in doc],
        )
    return cached


BREAKS = "repwatch_line_breaks"


def line_breaks(doc: Doc) -> list[int]:
    """The indices of the tokens whose text (with its trailing whitespace) holds a
    newline, ascending; built once per Doc.  Tokens tile the text, so token ``i`` covers
    characters ``[doc[i].idx, doc[i + 1].idx)``."""
    cached = doc.user_data.get(BREAKS)
    if isinstance(cached, tuple) and cached[0] == len(doc):
        return cached[1]
    text = text_of(doc)
    starts = [t.idx for t in doc]
    found: list[int] = []
    at = text.find("\n")
    while at != -1:
        i = bisect_right(starts, at) - 1
        if not found or found[-1] != i:
            found.append(i)
        at = text.find("\n", at + 1)
    doc.user_data[BREAKS] = (len(doc), found)
    return found


SENT_STARTS = "repwatch_sentence_starts"


def sentence_starts(doc: Doc) -> list[int]:
    """Where each sentence begins (token indices, ascending), built once per Doc.  Only
    for stages after the parser: it is cached, and the parser sets the sentences."""
    cached = doc.user_data.get(SENT_STARTS)
    if isinstance(cached, tuple) and cached[0] == len(doc):
        return cached[1]
    found = [s.start for s in doc.sents]
    doc.user_data[SENT_STARTS] = (len(doc), found)
    return found


def sentence_start_of(doc: Doc, i: int) -> int:
    """The first token of the sentence holding token `i` (`sentence_starts`)."""
    starts = sentence_starts(doc)
    return starts[bisect_right(starts, i) - 1]
