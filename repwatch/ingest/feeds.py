"""RSS/Atom feeds and article URLs -> Articles, fetched over HTTP(S).

    for item in read_sources(["news/", "https://news.example/feed.xml", "saved.rss"]):
        ...                       # an Article, or an InputError naming the input

A feed is given by URL or as a file (``.rss``, ``.atom``, ``.xml``); each entry's link
is fetched and read as an HTML page (`ingest.html`).  A URL that is not a feed is read
as one article page.  Feed XML is parsed with defusedxml, which refuses entity
expansion and external entities; only http(s) links are fetched, with a timeout and
the `max_input_bytes` cap.  Every failure (HTTP error, timeout, malformed XML, a page
without article text) is one `InputError` for that input, and the others go on.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from repwatch import __version__
from repwatch.errors import InputError
from repwatch.ingest import guards
from repwatch.ingest.html import declared_charset, parse_html
from repwatch.ingest.reader import read_inputs
from repwatch.model import Article

#: Seconds to wait for a server (connect, and each read) before giving up on a URL.
FETCH_TIMEOUT_S = 20
FEED_EXTENSIONS = (".rss", ".atom", ".xml")
USER_AGENT = f"repwatch/{__version__} (+https://github.com/repwatch)"
_ATOM = "{http://www.w3.org/2005/Atom}"

Result = Article | InputError


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str | None
    published: dt.date | None


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str) -> Fetched:
    """The body of `url` (http or https only), at most `max_input_bytes`."""
    if not is_url(url):
        raise InputError(url, "only http:// and https:// links are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            data = guards.read_limited(response, url)
            return Fetched(response.geturl(), data, response.headers.get_content_type())
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(url, guards.one_line(f"cannot fetch: {exc.reason}")) from None
    except TimeoutError:
        raise InputError(url, f"timed out after {FETCH_TIMEOUT_S} s") from None
    except (OSError, ValueError) as exc:  # connection reset, bad URL, ...
        raise InputError(url, guards.one_line(f"cannot fetch: {exc}")) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return " ".join(child.text.split())
    return None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _atom_link(entry: Element) -> str | None:
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            href = child.get("href")
            if href:
                return href.strip()
    return None


def parse_feed(data: bytes, source: str) -> list[FeedEntry]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise InputError(source, f"feed refused: {type(exc).__name__}") from None
    except SafeET.ParseError as exc:
        raise InputError(source, guards.one_line(f"not a feed: malformed XML ({exc})")) from None
    kind = _local(root.tag)
    if kind not in ("rss", "RDF", "feed"):
        raise InputError(source, f"not an RSS or Atom feed (root element <{kind}>)")
    entries: list[FeedEntry] = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "item":  # RSS 2.0 and 1.0
            link = _child_text(element, "link") or _child_text(element, "guid")
            when = _child_text(element, "pubDate") or _child_text(element, "date")
        elif name == "entry" and element.tag.startswith(_ATOM):
            link = _atom_link(element)
            when = _child_text(element, "published") or _child_text(element, "updated")
        else:
            continue
        if link:
            entries.append(FeedEntry(link, _child_text(element, "title"), _date(when)))
    return entries


def _page(fetched: Fetched, source: str, published: dt.date | None, title: str | None) -> Article:
    data = fetched.data
    text = guards.bytes_to_text(data, source, charset=declared_charset(data))
    article = parse_html(text, source, published)
    return Article(
        id=article.id, text=article.text, title=article.title or title,
        published=article.published, source=source, url=fetched.url, byline=article.byline,
    )  # fmt: skip


def _looks_like_feed(fetched: Fetched) -> bool:
    if "xml" in fetched.content_type or fetched.content_type.endswith(("rss", "atom")):
        return not fetched.content_type.endswith("xhtml+xml")
    head = fetched.data[:512].lstrip().lower()
    return head.startswith(b"<?xml") and b"<html" not in fetched.data[:2048].lower()


def read_entries(entries: Iterable[FeedEntry], published: dt.date | None) -> Iterator[Result]:
    """Each entry's page as an Article (its source is the entry's link)."""
    for entry in entries:
        try:
            yield _page(fetch(entry.link), entry.link, entry.published or published, entry.title)
        except InputError as exc:
            yield exc


def read_url(url: str, published: dt.date | None = None) -> Iterator[Result]:
    """The articles of a feed at `url`, or the one article page at `url`."""
    try:
        fetched = fetch(url)
        if not _looks_like_feed(fetched):
            yield _page(fetched, url, published, None)
            return
        entries = parse_feed(fetched.data, url)
    except InputError as exc:
        yield exc
        return
    yield from read_entries(entries, published)


def read_feed_file(path: str, published: dt.date | None = None) -> Iterator[Result]:
    """The articles of a feed saved as a file; only its entries' links are fetched."""
    try:
        entries = parse_feed(guards.read_file_bytes(path), path)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(path, guards.one_line(exc.strerror or exc))
        return
    yield from read_entries(entries, published)


def read_sources(
    sources: Iterable[str], *, published: dt.date | None = None, stdin: BinaryIO | None = None
) -> Iterator[Result]:
    """`read_inputs` extended with URLs and feed files, in the order given."""
    for source in sources:
        if is_url(source):
            yield from read_url(source, published)
        elif os.path.splitext(source)[1].lower() in FEED_EXTENSIONS and os.path.isfile(source):
            yield from read_feed_file(source, published)
        else:
            yield from read_inputs([source], published=published, stdin=stdin)
