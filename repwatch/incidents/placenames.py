"""Place names the gazetteer does not know, read off the event's sentence.

The places stage drops a name it cannot geocode ("never guessed"), so "shelling near
Nevelske, Donetsk" and "shelling near Pisky, Donetsk" are both located at Donetsk, and
the merge alone would take them for one incident.  Their sentences still say they are
not: each names a different village.

`names(sentence, located)` lists, most precise first, the names written as inside the
geocoded place ("Nevelske, Donetsk", "Hadba (Tripoli)", "Dardara in al-Hasakeh"),
then the capitalised word runs right after a locative preposition ("in", "near",
"at", "outside", "around", "the area of", "the village of"...).
`disagree(a, b)` is true when both events' locations are named in the text and each
sentence's first such name is missing from the
other sentence's names, and that first name is not the geocoded location itself
(which `compat.place_strength` already compares, with coordinates).
"""

from __future__ import annotations

import re

from repwatch.model import Event

MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_PREP = r"(?i:\b(?:in|near|at|outside|around|inside|(?:area|village|town|city|district) of))"
_RUN = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
NAME = re.compile(rf"{_PREP}\s+(?:the\s+)?({_RUN})")
#: a unit word between a sub-place and its larger place ("Baqim district (Sadah)")
_UNIT = r"(?:\s+(?:district|province|village|town|city|area|governorate|county|region))?"


def _clean(name: str) -> str:
    return re.sub(r"['’]s$", "", name).strip(".").lower()


def _inside(sentence: str, larger: str) -> list[re.Match[str]]:
    """Names written as inside `larger`: "X, Larger", "X (Larger)", "X in Larger"
    (not at the start of the sentence, where "Police in Minsk" is capitalised)."""
    where = rf"({_RUN}){_UNIT}\s*(?:,|\(|\bin\b)\s*(?:the\s+)?{re.escape(larger)}\b"
    return [m for m in re.finditer(where, sentence) if m.start() > 0]


def names(sentence: str, located: str | None = None) -> tuple[str, ...]:
    """Place-like names of a sentence, lowercased, most precise first: the names written
    as inside the geocoded place `located` ("Nevelske, Donetsk"), then the capitalised
    names after locative prepositions, in text order."""
    found = _inside(sentence, located) if located else []
    found += NAME.finditer(sentence)
    out: list[str] = []
    for m in found:
        name = _clean(m.group(1))
        if name and name.split()[0] not in MONTHS_DAYS and name not in out:
            out.append(name)
    return tuple(out)


def _located(e: Event) -> set[str]:
    p = e.location
    if p is None:
        return set()
    return {_clean(x) for x in (p.text, p.name) if x}


def disagree(a: Event, b: Event) -> bool:
    """Whether the two sentences name different places the gazetteer left out."""
    if not (a.location and a.location.text and b.location and b.location.text):
        return False
    na = names(a.sentence.text, a.location.text if a.location else None)
    nb = names(b.sentence.text, b.location.text if b.location else None)
    if not na or not nb:
        return False
    if na[0] in _located(a) and nb[0] in _located(b):
        return False
    return na[0] not in nb and nb[0] not in na
