"""Stage 0: a line break ends a sentence.

Contract: runs before the parser; assigns ``token.is_sent_start`` after every
newline, so headlines, datelines and paragraphs never run into each other (spaCy's
parser otherwise joins "... against exiles\\n\\nTHE HAGUE, Nov 18" into one sentence).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("repwatch_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc
