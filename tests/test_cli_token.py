"""`repwatch token list` and `revoke`, `Store.tokens` / `revoke_token`, the last-use
stamp, migration 4, and a revoked token refused by an already running server; every
test against SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_server import LiveServer, serve, stop

from repwatch.cli import main
from repwatch.cli.serve import build_app
from repwatch.model import Extraction
from repwatch.store import Store, open_store, pool
from repwatch.store import reviews as store_reviews
from repwatch.store.base import Review, StoredEvent, TokenIdentity
from repwatch.store.migrations import POSTGRES, SQLITE
from repwatch.store.reviews import token_hash
from repwatch.web.api import SESSION_COOKIE

Make = Callable[..., Extraction]
ROOT = Path(__file__).resolve().parent.parent


def _event(store: Store, make_extraction: Make) -> StoredEvent:
    x = make_extraction("Police arrested two journalists in Minsk.", [
        {"type": "COERCE", "mode": "arrest", "source": "BLRCOP", "target": "BLRMED",
         "country": "BLR", "place": "Minsk", "date": dt.date(2026, 3, 1), "trigger": "arrested"},
    ])  # fmt: skip
    store.save(x)
    stored = store.event(x.events[0].id)
    assert stored is not None
    return stored


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


# -- the store ------------------------------------------------------------------------------


def test_token_store_lists_without_secrets_and_revokes_by_id(store: Store) -> None:
    alice, bob = store.create_token("alice"), store.create_token("bob")
    listed = store.tokens()
    assert [(t.name, t.revoked, t.revoked_at) for t in listed] == [
        ("alice", False, None),
        ("bob", False, None),
    ]
    assert listed[0].id < listed[1].id
    shown = repr(listed) + json.dumps([t.to_json() for t in listed])
    for secret in (alice, bob, token_hash(alice), token_hash(bob)):
        assert secret not in shown
    before = dt.datetime.now(dt.UTC)
    revoked = store.revoke_token(listed[0].id)
    assert [t.id for t in revoked] == [listed[0].id]
    assert revoked[0].revoked and revoked[0].revoked_at is not None
    assert before - dt.timedelta(seconds=5) <= revoked[0].revoked_at <= dt.datetime.now(dt.UTC)
    assert store.verify_token(alice) is None
    assert store.verify_token(bob) == TokenIdentity("bob")
    # kept, not deleted; revoking again changes nothing (the first time stays recorded)
    assert store.revoke_token(listed[0].id) == []
    again = {t.id: t for t in store.tokens()}
    assert again[listed[0].id].revoked_at == revoked[0].revoked_at
    assert not again[listed[1].id].revoked
    assert store.revoke_token(10**6) == [] and store.revoke_token(2**70) == []


def test_token_store_revoke_by_name_takes_every_live_token_of_that_name(store: Store) -> None:
    first, second = store.create_token("carol"), store.create_token("carol")
    other = store.create_token("carolyn")
    revoked = store.revoke_token(name=" carol ")
    assert sorted(t.name for t in revoked) == ["carol", "carol"]
    assert store.verify_token(first) is None and store.verify_token(second) is None
    assert store.verify_token(other) == TokenIdentity("carolyn")
    assert store.revoke_token(name="carol") == [] and store.revoke_token(name="nobody") == []


def test_token_store_revoke_needs_id_or_name(store: Store) -> None:
    from repwatch.errors import StoreError

    with pytest.raises(StoreError, match="id or by its name"):
        store.revoke_token()
    with pytest.raises(StoreError, match="id or by its name"):
        store.revoke_token(1, "x")


def test_token_store_reviews_of_a_revoked_token_still_resolve(
    store: Store, make_extraction: Make
) -> None:
    stored = _event(store, make_extraction)
    token = store.create_token("dora")
    identity = store.verify_token(token)
    assert identity is not None
    store.add_review(Review.of(stored, identity.name, "accept"))
    store.revoke_token(name="dora")
    [review] = store.reviews(stored.event.id)
    assert review.reviewer == "dora"
    assert [(t.name, t.revoked) for t in store.tokens()] == [("dora", True)]


def test_token_store_last_use_is_stamped_at_most_once_per_resolution(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = store.create_token("erin")
    assert store.tokens()[0].last_used_at is None
    before = dt.datetime.now(dt.UTC)
    assert store.verify_token(token) == TokenIdentity("erin")
    stamped = store.tokens()[0].last_used_at
    assert stamped is not None and stamped >= before - dt.timedelta(seconds=5)
    for _ in range(3):  # within the resolution: no write
        assert store.verify_token(token) == TokenIdentity("erin")
    assert store.tokens()[0].last_used_at == stamped
    monkeypatch.setattr(store_reviews, "TOKEN_LAST_USED_RESOLUTION", dt.timedelta(0))
    assert store.verify_token(token) == TokenIdentity("erin")
    newer = store.tokens()[0].last_used_at
    assert newer is not None and newer > stamped
    assert store.verify_token("wrong") is None
    assert store.tokens()[0].last_used_at == newer


def test_token_store_last_use_skipped_not_awaited_while_sqlite_is_locked(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "busy.db"
    store = open_store(str(db))
    try:
        token = store.create_token("fay")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            started = dt.datetime.now()
            assert store.verify_token(token) == TokenIdentity("fay")
            assert dt.datetime.now() - started < dt.timedelta(seconds=5)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.tokens()[0].last_used_at is None  # skipped, no error
        assert store.verify_token(token) == TokenIdentity("fay")
        assert store.tokens()[0].last_used_at is not None  # stamped at the next use
    finally:
        store.close()


def test_token_store_migration_4_keeps_old_tokens(store_url: str) -> None:
    from repwatch.store.postgres import PostgresStore
    from repwatch.store.sqlite import SqliteStore

    old: Store
    if store_url.startswith("sqlite"):

        class OldSqlite(SqliteStore):
            migrations = SQLITE[:3]

        old = OldSqlite(store_url.removeprefix("sqlite:///"))
    else:

        class OldPostgres(PostgresStore):
            migrations = POSTGRES[:3]

        old = OldPostgres(store_url)
    try:
        assert old.schema_version() == 3  # type: ignore[attr-defined]
        live, gone = old.create_token("gil"), old.create_token("hal")
        with old._write() as cur:  # type: ignore[attr-defined]
            old._exec(cur, f"UPDATE tokens SET revoked = {old.dialect.true} "  # type: ignore[attr-defined]
                      "WHERE name = 'hal'")  # fmt: skip
    finally:
        old.close()
    new = open_store(store_url)
    try:
        assert new.schema_version() == max(m.version for m in SQLITE) == 4  # type: ignore[attr-defined]
        listed = {t.name: t for t in new.tokens()}
        assert listed["gil"].revoked is False and listed["gil"].last_used_at is None
        assert listed["hal"].revoked is True and listed["hal"].revoked_at is None
        assert new.verify_token(live) == TokenIdentity("gil")
        assert new.verify_token(gone) is None
    finally:
        new.close()


# -- the command line -----------------------------------------------------------------------


def test_cli_token_list_and_revoke(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    tokens = {}
    for name in ("ivy", "jon", "ivy"):
        rc, out, _ = _cli(capsys, "token", "create", "--db", store_url, "--name", name)
        assert rc == 0
        tokens.setdefault(name, []).append(out.splitlines()[-1])
    secrets = [t for ts in tokens.values() for t in ts]
    secrets += [token_hash(t) for t in secrets]

    rc, out, _ = _cli(capsys, "token", "list", "--db", store_url)
    assert rc == 0 and not any(s in out for s in secrets)
    lines = out.splitlines()
    assert len(lines) == 3
    ids = [int(line.split()[0]) for line in lines]
    assert [line.split()[1] for line in lines] == ["ivy", "jon", "ivy"]
    assert all("active" in line and "last used never" in line for line in lines)

    rc, out, err = _cli(capsys, "token", "revoke", "--db", store_url, str(ids[1]))
    assert rc == 0 and "jon" in out and str(ids[1]) in out and err == ""
    rc, out, _ = _cli(capsys, "token", "list", "--db", store_url, "--json")
    listed = json.loads(out)
    assert [(t["id"], t["name"], t["revoked"]) for t in listed] == [
        (ids[0], "ivy", False), (ids[1], "jon", True), (ids[2], "ivy", False)
    ]  # fmt: skip
    assert listed[1]["revoked_at"] and not listed[0]["revoked_at"]
    assert set(listed[0]) == {"id", "name", "created_at", "last_used_at", "revoked", "revoked_at"}
    assert not any(s in out for s in secrets)

    rc, out, _ = _cli(capsys, "token", "revoke", "--db", store_url, "--name", "ivy")
    assert rc == 0 and out.count("revoked token") == 2
    rc, out, _ = _cli(capsys, "token", "list", "--db", store_url)
    assert all("revoked 20" in line for line in out.splitlines())

    rc, out, err = _cli(capsys, "token", "revoke", "--db", store_url, str(ids[1]))
    assert rc == 0 and "already revoked" in out  # idempotent, the first time kept

    store = open_store(store_url)
    try:
        for token in secrets[:3]:
            assert store.verify_token(token) is None
    finally:
        store.close()


@pytest.mark.parametrize("how", [["4242"], ["--name", "nobody"]])
def test_cli_token_revoke_unknown_is_one_line(
    store_url: str, capsys: pytest.CaptureFixture[str], how: list[str]
) -> None:
    _cli(capsys, "token", "create", "--db", store_url, "--name", "kim")
    rc, out, err = _cli(capsys, "token", "revoke", "--db", store_url, *how)
    assert rc != 0 and out == ""
    assert len(err.splitlines()) == 1 and how[-1] in err and "Traceback" not in err
    rc, out, _ = _cli(capsys, "token", "list", "--db", store_url)
    assert "active" in out  # nothing else was revoked


def test_cli_token_revoke_unknown_subprocess_no_traceback(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    proc = subprocess.run(
        [sys.executable, "-m", "repwatch", "token", "revoke", "--db", db, "77"],
        capture_output=True, text=True, timeout=120, env={**os.environ}, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "77" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_token_revoke_needs_exactly_one_of_id_and_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "t.db")
    for argv in ([], ["1", "--name", "x"], ["abc"]):
        with pytest.raises(SystemExit) as exc:
            main(["token", "revoke", "--db", db, *argv])
        assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# -- a running server -----------------------------------------------------------------------


@pytest.fixture
def live(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[LiveServer, str]]:
    pools: list[pool.StorePool] = []

    class RecordedPool(pool.StorePool):  # so that its connections can be closed at the end
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(pool, "StorePool", RecordedPool)
    server = serve(build_app(store_url))  # the real wiring: pooled stores, caches
    try:
        yield server, store_url
    finally:
        stop(server)
        for p in pools:
            p.close()


def test_token_revoked_is_refused_by_a_running_server(
    live: tuple[LiveServer, str],
    make_extraction: Make,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, url = live
    store = open_store(url)
    try:
        stored = _event(store, make_extraction)
        token, keep = store.create_token("lou"), store.create_token("max")
    finally:
        store.close()
    review_url = f"/api/events/{stored.event.id}/review"
    reads_url = f"/events/{stored.event.id}/reviews.json"
    bearer = {"authorization": f"Bearer {token}"}
    monkeypatch.setenv("REPWATCH_WEB_READS_REQUIRE_TOKEN", "1")
    with (
        httpx.Client(base_url=server.url, timeout=30) as client,
        httpx.Client(base_url=server.url, timeout=30) as session,
    ):
        # several requests first: the server's pool now holds open, reused stores
        for _ in range(3):
            assert client.get(reads_url, headers=bearer).status_code == 200
        session.cookies.set(SESSION_COOKIE, token)
        assert session.get(reads_url).status_code == 200
        done = client.post(review_url, json={"action": "accept"}, headers=bearer)
        assert done.status_code == 201, done.text

        reader = open_store(url)
        try:
            listed = {t.name: t.id for t in reader.tokens()}
        finally:
            reader.close()
        rc, _, _ = _cli(capsys, "token", "revoke", "--db", url, str(listed["lou"]))
        assert rc == 0

        refused = client.post(review_url, json={"action": "reject"}, headers=bearer)
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "invalid_token"
        assert client.get(reads_url, headers=bearer).status_code == 403
        assert session.get(reads_url).status_code == 403  # its sessions end too
        # the other token works, and the audit trail still names the revoked token's user
        trail = client.get(reads_url, headers={"authorization": f"Bearer {keep}"})
        assert trail.status_code == 200
        assert "lou" in trail.text
