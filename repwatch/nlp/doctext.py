"""The text of a Doc, built once.

spaCy's ``Doc.text`` joins every token each time it is read, so a stage that slices
it per mention or per event pays for the whole document each time.  Stages read it
through `text_of`, which keeps it in ``doc.user_data`` (retokenizing never changes a
Doc's text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TypeVar, cast

import numpy as np
from spacy.attrs import IDX, LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Span, Token

KEY = "repwatch_text"
T = TypeVar("T")


def text_of(doc: Doc) -> str:
    cached = doc.user_data.get(KEY)
    if not isinstance(cached, str):
        cached = doc.user_data[KEY] = doc.text
    return cached


def span_text(span: Span) -> str:
    """``span.text``, sliced from `text_of` (tokens tile the text, so the slice is the
    same string) instead of joined from the span's tokens."""
    return text_of(span.doc)[span.start_char : span.end_char]


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
        cached = doc.user_data[WORDS] = strings_of(doc, ORTH)
    return cached


LOWER_LEMMAS = "repwatch_lower_lemmas"


def lower_lemmas_of(doc: Doc) -> tuple[list[str], list[str]]:
    """Every token's lower-cased text and lower-cased lemma, in order, built once per
    Doc after the lemmatizer has run (for stages that test many spans for words)."""
    cached = doc.user_data.get(LOWER_LEMMAS)
    if not isinstance(cached, tuple) or len(cached[0]) != len(doc):
        lemmas = strings_of(doc, LEMMA)
        lowered = {lemma: lemma.lower() for lemma in set(lemmas)}
        lower = strings_of(doc, LOWER)
        cached = doc.user_data[LOWER_LEMMAS] = (lower, [lowered[m] for m in lemmas])
    return cached


def strings_of(doc: Doc, attr: int) -> list[str]:
    """Every token's string attribute (``ORTH``: ``t.text``), read from the Doc's array:
    the same strings as the Token attributes, without making a Token per word."""
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(attr).tolist()]


def per_doc(doc: Doc, key: str, make: Callable[[Doc], T]) -> T:
    """`make(doc)`, kept in ``doc.user_data[key]`` with the Doc's length to check it."""
    cached = doc.user_data.get(key)
    if isinstance(cached, tuple) and cached[0] == len(doc):
        return cast(T, cached[1])
    found = make(doc)
    doc.user_data[key] = (len(doc), found)
    return found


def _line_breaks(doc: Doc) -> list[int]:
    starts = doc.to_array(IDX)
    newlines = [m.start() for m in re.finditer("\n", text_of(doc))]
    return np.unique(np.searchsorted(starts, newlines, side="right") - 1).tolist()


def line_breaks(doc: Doc) -> list[int]:
    """The indices of the tokens whose text (with its trailing whitespace) holds a
    newline, ascending; built once per Doc.  Tokens tile the text, so token ``i`` covers
    characters ``[doc[i].idx, doc[i + 1].idx)``."""
    return per_doc(doc, "repwatch_line_breaks", _line_breaks)


def sentence_starts(doc: Doc) -> list[int]:
    """Where each sentence begins (token indices, ascending), built once per Doc.  Only
    for stages after the parser: it is cached, and the parser sets the sentences."""
    return per_doc(doc, "repwatch_sentence_starts", lambda d: [s.start for s in d.sents])


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each sentence, in order (`sentence_starts`, with their ends)."""
    starts = sentence_starts(doc)
    return list(zip(starts, [*starts[1:], len(doc)] if starts else [], strict=True))


def sentence_start_of(doc: Doc, i: int) -> int:
    """The first token of the sentence holding token `i` (`sentence_starts`)."""
    starts = sentence_starts(doc)
    return starts[bisect_right(starts, i) - 1]


def sentence_of(tok: Token) -> Span:
    """``tok.sent``, found in the cached `sentence_starts` (a quarter of its cost)."""
    doc = tok.doc
    starts = sentence_starts(doc)
    k = bisect_right(starts, tok.i)
    return Span(doc, starts[k - 1], starts[k] if k < len(starts) else len(doc))
