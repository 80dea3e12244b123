"""The text of a Doc, built once.

spaCy's ``Doc.text`` joins every token each time it is read, so a stage that slices
it per mention or per event pays for the whole document each time.  Stages read it
through `text_of`, which keeps it in ``doc.user_data`` (retokenizing never changes a
Doc's text).
"""

from __future__ import annotations

from spacy.tokens import Doc

KEY = "repwatch_text"


def text_of(doc: Doc) -> str:
    cached = doc.user_data.get(KEY)
    if not isinstance(cached, str):
        cached = doc.user_data[KEY] = doc.text
    return cached


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
