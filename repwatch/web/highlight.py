"""Text cut into segments for highlighting: ``highlight(text, spans) -> [Segment]``.

A page marks the words an annotation came from (`<mark class="hl-trigger">` and so
on).  This module does the cutting, as a pure function over offsets; templates do
the rendering, and Jinja2's autoescaping escapes every segment's text.  Nothing here
builds HTML, so hostile article text can only ever come out as text.

Spans may overlap or nest (an implicit source inside a place, a trigger inside a
quote): the text is cut at every span boundary, and each segment lists the kinds of
every span that covers it, the innermost (shortest) span first::

    >>> [(s.text, s.kinds) for s in highlight("Police in Minsk arrested",
    ...     [Span(0, 15, "hl-source"), Span(10, 15, "hl-place"), Span(16, 24, "hl-trigger")])]
    [('Police in ', ('hl-source',)), ('Minsk', ('hl-place', 'hl-source')), (' ', ()),
     ('arrested', ('hl-trigger',))]

Spans that fall outside the text are clipped to it; empty ones are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice


@dataclass(frozen=True)
class Span:
    """A stretch ``[start, end)`` of the text to mark as `kind` (a css class such as
    ``hl-trigger``); `label` says what it is (shown as the mark's title)."""

    start: int
    end: int
    kind: str
    label: str = ""


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same spans: their kinds and labels, innermost
    first (both empty for plain text)."""

    text: str
    start: int
    end: int
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        """The class attribute: every kind that covers the segment (where two
        colours meet, the rule later in `app.css` paints the background)."""
        return " ".join(self.kinds)

    @property
    def title(self) -> str:
        return "; ".join(label for label in self.labels if label)


def highlight(text: str, spans: Iterable[Span], offset: int = 0) -> list[Segment]:
    """`text` cut at every boundary of `spans`, as consecutive segments that join back
    into `text`.  Span offsets are relative to a larger text of which `text` starts at
    `offset` (an article paragraph, say); segment offsets are in that larger text."""
    end_of_text = offset + len(text)
    kept: list[Span] = []
    for span in spans:
        start, end = max(span.start, offset), min(span.end, end_of_text)
        if start < end:
            kept.append(Span(start, end, span.kind, span.label))
    cuts = sorted({offset, end_of_text, *(s.start for s in kept), *(s.end for s in kept)})
    segments: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = sorted(
            (s for s in kept if s.start <= start and end <= s.end),
            key=lambda s: (s.end - s.start, s.kind),
        )
        kinds = tuple(dict.fromkeys(s.kind for s in covering))
        labels = tuple(dict.fromkeys(s.label for s in covering if s.label))
        segments.append(Segment(text[start - offset : end - offset], start, end, kinds, labels))
    return segments


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def context(text: str, start: int, end: int, longest: int = 1200) -> tuple[int, int]:
    """The stretch of `text` to show around ``[start, end)`` (an event's sentence): its
    paragraph (lines are paragraphs), or, when that is over `longest` characters, the
    sentence with up to two sentences either side.  Returned as offsets, trimmed of
    surrounding whitespace."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while end > start and text[end - 1].isspace():
        end -= 1
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    if last - first > longest:
        ends_before = [m.end() for m in _SENTENCE_END.finditer(text, first, start)]
        first = ends_before[-3] if len(ends_before) >= 3 else first
        ends_after = [m.end() for m in islice(_SENTENCE_END.finditer(text, end, last), 2)]
        last = ends_after[-1] if len(ends_after) == 2 else last
    while first < start and text[first].isspace():
        first += 1
    while last > end and text[last - 1].isspace():
        last -= 1
    return first, last
