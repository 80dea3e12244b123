"""The store's fast paths for the web app, on both backends, each held to the slow path
it replaces: `Store.data_version` (what the web caches are keyed by), `summarize` (the
three aggregates in one pass), `listed_events` (events as JSON, not records) and
`codec.event_json`; plus the pool of open stores (`repwatch.store.pool`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from repwatch.model import Article
from repwatch.nlp import pipeline
from repwatch.store import EventQuery, Store, codec, open_store
from repwatch.store.base import Incident, Review
from repwatch.store.pool import StorePool
from tests.store_samples import QUERIES as SAMPLE_QUERIES
from tests.store_samples import D, Make, fill

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [*SAMPLE_QUERIES, EventQuery(limit=2, offset=1)]


def _fill(store: Store, make: Make) -> None:
    fill(store, make, [{"type": "COERCE", "country": "IRN", "place": "Tehran", "acled": True}])


# -- data_version ---------------------------------------------------------------------------


def test_data_version_moves_with_every_kind_of_write(store: Store, make_extraction: Make) -> None:
    seen = [store.data_version()]

    def moved() -> bool:
        now = store.data_version()
        changed = now != seen[-1]
        seen.append(now)
        return changed

    x = make_extraction("Police arrested a journalist in Minsk.", [{"country": "BLR"}])
    assert store.save(x).status == "new" and moved()
    assert store.save(x).status == "unchanged" and not moved()  # nothing written
    store.events(EventQuery())
    store.summarize(EventQuery())
    assert not moved()  # reads change nothing
    recoded = make_extraction(x.article.text, [{"country": "BLR"}], extractor="repwatch-9+rules")
    assert store.save(recoded).status == "recoded" and moved()
    event_id = store.events(EventQuery())[0].event.id
    store.replace_incidents([Incident(0, "COERCE", (event_id,), 1, None, None, None, "BLR")])
    assert moved()
    stored = store.event(event_id)
    assert stored is not None
    store.add_review(Review.of(stored, "alice", "accept", None, None))
    assert moved()
    store.replace_incidents([])
    assert moved()


def test_data_version_sees_writes_from_another_process(
    store: Store, store_url: str, make_extraction: Make, tmp_path: Path
) -> None:
    """What an ingest in another process does: the version read here changes."""
    before = store.data_version()
    pickled = tmp_path / "x.json"
    pickled.write_text(json.dumps(make_extraction("Agents abducted a blogger.", [{}]).to_json()))
    script = ("import json, sys\nfrom repwatch.store import codec, open_store\n"
              "s = open_store(sys.argv[1])\n"
              "x = codec.extraction(json.load(open(sys.argv[2])))\n"
              "print(s.save(x).status)\ns.close()\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script, store_url, str(pickled)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "new", done.stderr[-2000:]
    assert store.data_version() != before
    assert store.stats().articles == 1


# -- summarize and listed_events ------------------------------------------------------------


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q)[11:60])
def test_summarize_is_the_three_aggregates(
    store: Store, make_extraction: Make, query: EventQuery
) -> None:
    _fill(store, make_extraction)
    found = store.summarize(query)
    assert found.total == store.count_events(query)
    assert found.months == store.count_by_month(query)
    places = store.count_by_place(query)
    assert sorted(found.places, key=repr) == sorted(places, key=repr)
    counts = [p.count for p in found.places]
    assert counts == sorted(counts, reverse=True)
    assert found.total > 0 or query.type == "PROTEST"


def test_summarize_place_limit_keeps_the_most_frequent(store: Store, make_extraction: Make) -> None:
    _fill(store, make_extraction)
    top = store.summarize(EventQuery(), place_limit=2).places
    assert [(p.name, p.country, p.count) for p in top] == [
        ("Tehran", "IRN", 3),
        ("Minsk", "BLR", 2),
    ]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q)[11:60])
def test_listed_events_are_events_as_json(
    store: Store, make_extraction: Make, query: EventQuery
) -> None:
    _fill(store, make_extraction)
    stored, listed = store.events(query), store.listed_events(query)
    assert [e.json for e in listed] == [e.event.to_json() for e in stored]
    assert [(e.article_id, e.extractor, e.article_title, e.article_url, e.published,
             e.incident_id) for e in listed] == [
        (e.article_id, e.extractor, e.article_title, e.article_url, e.published, e.incident_id)
        for e in stored
    ]  # fmt: skip


def test_events_pages_are_the_newest_first_order_cut(store: Store, make_extraction: Make) -> None:
    _fill(store, make_extraction)
    everything = store.events(EventQuery(limit=500))
    pages = [e for o in range(0, 9, 2) for e in store.events(EventQuery(limit=2, offset=o))]
    assert [e.event.id for e in pages] == [e.event.id for e in everything]
    assert len(everything) == store.count_events(EventQuery()) == 9


# -- codec.event_json -----------------------------------------------------------------------


def _variants(d: dict[str, Any]) -> list[dict[str, Any]]:
    """`d` and older shapes of it: optional keys missing, spans absent, a compact date."""
    out = [d]
    out.append({k: v for k, v in d.items() if k not in ("acled", "tnr")})
    if d.get("location"):
        loc = {k: v for k, v in d["location"].items() if k not in ("span", "basis")}
        out.append({**d, "location": loc})
    if d.get("date"):
        out.append({**d, "date": {**d["date"], "start": d["date"]["start"].replace("-", "")}})
    return out


@pytest.mark.parametrize("sample", sorted((ROOT / "samples").glob("0*.txt"))[:3],
                         ids=lambda p: p.name)  # fmt: skip
def test_codec_event_json_is_event_to_json(sample: Path, nlp: Language) -> None:
    text = sample.read_text(encoding="utf-8")
    (x,) = pipeline.extract([Article(id=sample.name, text=text)], nlp)
    assert x.events
    for e in x.events:
        stored = json.loads(json.dumps(e.to_json()))
        assert codec.event_json(stored) == e.to_json()
        for d in _variants(stored):
            assert codec.event_json(d) == codec.event(d).to_json()


def test_codec_event_json_on_hand_built_events(make_extraction: Make) -> None:
    x = make_extraction("Police arrested a journalist in Minsk on Monday.", [
        {"country": "BLR", "place": "Minsk", "date": D(2025, 1, 3), "source": "BLRCOP",
         "target": "BLRMED", "acled": True},
        {"date": (D(2025, 1, 1), D(2025, 1, 31))},
        {},
    ])  # fmt: skip
    for e in x.events:
        for d in _variants(json.loads(json.dumps(e.to_json()))):
            assert codec.event_json(d) == codec.event(d).to_json()


# -- the pool -----------------------------------------------------------------------------------


def test_pool_reuses_a_store_and_it_sees_later_writes(
    store_url: str, make_extraction: Make
) -> None:
    opened: list[Store] = []

    def opener() -> Store:
        opened.append(open_store(store_url))
        return opened[-1]

    pool = StorePool(opener, size=2)
    try:
        first = pool.open()
        assert first.stats().articles == 0
        first.close()
        first.close()  # harmless
        with pytest.raises(AttributeError, match="given back"):
            first.stats()
        writer = open_store(store_url)
        try:
            writer.save(make_extraction("Police arrested a journalist.", [{}]))
        finally:
            writer.close()
        again = pool.open()
        assert again.stats().articles == 1  # the same connection, the new data
        assert len(opened) == 1
        third = pool.open()  # the idle one is taken: a new one
        assert len(opened) == 2
        again.close()
        third.close()
        assert len(pool) == 2
    finally:
        pool.close()
    assert len(pool) == 0


def test_pool_closes_what_it_cannot_keep(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from repwatch.store import pool as pool_module

    pool = StorePool(lambda: open_store(store_url), size=1)
    try:
        a, b = pool.open(), pool.open()
        a.close()
        b.close()  # the pool is full: closed
        assert len(pool) == 1
        monkeypatch.setattr(pool_module, "IDLE_S", -1.0)  # everything idle is stale now
        c = pool.open()  # the stale one is closed, a new one opened
        assert len(pool) == 0
        assert c.stats().articles == 0
        c.close()
    finally:
        pool.close()
