"""The API under fuzzing: no input, however odd, gets a server error.

The app (`repwatch.cli.serve.build_app`, pages and JSON API and review routes) is
served over a real SQLite store coded by the real pipeline from the invented articles
of `test_web_pages_data`.  Two kinds of fuzzing, both bounded so the module runs in
seconds:

* schemathesis generates requests for every operation of ``/openapi.json`` (at most
  `MAX_EXAMPLES` each), with a valid bearer token, with none and with an unknown one;
  any 5xx fails.
* The OpenAPI description leaves out what the views check by hand: the query
  parameters (event filters, paging) and the JSON bodies of the write endpoints.  A
  seeded random fuzzer sends those odd values (huge, negative, bad dates, control
  characters, lone surrogates, unicode, empty); any 5xx fails.

Every bad input must get the one error shape with a 4xx (`repwatch.web.errors`).
Without schemathesis the module is skipped with a message, except under ``CI=true``,
where it fails: CI must run it.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from spacy.language import Language
from test_web_pages_data import build_store, find
from web_server import LiveServer, serve, stop

from repwatch.cli.serve import build_app
from repwatch.store import open_store

try:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("CI") == "true":
        raise
    pytest.skip(
        "schemathesis is not installed (pip install -e '.[dev]'); the API fuzz tests are skipped",
        allow_module_level=True,
    )

MAX_EXAMPLES = 20
RANDOM_REQUESTS = 300
ODD = [
    "", " ", "0", "-1", "-0", "1", "1.5", "1e9", "0x10", "9" * 30, str(2**63), str(2**64),
    "2026-13-45", "2026-02-30", "0000-00-00", "26-1-1", "2026-01-01T00:00", "\x00", "\n",
    "é", "ünï", "💥", "１２", "İ", "%", "%00", "'; DROP TABLE events; --", "a" * 300,
    "null", "[]", "{}", "../../etc/passwd", "<script>", "IRN", "irn", "ARREST", "arrest",
    "reported", "2026-01-01",
]  # fmt: skip
FILTERS = ["type", "mode", "country", "actor", "certainty", "since", "until", "q",
           "limit", "offset", "unknown"]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> str:
    return build_store(tmp_path_factory.mktemp("fuzz") / "fuzz.db", nlp)


@pytest.fixture(scope="module")
def token(db: str) -> str:
    store = open_store(db)
    try:
        return store.create_token("fuzzer")
    finally:
        store.close()


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[LiveServer]:
    live = serve(build_app(db))
    yield live
    stop(live)


@pytest.fixture(scope="module")
def ids(db: str) -> dict[str, Any]:
    arrest = find(db, "arrested", country="BLR", mode="arrest")  # the lead's
    return {"event": arrest.event.id, "article": arrest.article_id}


def _auth(who: str, token: str) -> dict[str, str]:
    return {
        "token": {"Authorization": f"Bearer {token}"},
        "none": {},
        "unknown": {"Authorization": "Bearer not-a-token"},
    }[who]


def _describe(method: str, url: str, body: Any, response: Any) -> str:
    return (
        f"{method} {url} body={str(body)[:200]!r} -> {response.status_code}: {response.text[:300]}"
    )


@pytest.mark.parametrize("who", ["token", "none", "unknown"])
def test_web_schemathesis_no_server_error(server: LiveServer, token: str, who: str) -> None:
    """schemathesis over every operation of /openapi.json: no 5xx."""
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    headers = _auth(who, token)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/events.json", "/api/articles"}
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(base_url=server.url, headers=headers, timeout=60)
            if response.status_code >= 500:
                failures.append(
                    _describe(case.method, case.formatted_path, case.body, response)
                    + f" query={case.query!r}"
                )

        check()
    assert not failures, "server errors:\n  " + "\n  ".join(failures[:20])


def test_web_schemathesis_query_parameters(server: LiveServer, ids: dict[str, Any]) -> None:
    """Odd values for every query parameter and path id, on pages and JSON: no 5xx."""
    rnd = random.Random(6)
    event, article = ids["event"], ids["article"]
    paths = ["/", "/index.json", "/events", "/events.json", "/incidents.json", "/articles.json",
             f"/events/{event}.json", f"/events/{event}/reviews.json", "/incidents/1.json",
             f"/articles/{article}.json", "/actors/IRNOPP.json"]  # fmt: skip
    templates = ["/events/{}.json", "/events/{}", "/events/{}/reviews.json", "/incidents/{}.json",
                 "/incidents/{}", "/articles/{}.json", "/articles/{}", "/actors/{}.json",
                 "/actors/{}"]  # fmt: skip
    failures: list[str] = []
    with httpx.Client(base_url=server.url, timeout=60) as client:
        # the ids every template must refuse or miss, not crash on (these found 500s)
        for template in templates:
            for odd in ("9" * 30, str(2**63), "-1", "%00", "%ff", "%ED%A0%80", "💥", "a" * 300):
                response = client.get(template.format(odd))
                if response.status_code >= 500:
                    failures.append(_describe("GET", template.format(odd), None, response))
        for _ in range(RANDOM_REQUESTS):
            path = rnd.choice(paths)
            params = {rnd.choice(FILTERS): rnd.choice(ODD) for _ in range(rnd.randint(1, 3))}
            response = client.get(path, params=params)
            if response.status_code >= 500:
                failures.append(_describe("GET", str(response.url), None, response))
    assert not failures, "server errors:\n  " + "\n  ".join(failures[:20])


ARTICLE_BODIES: list[Any] = [
    None, "", "{", "[]", "null", "1", '"text"', "[" * 5000, {}, {"text": ""}, {"text": 5},
    {"text": ["x"]}, {"text": "Police arrested a man.", "published": "2026-99-01"},
    {"text": "Police arrested a man.", "published": 5},
    {"text": "Police arrested a man.", "published": "2026-01-01T00:00:00"},
    {"text": "Police arrested a man.", "url": "javascript:alert(1)"},
    {"text": "Police arrested a man.", "url": 5}, {"text": "Police arrested a man.", "title": []},
    {"text": "Police arrested a man.", "extra": 1}, {"text": "\x00"},
    '{"text": "\\ud800 Police arrested a man."}', '{"text": "x", "title": "\\udfff"}',
]  # fmt: skip
REVIEW_BODIES: list[Any] = [
    None, "", "{", "[]", {}, {"action": "accept", "extra": 1}, {"action": ["accept"]},
    {"action": "correct"}, {"action": "correct", "correction": []},
    {"action": "correct", "correction": {}}, {"action": "accept", "note": 5},
    {"action": "accept", "note": "x" * 3000}, {"action": "reject", "correction": {"type": "X"}},
    {"action": "correct", "correction": {"type": "ASSAULT", "date_start": 5}},
    {"action": "correct", "correction": {"type": "ASSAULT", "date_start": "2026-01-1"}},
    {"action": "correct", "correction": {"type": "ASSAULT", "date_start": "2026-02-01",
                                         "date_end": "2026-01-01"}},
    {"action": "correct", "correction": {"type": "ASSAULT", "source_code": "💥💥💥"}},
    {"action": "correct", "correction": {"type": "ASSAULT", "source_code": "ıRN"}},
    {"action": "correct", "correction": {"type": "ASSAULT", "certainty": "ＲＥＰＯＲＴＥＤ"}},
    {"action": "correct", "correction": {"type": "assault", "mode": "İ"}},
    {"action": "correct", "correction": {"type": "ASSAULT", "location_country": "ıRN"}},
    '{"action": "accept", "note": "\\ud800"}',
]  # fmt: skip


@pytest.mark.parametrize("who", ["token", "none", "unknown"])
def test_web_schemathesis_write_bodies(
    server: LiveServer, token: str, ids: dict[str, Any], who: str
) -> None:
    """Odd JSON bodies for the two write endpoints, with and without a token: no 5xx,
    and a 4xx in the one error shape."""
    headers = {**_auth(who, token), "Content-Type": "application/json"}
    event = ids["event"]
    targets = [("/api/articles", ARTICLE_BODIES)] + [
        (f"/api/events/{e}/review", REVIEW_BODIES) for e in (event, "no-such-event", "%00")
    ]
    failures: list[str] = []
    with httpx.Client(base_url=server.url, timeout=120) as client:
        for path, bodies in targets:
            for body in bodies:
                content = (
                    body if isinstance(body, str) else json.dumps(body) if body is not None else b""
                )
                response = client.post(path, content=content, headers=headers)
                if response.status_code >= 500:
                    failures.append(_describe("POST", path, body, response))
                elif response.status_code >= 400:
                    error = response.json()["error"]
                    assert error["status"] == response.status_code and error["code"], error
    assert not failures, "server errors:\n  " + "\n  ".join(failures[:20])
