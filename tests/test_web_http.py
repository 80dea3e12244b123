"""The web app over real HTTP (uvicorn on loopback): one error shape, security
headers, CSRF, the body limit, bearer tokens, and page/JSON twins."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from web_demo import TOKEN, FakeStore, demo_app
from web_server import LiveServer, serve, stop

from repwatch.errors import StoreUnavailable
from repwatch.web.security import CSP, CSRF_COOKIE, hash_token

LIMIT = 2000
HTML = {"accept": "text/html"}
BEARER = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    live = serve(demo_app(max_body_bytes=LIMIT))
    yield live
    stop(live)


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/no/such/page", 404, "not_found"),
        ("GET", "/no/such/thing.json", 404, "not_found"),
        ("GET", "/demo/items/7.json", 404, "not_found"),
        ("DELETE", "/api/demo", 405, "method_not_allowed"),
        ("GET", "/demo/items/abc.json", 400, "invalid_parameter"),
        ("GET", "/demo.json?type=FLY", 400, "bad_filter"),
        ("GET", "/demo.json?since=2025-02-30", 400, "bad_filter"),
        ("GET", "/demo.json?since=2025-05-01&until=2025-01-01", 400, "bad_filter"),
        ("GET", "/demo.json?limit=-1", 400, "bad_filter"),
        ("GET", "/demo.json?tpye=COERCE", 400, "bad_filter"),
        ("GET", "/demo/boom", 500, "internal_error"),
    ],
)
def test_errors_one_json_shape(
    client: httpx.Client, method: str, path: str, status: int, code: str
) -> None:
    assert_error(client.request(method, path), status, code)


def test_errors_internal_error_hides_details(client: httpx.Client) -> None:
    error = assert_error(client.get("/demo/boom"), 500, "internal_error")
    assert "secret internal detail" not in error["message"]


def test_errors_unknown_route_html_page_for_browsers(client: httpx.Client) -> None:
    response = client.get("/no/such/page", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-code="not_found"' in response.text
    assert "no such page or resource" in response.text
    # the .json twin answers JSON even to a browser
    assert_error(client.get("/demo/items/3.json", headers=HTML), 404, "not_found")


def test_errors_api_bodies(client: httpx.Client) -> None:
    assert_error(client.post("/api/demo", json={"a": "x"}, headers=BEARER), 422, "invalid_body")
    bad_json = {**BEARER, "content-type": "application/json"}
    assert_error(client.post("/api/demo", content=b"{nope", headers=bad_json), 400, "invalid_json")


def test_errors_domain_exceptions_map_to_status() -> None:
    def broken_store() -> Any:
        raise StoreUnavailable("postgresql://db/repwatch: connection refused")

    app = demo_app()
    app.state.store_factory = broken_store
    live = serve(app)
    try:
        error = assert_error(httpx.get(live.url + "/demo.json"), 503, "store_unavailable")
        assert "connection refused" in error["message"]
    finally:
        stop(live)


@pytest.mark.parametrize("size", [LIMIT + 1, 10 * LIMIT])
def test_limits_declared_body_too_large(client: httpx.Client, size: int) -> None:
    response = client.post("/api/demo", content=b"x" * size, headers=BEARER)
    assert_error(response, 413, "body_too_large")


def test_limits_chunked_body_too_large(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"y" * (LIMIT // 2)

    response = client.post("/api/demo", content=chunks(), headers=BEARER)
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "body_too_large")


def test_limits_body_under_limit_passes(client: httpx.Client) -> None:
    response = client.post("/api/demo", json={"a": 2, "b": 3}, headers=BEARER)
    assert response.status_code == 200
    assert response.json() == {"by": "tester", "sum": 5}


@pytest.mark.parametrize("path", ["/demo", "/demo.json", "/static/app.css", "/nope", "/demo/boom"])
def test_security_headers_on_every_response(client: httpx.Client, path: str) -> None:
    headers = client.get(path, headers=HTML).headers
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def csrf(client: httpx.Client) -> str:
    page = client.get("/demo", headers=HTML)
    assert page.status_code == 200
    token = client.cookies[CSRF_COOKIE]
    assert f'name="csrf_token" value="{token}"' in page.text
    return token


def test_security_csrf_cookie_is_strict(client: httpx.Client) -> None:
    cookie = client.get("/demo", headers=HTML).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_security_form_post_without_token_refused(client: httpx.Client) -> None:
    csrf(client)
    assert_error(client.post("/demo/write", data={"note": "hi"}), 403, "csrf_failed")
    page = client.post("/demo/write", data={"note": "hi"}, headers=HTML)
    assert page.status_code == 403 and 'data-code="csrf_failed"' in page.text


@pytest.mark.parametrize("how", ["form", "header", "multipart"])
def test_security_form_post_with_token_passes(client: httpx.Client, how: str) -> None:
    token = csrf(client)
    if how == "form":
        response = client.post("/demo/write", data={"note": "hi", "csrf_token": token})
    elif how == "header":
        response = client.post("/demo/write", data={"note": "hi"}, headers={"x-csrf-token": token})
    else:
        files = {"upload": ("a.txt", b"text")}
        response = client.post("/demo/write", data={"note": "hi", "csrf_token": token}, files=files)
    assert response.status_code == 200, response.text
    assert response.json() == {"saved": "hi"}


@pytest.mark.parametrize(
    "case", ["wrong token", "no cookie", "forged cookie", "cross origin", "wrong method"]
)
def test_security_form_post_bad_token_refused(
    client: httpx.Client, server: LiveServer, case: str
) -> None:
    token = csrf(client)
    data = {"note": "hi", "csrf_token": token}
    headers: dict[str, str] = {}
    if case == "wrong token":
        data["csrf_token"] = token[:-2] + "xx"
    elif case == "no cookie":
        client.cookies.clear()
    elif case == "forged cookie":
        forged = "attacker.signature"
        client.cookies.clear()
        client.cookies.set(CSRF_COOKIE, forged)
        data["csrf_token"] = forged
    elif case == "cross origin":
        headers["origin"] = "https://evil.example"
    else:
        response = client.put("/demo/write", data=data)
        assert_error(response, 405, "method_not_allowed")
        return
    assert_error(client.post("/demo/write", data=data, headers=headers), 403, "csrf_failed")


def test_security_bearer_token_required(client: httpx.Client) -> None:
    missing = client.post("/api/demo", json={"a": 1})
    assert_error(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"] == "Bearer"
    invalid = {"authorization": "Bearer not-the-token"}
    assert_error(client.post("/api/demo", json={"a": 1}, headers=invalid), 403, "invalid_token")
    assert client.post("/api/demo", json={"a": 1}, headers=BEARER).status_code == 200


def test_security_hash_token_is_not_the_token() -> None:
    digest = hash_token(TOKEN)
    assert len(digest) == 64 and TOKEN not in digest
    assert digest == hash_token(TOKEN) != hash_token(TOKEN + "x")


def test_views_page_and_json_from_one_view(client: httpx.Client) -> None:
    data = client.get("/demo.json?type=COERCE&limit=10").json()
    page = client.get("/demo?type=COERCE&limit=10", headers=HTML).text
    assert data["heading"] == "Demo: 35 events"
    assert f'<h1 id="heading">{data["heading"]}</h1>' in page
    assert data["query"]["type"] == "COERCE"
    assert '<option value="COERCE" selected>' in page
    assert data["paging"]["next"] == "/demo.json?type=COERCE&limit=10&offset=10"


def test_views_store_closed_after_each_request(client: httpx.Client) -> None:
    before = FakeStore.closed
    for _ in range(3):
        assert client.get("/demo.json").status_code == 200
    deadline = time.monotonic() + 2  # the store closes as the response goes out
    while FakeStore.closed < before + 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert FakeStore.closed == before + 3
    assert FakeStore.opened == FakeStore.closed
