"""HTML page -> Article, via trafilatura's main-text and metadata extraction.

trafilatura and lxml are third-party parsers fed untrusted pages, so whatever they
raise on a hostile page is caught here and turned into an `InputError` for that page;
trafilatura's own log lines go to its logger (which has a NullHandler) and are left to
the application to configure.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re

import trafilatura
from trafilatura.settings import Document

from repwatch.errors import InputError, NoArticleText
from repwatch.ingest.guards import check_length, one_line
from repwatch.ingest.ids import text_id
from repwatch.model import Article

#: Pages whose main text is shorter than this (characters) have no article text.
MIN_TEXT_CHARS = 20

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The ASCII-compatible charset a page declares near its top, if any.

    Used only when the page is not valid UTF-8.  A declaration of UTF-16/32 (or of an
    unknown codec) is ignored: such a page read as bytes would have failed earlier as
    binary, so the declaration is a lie.
    """
    match = _CHARSET.search(data[:2048])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii"))
    except LookupError:
        return None
    if codec.name.startswith(("utf-16", "utf-32", "utf-8")):
        return None
    try:
        ascii_compatible = "<meta>".encode(codec.name) == b"<meta>"
    except (UnicodeError, LookupError):
        return None
    return codec.name if ascii_compatible else None


def _extract(html: str, source: str) -> Document | None:
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
    except RecursionError:
        raise InputError(source, "HTML nested too deeply to parse") from None
    except Exception as exc:  # any parser failure on a hostile page is that page's failure
        detail = one_line(f"HTML parser failed: {type(exc).__name__}: {exc}")
        raise InputError(source, detail) from exc
    return result if isinstance(result, Document) else None


def _to_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def parse_html(html: str, source: str, published: dt.date | None = None) -> Article:
    """Article from a page's main text; the page's own date wins over `published`."""
    doc = _extract(html, source) or Document()
    text = (doc.text or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        raise NoArticleText(source, f"{len(text)} characters of main text")
    check_length(text, source)
    return Article(
        id=text_id(text),
        text=text,
        title=_clean(doc.title),
        published=_to_date(doc.date) or published,
        source=source,
        url=_clean(doc.url),
        byline=_clean(doc.author),
    )
