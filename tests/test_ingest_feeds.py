"""Feeds and URLs: parsed safely, each entry fetched from a real HTTP server on loopback."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.errors import InputError
from repwatch.ingest import feeds
from repwatch.model import Article
from repwatch.store import Store
from repwatch.store.ingest import ingest

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body}</p></article></body></html>"""
PAGES = {
    "/a1.html": PAGE.format(title="Arrests in Minsk",
                            body="Police in Minsk arrested two journalists on Monday. "
                            "The journalists worked for an exiled television channel."),
    "/a2.html": PAGE.format(title="Exile threatened",
                            body="Iranian agents threatened a journalist in London last week, "
                            "according to the Metropolitan Police."),
    "/empty.html": "<html><body><nav>menu</nav></body></html>",
}  # fmt: skip
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Arrests</title><link>{base}/a1.html</link>
  <pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>
<item><title>Threat</title><link>{base}/a2.html</link></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
<item><title>Empty</title><link>{base}/empty.html</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>News</title><entry><title>Arrests</title><link rel="alternate" href="{base}/a1.html"/>
<published>2026-03-02T10:00:00Z</published></entry></feed>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            body, kind = RSS.format(base=base), "application/rss+xml"
        elif self.path in PAGES:
            body, kind = PAGES[self.path], "text/html; charset=utf-8"
        else:
            self.send_error(404, "Not Found")
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_ingest_feeds_parse_rss_and_atom() -> None:
    rss = feeds.parse_feed(RSS.format(base="http://x").encode(), "feed.xml")
    assert [e.link for e in rss] == ["http://x/a1.html", "http://x/a2.html",
                                     "http://x/missing.html", "http://x/empty.html"]  # fmt: skip
    assert rss[0].published is not None and rss[0].published.isoformat() == "2026-03-02"
    (atom,) = feeds.parse_feed(ATOM.format(base="http://x").encode(), "feed.atom")
    assert (atom.link, atom.title, str(atom.published)) == ("http://x/a1.html", "Arrests",
                                                           "2026-03-02")  # fmt: skip


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (b"<rss><channel><item>", "malformed XML"),
        (b"<html><body>hi</body></html>", "not an RSS or Atom feed"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
         b"<rss>&b;</rss>", "feed refused"),
        (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         b"<rss>&x;</rss>", "feed refused"),
    ],
)  # fmt: skip
def test_ingest_feeds_refuse_bad_or_hostile_xml(xml: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        feeds.parse_feed(xml, "feed.xml")


def test_ingest_feeds_read_url_fetches_each_entry(server: str) -> None:
    items = list(feeds.read_sources([f"{server}/feed.xml"]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [a.url for a in articles] == [f"{server}/a1.html", f"{server}/a2.html"]
    assert (
        articles[0].title == "Arrests in Minsk" and "arrested two journalists" in articles[0].text
    )
    assert str(articles[0].published) == "2026-03-02"  # from the feed entry
    assert errors == [f"{server}/missing.html: cannot be read (HTTP 404 Not Found)",
                      f"{server}/empty.html: no article text found in the HTML page "
                      "(4 characters of main text)"]  # fmt: skip


def test_ingest_feeds_size_cap_and_schemes(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPWATCH_MAX_INPUT_BYTES", "100")
    (err,) = feeds.read_sources([f"{server}/a1.html"])
    assert isinstance(err, InputError) and "more than 100 bytes" in str(err)
    with pytest.raises(InputError, match="only http"):
        feeds.fetch("file:///etc/passwd")
    (down,) = feeds.read_sources(["http://127.0.0.1:9/feed.xml"])
    assert isinstance(down, InputError) and "cannot fetch" in str(down)


def test_ingest_feeds_feed_file_into_store(
    server: str, tmp_path: Path, store: Store, nlp: Language
) -> None:
    feed = tmp_path / "saved.rss"
    feed.write_text(RSS.format(base=server), encoding="utf-8")
    summary = ingest([str(feed)], store, nlp=nlp)
    assert (summary.read, summary.new, summary.failed) == (2, 2, 2)
    assert {f.source for f in store.failures()} == {f"{server}/missing.html",
                                                    f"{server}/empty.html"}  # fmt: skip
    assert store.stats().events > 0
    again = ingest([f"{server}/feed.xml"], store, nlp=nlp)  # the same pages by URL
    assert (again.read, again.unchanged, again.new) == (2, 2, 0)
