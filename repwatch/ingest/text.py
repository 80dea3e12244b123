"""Plain text -> Article: the first non-empty line is the title, the rest the text."""

from __future__ import annotations

import datetime as dt

from repwatch.errors import EmptyInput
from repwatch.ingest.ids import text_id
from repwatch.model import Article


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body) of a plain-text article.

    The title is the first non-empty line; the body is what follows it, leading blank
    lines removed.  A text with a single non-empty line has no title: that line is the
    body.
    """
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    start = next((i for i in range(first + 1, len(lines)) if lines[i].strip()), None)
    if start is None:
        return None, lines[first].strip()
    return lines[first].strip(), "\n".join(lines[start:])


def parse_text(text: str, source: str, published: dt.date | None = None) -> Article:
    """Article from checked, normalised text (see `guards.bytes_to_text`)."""
    if not text.strip():
        raise EmptyInput(source)
    title, body = split_title(text)
    return Article(id=text_id(body), text=body, title=title, published=published, source=source)
