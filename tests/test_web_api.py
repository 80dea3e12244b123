"""The write side over real HTTP (uvicorn on loopback, a real SQLite store, the real
pipeline): POST /api/articles, reviews by API and by form, the audit trail, sessions
and the web_reads_require_token setting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_server import LiveServer, serve, stop

from repwatch.store import EventQuery, Store, open_store
from repwatch.web import WebConfig, create_app
from repwatch.web import api as web_api
from repwatch.web import review as web_review
from repwatch.web.api import SESSION_COOKIE, store_token_verifier
from repwatch.web.security import CSRF_COOKIE

LIMIT = 20_000
ARTICLE = {
    "text": "Police in Minsk arrested two journalists on Monday.\n\n"
    "Iranian agents threatened a dissident blogger in London.",
    "title": "Crackdown",
    "published": "2026-03-25",
    "url": "https://news.example/crackdown",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('api') / 'repwatch.db'}"


@pytest.fixture(scope="module")
def tokens(db: str) -> dict[str, str]:
    store = open_store(db)
    try:
        return {"alice": store.create_token("alice"), "bob": store.create_token("bob")}
    finally:
        store.close()


@pytest.fixture(scope="module")
def server(db: str, tokens: dict[str, str]) -> Iterator[LiveServer]:
    def factory() -> Store:
        return open_store(db)

    config = WebConfig(max_body_bytes=LIMIT, token_verifier=store_token_verifier(factory))
    app = create_app(factory, config, routers=[web_api.router, web_review.router])
    live = serve(app)
    yield live
    stop(live)


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def assert_error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    return str(body["error"]["message"])


@pytest.fixture(scope="module")
def stored(server: LiveServer, db: str, tokens: dict[str, str]) -> dict[str, Any]:
    """The sample article posted once through the API; its answer and its events."""
    with httpx.Client(base_url=server.url, timeout=120) as c:
        response = c.post("/api/articles", json=ARTICLE, headers=bearer(tokens["alice"]))
    assert response.status_code == 201, response.text
    body = response.json()
    store = open_store(db)
    try:
        events = store.events(EventQuery(article_id=body["id"]))
    finally:
        store.close()
    return {"answer": body, "events": events}


def test_web_api_post_article_extracts_and_stores(
    stored: dict[str, Any], client: httpx.Client, tokens: dict[str, str], db: str
) -> None:
    answer = stored["answer"]
    assert answer["status"] == "new" and answer["events"] == len(stored["events"]) >= 2
    types = {e.event.type for e in stored["events"]}
    assert {"COERCE", "THREATEN"} <= types
    assert all(e.article_title == "Crackdown" for e in stored["events"])
    again = client.post("/api/articles", json=ARTICLE, headers=bearer(tokens["bob"]))
    assert again.status_code == 201
    assert again.json() == {**answer, "status": "unchanged"}


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [({}, 401, "unauthorized"), (bearer("not-a-token"), 403, "invalid_token")],
)
def test_web_api_post_article_needs_a_valid_token(
    client: httpx.Client, headers: dict[str, str], status: int, code: str
) -> None:
    response = client.post("/api/articles", json=ARTICLE, headers=headers)
    assert_error(response, status, code)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"", 400, "invalid_json"),
        (b"[1, 2]", 400, "invalid_body"),
        (b'{"text": "   \\n "}', 400, "invalid_body"),
        (b'{"title": "no text"}', 400, "invalid_body"),
        (b'{"text": 5}', 400, "invalid_body"),
        (b'{"text": "Police arrested him.", "published": "2026-02-30"}', 400, "invalid_body"),
        (b'{"text": "Police arrested him.", "url": "javascript:alert(1)"}', 400, "invalid_body"),
        (b'{"text": "Police arrested him.", "author": "x"}', 400, "invalid_body"),
        (b'{"text": "' + b"a" * LIMIT + b'"}', 413, "body_too_large"),
    ],
)
def test_web_api_post_article_bad_body(
    client: httpx.Client, tokens: dict[str, str], body: bytes, status: int, code: str
) -> None:
    headers = {**bearer(tokens["alice"]), "content-type": "application/json"}
    assert_error(client.post("/api/articles", content=body, headers=headers), status, code)


def _event(stored: dict[str, Any], kind: str) -> Any:
    return next(e for e in stored["events"] if e.event.type == kind)


def test_web_api_review_round_trip_keeps_machine_coding(
    stored: dict[str, Any], client: httpx.Client, tokens: dict[str, str]
) -> None:
    arrest = _event(stored, "COERCE")
    url = f"/api/events/{arrest.event.id}/review"
    accepted = client.post(url, json={"action": "accept"}, headers=bearer(tokens["alice"]))
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["reviewer"] == "alice" and accepted.json()["after"] is None
    correction = {
        "type": "assault", "mode": "beating", "source_code": "BLRCOP", "target_code": "MED",
        "location_country": "blr", "location_name": "Minsk", "date_start": "2026-03-23",
        "date_end": "2026-03-23", "certainty": "reported",
    }  # fmt: skip
    body = {"action": "correct", "correction": correction, "note": "a beating, not an arrest"}
    corrected = client.post(url, json=body, headers=bearer(tokens["bob"]))
    assert corrected.status_code == 201, corrected.text
    review = corrected.json()
    assert review["after"]["type"] == "ASSAULT" and review["after"]["location_country"] == "BLR"
    assert review["before"]["type"] == "COERCE" and review["before"]["mode"] == arrest.event.mode

    trail = client.get(f"/events/{arrest.event.id}/reviews.json")
    assert trail.status_code == 200
    data = trail.json()
    assert [(r["reviewer"], r["action"]) for r in data["reviews"]] == [
        ("bob", "correct"),
        ("alice", "accept"),
    ]
    assert data["reviews"][0]["before"]["type"] == "COERCE"
    assert "type" in data["reviews"][0]["changed"] and data["reviews"][1]["changed"] == []
    assert data["event"]["type"] == "COERCE"  # the machine's coding is unchanged
    page = client.get(f"/events/{arrest.event.id}/reviews", headers={"accept": "text/html"})
    assert page.status_code == 200 and "a beating, not an arrest" in page.text

    threat = _event(stored, "THREATEN")
    rejected = client.post(f"/api/events/{threat.event.id}/review",
                           json={"action": "reject", "note": "a quote, not an event"},
                           headers=bearer(tokens["alice"]))  # fmt: skip
    assert rejected.status_code == 201 and rejected.json()["action"] == "reject"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"action": "approve"}, "action"),
        ({"action": "correct"}, "needs 'correction'"),
        ({"action": "accept", "correction": {"type": "AID"}}, "carries no correction"),
        ({"action": "correct", "correction": {"type": "FLY"}}, "PLOVER type"),
        ({"action": "correct", "correction": {"type": "AID", "certainty": "maybe"}}, "certainty"),
        ({"action": "correct", "correction": {"type": "AID", "date_start": "2026-13-01"}}, "ISO"),
        (
            {
                "action": "correct",
                "correction": {"type": "AID", "date_start": "2026-03-02", "date_end": "2026-03-01"},
            },
            "after",
        ),  # fmt: skip
        ({"action": "correct", "correction": {"type": "AID", "location_country": "XXX"}}, "ISO-3"),
        ({"action": "correct", "correction": {"type": "AID", "source_code": "ZZZGOV"}}, "ISO-3"),
        ({"action": "correct", "correction": {"type": "AID", "target_code": "IRNFOO"}}, "ISO-3"),
        ({"action": "correct", "correction": {"type": "AID", "colour": "red"}}, "unknown"),
        ({"action": "accept", "note": 7}, "note"),
        ([1], "object"),
    ],
)
def test_web_api_review_bad_body(
    stored: dict[str, Any], client: httpx.Client, tokens: dict[str, str], body: Any, message: str
) -> None:
    url = f"/api/events/{stored['events'][0].event.id}/review"
    response = client.post(url, json=body, headers=bearer(tokens["alice"]))
    assert message in assert_error(response, 400, "invalid_body")


def test_web_api_review_errors(
    stored: dict[str, Any], client: httpx.Client, tokens: dict[str, str]
) -> None:
    url = f"/api/events/{stored['events'][0].event.id}/review"
    accept = {"action": "accept"}
    assert_error(client.post(url, json=accept), 401, "unauthorized")
    assert_error(client.post(url, json=accept, headers=bearer("nope")), 403, "invalid_token")
    bad_json = {**bearer(tokens["alice"]), "content-type": "application/json"}
    assert_error(client.post(url, content=b"{", headers=bad_json), 400, "invalid_json")
    unknown = client.post("/api/events/no-such-event/review", json=accept,
                          headers=bearer(tokens["alice"]))  # fmt: skip
    assert_error(unknown, 404, "not_found")
    assert_error(client.get("/events/no-such-event/reviews.json"), 404, "not_found")


def _csrf(client: httpx.Client, stored: dict[str, Any]) -> str:
    client.get(f"/events/{stored['events'][0].event.id}/reviews.json")
    return str(client.cookies[CSRF_COOKIE])


def test_web_api_review_form_needs_csrf_and_token(
    stored: dict[str, Any], client: httpx.Client, tokens: dict[str, str]
) -> None:
    event = stored["events"][0].event
    url = f"/events/{event.id}/review"
    form = {"action": "accept", "token": tokens["alice"]}
    assert_error(client.post(url, data=form), 403, "csrf_failed")
    csrf = _csrf(client, stored)
    assert_error(client.post(url, data={"action": "accept", "csrf_token": csrf}), 401,
                 "unauthorized")  # fmt: skip
    assert_error(client.post(url, data={**form, "csrf_token": csrf, "token": "bad"}), 403,
                 "invalid_token")  # fmt: skip
    fields = {"type": "ACCUSE", "mode": "", "source_code": "", "target_code": "",
              "location_country": "", "location_name": "", "date_start": "", "date_end": "",
              "certainty": "alleged", "note": "by form"}  # fmt: skip
    done = client.post(url, data={**form, **fields, "action": "correct", "csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"] == f"/events/{event.id}#review"
    latest = client.get(f"/events/{event.id}/reviews.json").json()["reviews"][0]
    assert (latest["reviewer"], latest["action"], latest["note"]) == ("alice", "correct", "by form")
    assert latest["after"]["type"] == "ACCUSE" and latest["after"]["mode"] is None


def test_web_api_session_signs_form_posts(
    stored: dict[str, Any], client: httpx.Client, tokens: dict[str, str]
) -> None:
    csrf = _csrf(client, stored)
    assert_error(client.post("/session", data={"token": "bad", "csrf_token": csrf}), 403,
                 "invalid_token")  # fmt: skip
    event = stored["events"][0].event
    signed = client.post("/session", data={"token": tokens["bob"], "csrf_token": csrf,
                                           "next": "//evil.example/"})  # fmt: skip
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    done = client.post(f"/events/{event.id}/review", data={"action": "reject", "csrf_token": csrf})
    assert done.status_code == 303
    latest = client.get(f"/events/{event.id}/reviews.json").json()["reviews"][0]
    assert (latest["reviewer"], latest["action"]) == ("bob", "reject")
    client.post("/session/end", data={"csrf_token": csrf})
    assert SESSION_COOKIE not in client.cookies


def test_web_api_reads_require_token_setting(
    stored: dict[str, Any],
    client: httpx.Client,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"/events/{stored['events'][0].event.id}/reviews.json"
    assert client.get(url).status_code == 200  # default: reads are open
    monkeypatch.setenv("REPWATCH_WEB_READS_REQUIRE_TOKEN", "1")
    assert_error(client.get(url), 401, "unauthorized")
    assert_error(client.get(url, headers=bearer("nope")), 403, "invalid_token")
    assert client.get(url, headers=bearer(tokens["alice"])).status_code == 200
    client.cookies.set(SESSION_COOKIE, tokens["alice"])
    assert client.get(url).status_code == 200
    monkeypatch.setenv("REPWATCH_WEB_READS_REQUIRE_TOKEN", "0")
    client.cookies.clear()
    assert client.get(url).status_code == 200


def test_web_api_token_verifier_reads_the_store(tmp_path: Path) -> None:
    opened: list[Store] = []

    def factory() -> Store:
        opened.append(open_store(f"sqlite:///{tmp_path / 'v.db'}"))
        return opened[-1]

    verify = store_token_verifier(factory)
    token = factory().create_token("dora")
    assert verify(token) is not None and verify(token).name == "dora"  # type: ignore[union-attr]
    assert verify("x") is None
    for store in opened:
        store.close()
