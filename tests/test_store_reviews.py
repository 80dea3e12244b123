"""Reviews and API tokens in the store, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from repwatch.errors import StoreError
from repwatch.model import Extraction
from repwatch.store import Store, open_store
from repwatch.store.base import Correction, Review, StoredEvent, TokenIdentity
from repwatch.store.reviews import current, token_hash

Make = Callable[..., Extraction]
TEXT = "Police arrested two journalists in Minsk. Agents threatened a blogger."


def _two_events(store: Store, make_extraction: Make) -> tuple[StoredEvent, StoredEvent]:
    x = make_extraction(TEXT, [
        {"type": "COERCE", "mode": "arrest", "source": "BLRCOP", "target": "BLRMED",
         "country": "BLR", "place": "Minsk", "date": dt.date(2026, 3, 1), "trigger": "arrested"},
        {"type": "THREATEN", "source": "BLRSPY", "trigger": "threatened"},
    ])  # fmt: skip
    store.save(x)
    first, second = (store.event(e.id) for e in x.events)
    assert first is not None and second is not None
    return first, second


def test_store_reviews_create_token_verifies_and_keeps_only_its_hash(
    store: Store, store_url: str
) -> None:
    token = store.create_token("alice")
    assert len(token) >= 40
    assert store.verify_token(token) == TokenIdentity("alice")
    assert store.verify_token(token + "x") is None
    assert store.verify_token("") is None
    assert store.create_token("alice") != token  # a second token for the same name
    if store_url.startswith("sqlite"):  # the plain token is nowhere in the table
        raw = store.conn.execute("SELECT * FROM tokens").fetchall()  # type: ignore[attr-defined]
        assert token not in repr(raw) and token_hash(token) in repr(raw)


def test_store_reviews_token_without_name_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="needs a name"):
        store.create_token("  ")


def test_store_reviews_round_trip_keeps_machine_coding(store: Store, make_extraction: Make) -> None:
    arrest, threat = _two_events(store, make_extraction)
    fixed = Correction(type="ASSAULT", mode="beating", source_code="BLRCOP",
                       target_code="BLRMED", location_country="BLR", location_name="Minsk",
                       date_start=dt.date(2026, 3, 1), date_end=dt.date(2026, 3, 2),
                       certainty="reported")  # fmt: skip
    saved = store.add_review(Review.of(arrest, "alice", "correct", fixed, note="beaten, not held"))
    assert saved.id is not None and saved.created_at is not None
    store.add_review(Review.of(threat, "bob", "reject"))

    trail = store.reviews(arrest.event.id)
    assert len(trail) == 1
    got = trail[0]
    assert (got.reviewer, got.action, got.note) == ("alice", "correct", "beaten, not held")
    assert got.before == arrest.event and got.after == fixed
    assert got.to_json()["before"]["type"] == "COERCE"
    assert got.to_json()["after"]["date_end"] == "2026-03-02"
    # the machine's coding is unchanged
    assert store.event(arrest.event.id) == arrest
    assert [r.reviewer for r in store.reviews()] == ["bob", "alice"]  # newest first
    assert store.reviews(limit=1, offset=1)[0].reviewer == "alice"
    assert store.reviews("no-such-event") == []


def test_store_reviews_latest_review_wins(store: Store, make_extraction: Make) -> None:
    arrest, threat = _two_events(store, make_extraction)
    store.add_review(Review.of(arrest, "alice", "reject"))
    store.add_review(Review.of(threat, "alice", "accept"))
    store.add_review(Review.of(arrest, "bob", "accept"))
    latest = list(store.reviewed_events())
    assert [(s.event.id, r.action, r.reviewer) for s, r in latest] == [
        (threat.event.id, "accept", "alice"),
        (arrest.event.id, "accept", "bob"),
    ]
    stored, review = latest[1]
    assert stored.event == arrest.event and stored.article_title == arrest.article_title
    assert current(stored, review) == Correction.from_event(arrest.event)
    assert current(stored, Review.of(arrest, "c", "reject")) is None
    assert len(store.reviews(arrest.event.id)) == 2  # the audit trail keeps both


@pytest.mark.parametrize(
    ("action", "after"), [("correct", None), ("accept", Correction("AID")), ("undo", None)]
)
def test_store_reviews_malformed_review_refused(
    store: Store, make_extraction: Make, action: str, after: Correction | None
) -> None:
    arrest, _ = _two_events(store, make_extraction)
    review = Review.of(arrest, "alice", action, after)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="review of event"):
        store.add_review(review)
    assert store.reviews() == []


def test_store_reviews_survive_reopen(store_url: str, make_extraction: Make) -> None:
    with_store = open_store(store_url)
    try:
        arrest, _ = _two_events(with_store, make_extraction)
        token = with_store.create_token("carol")
        with_store.add_review(Review.of(arrest, "carol", "accept"))
    finally:
        with_store.close()
    again = open_store(store_url)
    try:
        assert again.verify_token(token) == TokenIdentity("carol")
        assert [r.action for r in again.reviews()] == ["accept"]
    finally:
        again.close()


def test_cli_token_create_prints_a_token_that_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from repwatch.cli import token as token_cmd

    parser = argparse.ArgumentParser(prog="repwatch")
    token_cmd.register(parser.add_subparsers(dest="command", required=True))
    db = f"sqlite:///{tmp_path / 'tokens.db'}"
    args = parser.parse_args(["token", "create", "--db", db, "--name", "erin"])
    assert args.run(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert "erin" in out[0] and "erin" not in out[-1]
    store = open_store(db)
    try:
        assert store.verify_token(out[-1]) == TokenIdentity("erin")
    finally:
        store.close()
