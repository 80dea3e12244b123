"""Stage 0: a line break ends a sentence, and a wire dateline is not part of one.

Contract: runs before the parser; assigns ``token.is_sent_start`` after every newline
and after a dateline, and ``doc._.dateline``: the (start, end) characters of the
dateline's place ("THE HAGUE" in "THE HAGUE, Nov 18 (Wire) - Dutch police ..."), or
None.  Without this spaCy's parser joins a headline to the next paragraph, and makes
the dateline's city a second subject of the lead sentence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from repwatch.nlp.doctext import line_breaks, text_of

#: An all-capitals place, then optional date and agency, then a dash: the wire dateline.
DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z .'’-]{1,40}?[A-Z])"
    r"(?:,[^\n]{0,60}?)?[ \t]*[-–—]{1,2}[ \t]*(?=\S)",
    re.MULTILINE,
)

if not Doc.has_extension("dateline"):
    Doc.set_extension("dateline", default=None)


def find_dateline(text: str) -> tuple[int, int, int] | None:
    """(place start, place end, body start) of a dateline in the first 400 characters."""
    m = DATELINE.search(text[:400])
    if m is None:
        return None
    return m.start("place"), m.end("place"), m.end()


@Language.component("repwatch_paragraphs", assigns=["token.is_sent_start", "doc._.dateline"])
def paragraphs(doc: Doc) -> Doc:
    for i in line_breaks(doc):
        if i + 1 < len(doc) and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
    found = find_dateline(text_of(doc))
    if found is not None:
        place_start, place_end, body = found
        doc._.dateline = (place_start, place_end)
        for tok in doc:
            if tok.idx >= body:
                if tok.i > 0:
                    tok.is_sent_start = True
                break
            if tok.i > 0 and tok.idx > place_start:
                tok.is_sent_start = False
    return doc
