"""The per-filter summaries of ``/events.json`` (total, timeline, map) are cached, and
every write drops them: from another process (an ingest), through ``POST
/api/articles``, through a review.  The app is the one `repwatch serve` runs
(`build_app`: pooled stores, the cache) over real HTTP and a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_server import LiveServer, serve, stop

from repwatch.cli.serve import build_app
from repwatch.model import Article, Extraction
from repwatch.store import EventQuery, open_store
from repwatch.web import api as web_api
from repwatch.web.cache import SummaryCache

Make = Callable[..., Extraction]
D = dt.date
QUERY = {"country": "BLR", "since": "2025-01-01", "until": "2025-12-31"}


@pytest.fixture
def db(tmp_path: Path, make_extraction: Make) -> str:
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    store = open_store(url)
    try:
        store.save(make_extraction("Police arrested two journalists in Minsk.", [
            {"type": "COERCE", "country": "BLR", "place": "Minsk", "date": D(2025, 1, 3)},
            {"type": "ASSAULT", "country": "BLR", "place": "Minsk", "date": D(2025, 2, 20)},
        ]))  # fmt: skip
    finally:
        store.close()
    return url


@pytest.fixture
def app(db: str) -> Any:
    return build_app(db)


@pytest.fixture
def client(app: Any) -> Iterator[httpx.Client]:
    live: LiveServer = serve(app)
    try:
        with httpx.Client(base_url=live.url, timeout=30) as c:
            yield c
    finally:
        stop(live)


def summary(client: httpx.Client, **more: str) -> tuple[int, dict[str, int], int]:
    """(total, events per month, events on the map) of the BLR query, page `more`."""
    response = client.get("/events.json", params={**QUERY, **more})
    assert response.status_code == 200, response.text
    body = response.json()
    months = {p["period"]: p["count"] for p in body["timeline"] if p["count"]}
    assert body["charted"]["events"] == sum(months.values())
    return body["paging"]["total"], months, sum(p["count"] for p in body["map"])


def cache_of(app: Any) -> SummaryCache:
    cache = app.state.summaries
    assert isinstance(cache, SummaryCache)
    return cache


def test_web_cache_serves_pages_of_a_filter_from_one_summary(
    app: Any, client: httpx.Client
) -> None:
    cache = cache_of(app)
    assert summary(client) == (2, {"2025-01": 1, "2025-02": 1}, 2)
    misses, hits = cache.misses, cache.hits
    assert summary(client, limit="1", offset="1") == (2, {"2025-01": 1, "2025-02": 1}, 2)
    assert (cache.misses, cache.hits) == (misses, hits + 1)  # the second page: cached
    body = client.get("/events.json", params={**QUERY, "limit": "1", "offset": "1"}).json()
    assert len(body["events"]) == 1 and body["paging"]["prev"] is not None


def test_web_cache_follows_an_ingest_in_another_process(
    app: Any, client: httpx.Client, db: str, make_extraction: Make, tmp_path: Path
) -> None:
    assert summary(client)[0] == 2
    assert summary(client)[0] == 2  # cached now: a stale cache would keep answering 2
    x = make_extraction("Agents detained a blogger in Grodno.", [
        {"type": "COERCE", "country": "BLR", "place": "Grodno", "date": D(2025, 3, 9)},
    ])  # fmt: skip
    saved = tmp_path / "x.json"
    saved.write_text(json.dumps(x.to_json()), encoding="utf-8")
    script = ("import json, sys\nfrom repwatch.store import codec, open_store\n"
              "s = open_store(sys.argv[1])\n"
              "print(s.save(codec.extraction(json.load(open(sys.argv[2])))).status)\n"
              "s.close()\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script, db, str(saved)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "new", done.stderr[-2000:]
    assert summary(client) == (3, {"2025-01": 1, "2025-02": 1, "2025-03": 1}, 3)
    assert summary(client, offset="2")[0] == 3


def test_web_cache_follows_posted_articles(
    app: Any, client: httpx.Client, db: str, make_extraction: Make,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """POST /api/articles (the NLP replaced by a hand-built coding of the posted text)."""

    def extract(article: Article) -> Extraction:
        made = make_extraction(article.text, [
            {"type": "COERCE", "country": "BLR", "place": "Minsk", "date": D(2025, 2, 1)},
            {"type": "COERCE", "country": "BLR", "place": "Minsk", "date": D(2025, 5, 5)},
        ])  # fmt: skip
        return Extraction(article=article, events=made.events, extractor=made.extractor)

    monkeypatch.setattr(web_api, "extract_one", extract)
    store = open_store(db)
    try:
        token = store.create_token("alice")
    finally:
        store.close()
    assert summary(client) == (2, {"2025-01": 1, "2025-02": 1}, 2)
    posted = client.post("/api/articles", json={"text": "Police detained two students."},
                         headers={"authorization": f"Bearer {token}"})  # fmt: skip
    assert posted.status_code == 201, posted.text
    assert posted.json()["events"] == 2
    assert summary(client) == (4, {"2025-01": 1, "2025-02": 2, "2025-05": 1}, 4)


def test_web_cache_dropped_by_a_review(app: Any, client: httpx.Client, db: str) -> None:
    """A review does not change the listing, but it is a write: the summaries are made
    anew (after a correction they might have to be)."""
    cache = cache_of(app)
    store = open_store(db)
    try:
        token = store.create_token("bob")
        event_id = store.events(EventQuery())[0].event.id
        version = store.data_version()
    finally:
        store.close()
    summary(client)
    summary(client)
    misses = cache.misses
    reviewed = client.post(f"/api/events/{event_id}/review", json={"action": "accept"},
                           headers={"authorization": f"Bearer {token}"})  # fmt: skip
    assert reviewed.status_code == 201, reviewed.text
    store = open_store(db)
    try:
        assert store.data_version() != version
    finally:
        store.close()
    assert summary(client)[0] == 2
    assert cache.misses == misses + 1


def test_web_cache_bad_filters_are_still_one_line_errors(client: httpx.Client) -> None:
    for params in ({"country": "1"}, {"since": "2025-13-01"}, {"limit": "0"}, {"nope": "x"}):
        response = client.get("/events.json", params=params)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "bad_filter"
