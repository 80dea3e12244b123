"""Quotation marks paired into quotations, at the character level.

Curly marks pair by their shape, unless the shape is plainly misused (a paragraph that
opens with ”); straight marks by what surrounds them: an opening mark follows a space or
bracket and precedes a word.  Marks pair within a paragraph, except in news style: a
paragraph that opens a quote and does not close it continues into the next paragraph
when that one opens with a quotation mark.  An unclosed quote that is not continued
runs to the end of its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
MARKS = OPENERS | CLOSERS | {'"'}


@dataclass(frozen=True)
class Region:
    """Characters of one quotation: marks and content.  `close` is None when the quote
    runs to the end of its paragraph without a closing mark."""

    open: int
    start: int
    end: int
    close: int | None


def is_opening(text: str, i: int, is_open: bool) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in OPENERS:  # unless misused as a closer: "word“ " inside an open quote
        return not (is_open and not before.isspace() and (after.isspace() or after in ",.;"))
    if ch in CLOSERS:  # unless misused as an opener: " ”Word" with no quote open
        return not is_open and before.isspace() and not after.isspace()
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return True
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return False
    return not is_open


def quote_regions(text: str) -> list[Region]:
    """Quotations in `text`, paired per paragraph (see the module docstring)."""
    regions: list[Region] = []
    opened: int | None = None  # char index of the open mark
    lines = text.split("\n")
    pos = 0
    for n, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        stripped = line.lstrip()
        skip = -1
        if opened is not None:
            if stripped[:1] in MARKS and is_opening(text, start + len(line) - len(stripped), False):
                skip = start + len(line) - len(stripped)  # continues the open quote
            elif stripped:
                opened = None  # never closed: dropped (checked below for the last line)
        for i in range(start, start + len(line)):
            if text[i] not in MARKS or i == skip:
                continue
            if is_opening(text, i, opened is not None):
                if opened is None or text[i] in OPENERS:
                    opened = i
            elif opened is not None:
                regions.append(Region(opened, opened + 1, i, i))
                opened = None
        if opened is not None:
            following = next((rest.lstrip() for rest in lines[n + 1 :] if rest.strip()), "")
            if following[:1] not in MARKS:
                regions.append(Region(opened, opened + 1, start + len(line), None))
                opened = None
    return regions
