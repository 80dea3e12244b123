"""Incidents in the record (repwatch/store/incidents.py), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from repwatch.export.source import export
from repwatch.incidents import compat
from repwatch.incidents.merge import merge
from repwatch.model import Extraction
from repwatch.store import EventQuery, Incident, Store
from repwatch.store.base import StoredEvent
from repwatch.store.incidents import WINDOW_DAYS, blocks, update_incidents
from repwatch.store.ingest import ingest

Make = Callable[..., Extraction]
D = dt.date
COUNTRIES = ["BLR", "IRN", "TUR", None]
TYPES = ["COERCE", "ASSAULT", "PROTEST"]


def _members(incidents: list[Incident]) -> set[frozenset[str]]:
    return {frozenset(i.event_ids) for i in incidents}


def _stored(store: Store) -> list[Incident]:
    return store.incidents(limit=10_000)


def _report(make: Make, n: int, **event: object) -> Extraction:
    """Article `n` from outlet `n`, with one event (see conftest `_make_extraction`)."""
    spec = {"source": "BLRCOP", "target": "BLRMED", "country": "BLR", "place": "Minsk",
            "date": D(2026, 3, 2), "trigger": "arrested", **event}  # fmt: skip
    country = spec["country"] or "BLR"
    spec["source"], spec["target"] = f"{country}COP", f"{country}MED"
    return make(f"Report {n}: police arrested journalists.", [spec],
                url=f"https://outlet{n}.example/{n}")  # fmt: skip


def _random_corpus(store: Store, make: Make, articles: int = 60, seed: int = 5) -> None:
    """Articles that tell of a few incidents each on one of a few days, in several
    countries and types, with dates a day or two apart, and some undated or vague."""
    rng = random.Random(seed)
    for n in range(articles):
        day = D(2026, 3, 1) + dt.timedelta(days=rng.choice([0, 1, 2, 3, 5, 9, 10, 30, 32]))
        date: object = day
        if n % 13 == 0:
            date = (day, day + dt.timedelta(days=30))  # vague: never joins an incident
        store.save(_report(make, n, type=rng.choice(TYPES), country=rng.choice(COUNTRIES),
                           date=date))  # fmt: skip


def test_store_incidents_window_covers_the_merge_rules() -> None:
    # two reports may merge when their dates are this many days apart: blocks must join them
    assert WINDOW_DAYS >= compat.WINDOW_DAYS + compat.PUBLISHED_LOOKBACK_DAYS


def _unstored(x: Extraction, article_id: int) -> list[StoredEvent]:
    return [StoredEvent(e, article_id, x.extractor, x.article.title, x.article.url,
                        x.article.published) for e in x.events]  # fmt: skip


def test_store_incidents_blocks_by_type_country_and_dates(make: Make) -> None:
    specs = [
        {"date": D(2026, 3, 2)},
        {"date": D(2026, 3, 4)},  # 2 days on: the same block
        {"date": D(2026, 3, 9)},  # 5 days after the last: a new block
        {"date": D(2026, 3, 2), "country": "IRN"},
        {"date": D(2026, 3, 2), "type": "PROTEST"},
        {"date": D(2026, 3, 2), "country": None},
        {"date": (D(2026, 3, 1), D(2026, 5, 1))},  # vague: in no block
    ]
    reports = [r for n, spec in enumerate(specs) for r in _unstored(_report(make, n, **spec), n)]
    found = [[r.article_id for r in block] for block in blocks(reversed(reports))]
    assert sorted(found) == [[0, 1], [2], [3], [4], [5]]


def test_store_incidents_blocking_finds_what_merging_everything_finds(
    store: Store, make: Make
) -> None:
    _random_corpus(store, make)
    summary = update_incidents(store)
    everything = merge(list(store.iter_events()))
    assert len(everything) >= 5 and summary.blocks > 5  # the corpus is not trivial
    assert _members(_stored(store)) == _members(everything)
    assert summary.incidents == summary.added == len(everything) and summary.removed == 0
    for incident in _stored(store):
        members = store.events(EventQuery(incident_id=incident.id, limit=100))
        assert {e.event.id for e in members} == set(incident.event_ids)
        assert {e.incident_id for e in members} == {incident.id}
    outside = [e for e in store.iter_events() if e.incident_id is None]
    joined = {i for inc in everything for i in inc.event_ids}
    assert outside and not {e.event.id for e in outside} & joined


def test_store_incidents_rerun_changes_nothing(store: Store, make: Make) -> None:
    _random_corpus(store, make)
    update_incidents(store)
    before = _stored(store)
    for again in (
        update_incidents(store),
        update_incidents(store, since=D(2026, 3, 3)),
        update_incidents(store, windows=[(D(2026, 3, 1), D(2026, 3, 1))]),
    ):
        assert (again.added, again.removed) == (0, 0)
        assert _stored(store) == before  # same rows, same ids  # fmt: skip


def test_store_incidents_since_keeps_other_incidents(store: Store, make: Make) -> None:
    for n, day in enumerate([D(2026, 3, 2), D(2026, 3, 2), D(2026, 5, 10), D(2026, 5, 11)]):
        store.save(_report(make, n, date=day))
    update_incidents(store)
    march, may = _stored(store)
    assert (march.first, may.first, len(may.event_ids)) == (D(2026, 3, 2), D(2026, 5, 10), 2)
    store.save(_report(make, 4, date=D(2026, 5, 10)))  # a third report of the May arrest
    store.save(_report(make, 5, date=D(2026, 3, 2), type="PROTEST"))  # outside the scope
    summary = update_incidents(store, since=D(2026, 5, 10))
    assert (summary.added, summary.removed) == (1, 1)
    kept, grown = _stored(store)
    assert kept == march and len(grown.event_ids) == 3 and grown.sources == 3
    assert _members(_stored(store)) == _members(merge(list(store.iter_events())))


def test_store_incidents_scope_keeps_incidents_whole(store: Store, make: Make) -> None:
    # a week-long report joins an incident; a scope that touches only its far end must
    # still recompute the incident with both reports, not cut it
    store.save(_report(make, 0, date=(D(2026, 3, 2), D(2026, 3, 8))))
    store.save(_report(make, 1, date=D(2026, 3, 2)))
    update_incidents(store)
    (before,) = _stored(store)
    again = update_incidents(store, windows=[(D(2026, 3, 11), D(2026, 3, 11))])
    assert (again.reports, again.added, again.removed) == (2, 0, 0)
    assert _stored(store) == [before]


ARTICLES = [
    {"id": "a1", "url": "https://www.north-wire.example/2026/03/minsk-arrest",
     "published": "2026-03-11",
     "text": "MINSK, March 11 (North Wire) - Belarusian police detained journalist Ales "
             "Barysevich in Minsk on March 10, his lawyer said. He faces extremism charges."},
    {"id": "a2", "url": "https://east-daily.example/news/barysevich", "published": "2026-03-11",
     "text": "Police in Minsk arrested reporter Ales Barysevich on Tuesday, according to the "
             "Belarusian Association of Journalists."},
    {"id": "a3", "url": "https://caucasus-news.example/rally", "published": "2026-04-20",
     "text": "Georgian students rallied in Tbilisi on Sunday against a draft law on foreign "
             "influence, local television showed."},
    {"id": "a4", "url": "https://gulf-post.example/tehran", "published": "2026-02-02",
     "text": "Iranian security forces arrested a women's rights activist in Tehran on "
             "January 30, her family said."},
]  # fmt: skip


def write_articles(path: Path) -> str:
    """Four invented articles: two outlets report one arrest in Minsk."""
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return str(path)


def test_store_incidents_ingest_merges_two_outlets(
    store: Store, nlp: Language, tmp_path: Path
) -> None:
    summary = ingest([write_articles(tmp_path / "a.jsonl")], store, nlp=nlp)
    assert summary.new == 4 and summary.incidents is not None
    (incident,) = _stored(store)
    assert (incident.type, len(incident.event_ids), incident.sources) == ("COERCE", 2, 2)
    assert (incident.country, incident.first, incident.earliest) == ("BLR", D(2026, 3, 10),
                                                                     D(2026, 3, 11))  # fmt: skip
    members = {e.article_url for e in store.iter_events() if e.incident_id == incident.id}
    assert members == {ARTICLES[0]["url"], ARTICLES[1]["url"]}
    assert store.stats().incidents == 1
    out = io.BytesIO()
    export(store, "jsonl", out, incidents=True)
    (row,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (row["incident_id"], row["reports"], row["sources"]) == (incident.id, 2, 2)
    rerun = ingest([write_articles(tmp_path / "a.jsonl")], store, nlp=nlp)
    assert rerun.unchanged == 4 and rerun.incidents is None  # nothing new: not recomputed
    assert _stored(store) == [incident]


def test_store_incidents_ingest_can_skip_incidents(
    store: Store, nlp: Language, tmp_path: Path
) -> None:
    summary = ingest([write_articles(tmp_path / "a.jsonl")], store, nlp=nlp, incidents=False)
    assert summary.new == 4 and summary.incidents is None and _stored(store) == []
    update_incidents(store)
    assert store.stats().incidents == 1


@pytest.fixture
def make(make_extraction: Make) -> Make:
    return make_extraction
