"""The tiny invented articles the page tests serve, coded by the real pipeline into a
real SQLite store (no tests here; `test_web_pages_http.py` and
`test_web_pages_browser.py` import `build_store` and `pages_app`).

Four articles: arrests in Minsk (a quote, a reported claim), one abduction in
Istanbul reported by two outlets (so one incident), and a hostile page whose title,
text and URL carry markup and ``javascript:`` links.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from spacy.language import Language

from repwatch.incidents.merge import merge
from repwatch.model import Article
from repwatch.nlp import pipeline
from repwatch.store import EventQuery, StoredEvent, open_store
from repwatch.web import WebConfig, create_app, pages

HOSTILE_TITLE = "<script>alert(1)</script> Hostile headline"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_LINK = '<a href="javascript:alert(1)">this link</a>'

ARTICLES = [
    Article(
        id="minsk", title="Minsk police detain journalists", published=dt.date(2026, 3, 25),
        url="https://news.example/minsk", source="minsk.txt",
        text="Minsk police detain journalists\n\n"
        "MINSK, March 25 (Wire) - Police in Minsk arrested two journalists on Monday, "
        "their lawyer said.\n\n"
        "The Belarusian Association of Journalists condemned the arrests. \"This is a "
        "campaign of fear,\" said Andrei Bastunets, the association's chairman.\n\n"
        "Officials in Minsk threatened the exiled opposition in Vilnius with prosecution.",
    ),
    Article(
        id="istanbul-wire", title="Iranian dissident abducted in Istanbul",
        published=dt.date(2026, 1, 12), url="https://wire.example/istanbul",
        source="istanbul-wire.txt",
        text="Iranian dissident abducted in Istanbul\n\n"
        "ISTANBUL, Jan 12 (Wire) - Iranian intelligence agents abducted an exiled "
        "dissident in Istanbul on Saturday, Turkish police said.\n\n"
        "Turkish police detained three suspects later that day.",
    ),
    Article(
        id="istanbul-daily", title="Exile seized in Istanbul", published=dt.date(2026, 1, 13),
        url="https://daily.example/exile", source="istanbul-daily.txt",
        text="Exile seized in Istanbul\n\n"
        "ISTANBUL, Jan 13 - Iranian agents abducted an exiled dissident in Istanbul on "
        "Saturday, according to Turkish officials.",
    ),
    Article(
        id="hostile", title=HOSTILE_TITLE, published=dt.date(2026, 2, 10),
        url="javascript:alert(1)", source="hostile.txt",
        text=f"{HOSTILE_TITLE}\n\n"
        f"BERLIN, Feb 10 - Police in Berlin arrested a man who posted {HOSTILE_IMG} on a "
        f"forum, prosecutors said. See javascript:alert(1) and {HOSTILE_LINK}.",
    ),
]  # fmt: skip


def build_store(path: Path, nlp: Language) -> str:
    """Code `ARTICLES` into a new SQLite store at `path`, merge its incidents, and
    return its URL."""
    url = f"sqlite:///{path}"
    store = open_store(url)
    try:
        for extraction in pipeline.extract(ARTICLES, nlp):
            store.save(extraction)
        store.replace_incidents(merge(list(store.iter_events())))
    finally:
        store.close()
    return url


def find(db: str, trigger: str | None = None, **query: Any) -> StoredEvent:
    """The one stored event that `query` (an `EventQuery`) and `trigger`, the trigger's
    text, pick out.  "Minsk police detain journalists" and "Police in Minsk arrested
    two journalists" are both BLR arrests: the headline's and the lead's."""
    store = open_store(db)
    try:
        events = store.events(EventQuery(**query))
    finally:
        store.close()
    (found,) = [e for e in events if trigger is None or e.event.trigger.text == trigger]
    return found


def pages_app(url: str) -> Any:
    return create_app(lambda: open_store(url), WebConfig(), routers=[pages.router()])
