"""The store contract (repwatch/store/base.py), run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from repwatch.errors import StoreError
from repwatch.model import Extraction
from repwatch.store import EventQuery, Incident, Store, open_store
from repwatch.store.base import Contradiction
from repwatch.store.hashing import text_hash
from repwatch.store.migrations import SQLITE

Make = Callable[..., Extraction]
D = dt.date


def test_store_save_new_then_unchanged(store: Store, make_extraction: Make) -> None:
    x = make_extraction("Police arrested two journalists in Minsk.", [{"type": "COERCE"}])
    first = store.save(x)
    again = store.save(x)
    assert first.status == "new" and again == type(first)(first.article_id, "unchanged")
    assert store.stats().articles == 1 and store.stats().events == 1


def test_store_save_same_text_other_whitespace_is_unchanged(
    store: Store, make_extraction: Make
) -> None:
    store.save(make_extraction("Police arrested two journalists."))
    assert store.save(make_extraction("Police  arrested\ntwo journalists.\n")).status == "unchanged"


def test_store_save_same_url_new_text_is_a_version(store: Store, make_extraction: Make) -> None:
    url = "https://news.example/a1"
    one = store.save(make_extraction("Police arrested two journalists.", [{}], url=url))
    two = store.save(make_extraction("Police arrested three journalists.", [{}], url=url))
    assert (one.status, two.status) == ("new", "version")
    a1, a2 = store.article(one.article_id), store.article(two.article_id)
    assert a1 is not None and a2 is not None
    assert (a1.version, a2.version) == (1, 2)
    assert store.stats().events == 2  # both versions keep their events


def test_store_save_new_extractor_recodes(store: Store, make_extraction: Make) -> None:
    text = "Police arrested two journalists and beat a lawyer."
    old = store.save(make_extraction(text, [{"type": "COERCE"}], extractor="repwatch-0.1+rules"))
    new = store.save(make_extraction(text, [{"type": "COERCE"}, {"type": "ASSAULT"}],
                                     extractor="repwatch-0.2+rules"))  # fmt: skip
    assert new == type(new)(old.article_id, "recoded")
    stored = store.article(old.article_id)
    assert stored is not None and stored.extractors == ("repwatch-0.1+rules", "repwatch-0.2+rules")
    assert store.stats().events == 2  # the newest coding only
    events = store.events(EventQuery(article_id=old.article_id))
    assert {e.extractor for e in events} == {"repwatch-0.2+rules"}
    older = store.extraction(old.article_id, "repwatch-0.1+rules")
    assert older is not None and len(older.events) == 1
    assert store.coded(text_hash(text), "repwatch-0.1+rules")
    assert not store.coded(text_hash(text), "repwatch-0.3+rules")


def test_store_extraction_round_trips(store: Store, make_extraction: Make) -> None:
    x = make_extraction("Police arrested two journalists in Minsk.",
                        [{"source": "BLRCOP", "target": "MED", "country": "BLR",
                          "date": D(2026, 3, 1), "acled": True}], quotes=1,
                        url="https://news.example/x", title="Arrests")  # fmt: skip
    saved = store.save(x)
    assert store.extraction(saved.article_id) == x
    assert store.quotes(saved.article_id) == x.quotes
    assert store.extraction(saved.article_id + 1000) is None
    assert store.article(saved.article_id + 1000) is None


def test_store_save_is_one_transaction(
    store: Store, make_extraction: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    from repwatch.store import postgres, sql

    def broken(*args: Any, **kwargs: Any) -> tuple[Any, ...]:
        raise RuntimeError("disk on fire")

    for module in (sql, postgres):  # fails after the article and events
        monkeypatch.setattr(module, "quote_row", broken)
    with pytest.raises(RuntimeError):
        store.save(make_extraction("Police arrested two journalists.", [{}], quotes=1))
    assert store.stats().to_json() == {"articles": 0, "events": 0, "incidents": 0, "quotes": 0,
                                       "failed": 0}  # fmt: skip
    monkeypatch.undo()
    assert store.save(make_extraction("Police arrested two journalists.", [{}])).status == "new"


@pytest.fixture
def coded(store: Store, make_extraction: Make) -> Store:
    """Four articles with events of known type, country and date."""
    store.save(make_extraction(
        "Police in Minsk arrested two journalists.",
        [{"type": "COERCE", "mode": "arrest", "source": "BLRCOP", "target": "MED",
          "country": "BLR", "date": D(2026, 3, 1), "trigger": "arrested"}],
        title="Crackdown in Belarus", url="https://news.example/1"))  # fmt: skip
    store.save(make_extraction(
        "Agents abducted a dissident in Istanbul.",
        [{"type": "COERCE", "mode": "abduct", "source": "IRNSPY", "country": "TUR",
          "date": (D(2026, 1, 1), D(2026, 1, 31)), "trigger": "abducted",
          "certainty": "alleged"}]))  # fmt: skip
    store.save(make_extraction(
        "Protesters marched in Minsk and police beat them.",
        [{"type": "PROTEST", "country": "BLR", "date": D(2025, 6, 1), "trigger": "marched"},
         {"type": "ASSAULT", "source": "BLRCOP", "country": "BLR", "date": D(2025, 6, 1),
          "trigger": "beat"}]))  # fmt: skip
    store.save(make_extraction("The ministry criticised the verdict.",
                               [{"type": "ACCUSE", "trigger": "criticised"}]))  # fmt: skip
    return store


@pytest.mark.parametrize(
    ("query", "triggers"),
    [
        (EventQuery(), ["arrested", "abducted", "beat", "marched", "criticised"]),
        (EventQuery(type="COERCE"), ["arrested", "abducted"]),
        (EventQuery(type="COERCE", country="BLR"), ["arrested"]),
        (EventQuery(country="BLR"), ["arrested", "beat", "marched"]),
        (EventQuery(mode="abduct"), ["abducted"]),
        (EventQuery(certainty="alleged"), ["abducted"]),
        (EventQuery(since=D(2026, 1, 15)), ["arrested", "abducted"]),  # a range that overlaps
        (EventQuery(until=D(2025, 12, 31)), ["beat", "marched"]),
        (EventQuery(since=D(2026, 2, 1), until=D(2026, 3, 31)), ["arrested"]),
        (EventQuery(actor="BLRCOP"), ["arrested", "beat"]),
        (EventQuery(actor="irnspy"), ["abducted"]),
        (EventQuery(actor="name of IRN"), ["abducted"]),
        (EventQuery(q="journalists"), ["arrested"]),
        (EventQuery(q="abduct dissident"), ["abducted"]),  # stemmed, every word
        (EventQuery(q="dissident journalists"), []),
        (EventQuery(q="crackdown"), ["arrested"]),  # the article title is searched
        (EventQuery(q='"); DROP TABLE events; --'), []),
        (EventQuery(type="COERCE", country="BLR", since=D(2026, 1, 1), q="police"), ["arrested"]),
        (EventQuery(limit=2), ["arrested", "abducted"]),
        (EventQuery(limit=2, offset=2), ["beat", "marched"]),
    ],
)
def test_store_events_filters(coded: Store, query: EventQuery, triggers: list[str]) -> None:
    found = coded.events(query)
    # newest event date first, undated events last
    assert [e.event.trigger.text for e in found] == triggers
    if query.limit == 50:
        assert coded.count_events(query) == len(triggers)


def test_store_events_carry_their_article(coded: Store) -> None:
    (arrest,) = coded.events(EventQuery(mode="arrest"))
    assert arrest.article_title == "Crackdown in Belarus"
    assert arrest.article_url == "https://news.example/1"
    assert arrest.published == D(2026, 3, 2) and arrest.extractor == "repwatch-test+rules"
    assert coded.event(arrest.event.id) == arrest
    assert coded.event("ev-nonesuch") is None


def test_store_iter_events_streams_everything(
    coded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from repwatch.store import sql

    monkeypatch.setattr(sql, "ITER_BATCH", 2)
    assert len(list(coded.iter_events())) == 5
    assert {e.event.type for e in coded.iter_events(EventQuery(country="BLR"))} == {
        "COERCE", "PROTEST", "ASSAULT"}  # fmt: skip


def test_store_failures_recorded_once_and_cleared_by_save(
    store: Store, make_extraction: Make
) -> None:
    store.record_failure("a.txt", "empty input, no text to read")
    store.record_failure("a.txt", "not valid UTF-8")
    store.record_failure("b.html", "no article text found in the HTML page")
    assert [(f.source, f.reason) for f in store.failures()] == [
        ("a.txt", "not valid UTF-8"),
        ("b.html", "no article text found in the HTML page"),
    ]
    assert store.failures()[0].at.tzinfo is not None
    store.save(make_extraction("Police arrested two journalists.", source="a.txt"))
    assert [f.source for f in store.failures()] == ["b.html"] and store.stats().failed == 1


def test_store_incidents_replace(coded: Store) -> None:
    ids = [e.event.id for e in coded.events(EventQuery(country="BLR"))]
    contradiction = Contradiction("date", ("2026-03-01", "2025-06-01"), tuple(ids[:2]))
    made = Incident(0, "COERCE", tuple(ids[:2]), 2, D(2026, 3, 2), D(2025, 6, 1), D(2026, 3, 1),
                    "BLR", (contradiction,))  # fmt: skip
    coded.replace_incidents([made, Incident(0, "ACCUSE", (ids[2],), 1, None, None, None, None)])
    first, second = coded.incidents()
    assert first.event_ids == tuple(ids[:2]) and first.contradictions == (contradiction,)
    assert (first.type, first.sources, first.first, first.country) == ("COERCE", 2, D(2025, 6, 1),
                                                                       "BLR")  # fmt: skip
    assert coded.incident(first.id) == first and coded.incident(first.id + 99) is None
    in_first = coded.events(EventQuery(incident_id=first.id))
    assert {e.event.id for e in in_first} == set(ids[:2])
    assert {e.incident_id for e in in_first} == {first.id}
    coded.replace_incidents([])
    assert coded.incidents() == [] and coded.stats().incidents == 0


def test_store_stats_counts_newest_codings(store: Store, make_extraction: Make) -> None:
    store.save(make_extraction("Police arrested two journalists.", [{}, {}], quotes=2))
    store.save(make_extraction("Police arrested two journalists.", [{}], quotes=1,
                               extractor="repwatch-9+rules"))  # fmt: skip
    store.record_failure("x.txt", "empty")
    assert store.stats().to_json() == {"articles": 1, "events": 1, "incidents": 0, "quotes": 1,
                                       "failed": 1}  # fmt: skip


def test_store_reopen_keeps_data_and_schema(store_url: str, make_extraction: Make) -> None:
    first = open_store(store_url)
    first.save(make_extraction("Police arrested two journalists.", [{}]))
    first.close()
    again = open_store(store_url)
    try:
        assert again.stats().articles == 1
        assert again.schema_version() == len(SQLITE)  # type: ignore[attr-defined]
    finally:
        again.close()


def test_store_refuses_a_newer_schema(store: Store, store_url: str) -> None:
    from repwatch.store.migrations import Migration

    store.migrate([*_migrations(store), Migration(99, "future", ())])  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        open_store(store_url)


def _migrations(store: Store) -> list[Any]:
    from repwatch.store import migrations

    return migrations.SQLITE if store.url.startswith("sqlite") else migrations.POSTGRES
