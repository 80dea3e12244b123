"""The pages and their JSON twins over real HTTP (uvicorn on loopback) and a real
SQLite store coded by the real pipeline (`test_web_pages_data`): every twin answers,
unknown ids are 404 and malformed filters 400, both in the one error shape; plus the
`repwatch serve` command and `scripts/demo --no-serve`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from spacy.language import Language
from test_web_pages_data import HOSTILE_TITLE, build_store, find, pages_app
from web_server import LiveServer, serve, stop

from repwatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> str:
    return build_store(tmp_path_factory.mktemp("pages") / "pages.db", nlp)


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[LiveServer]:
    live = serve(pages_app(db))
    yield live
    stop(live)


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code


def paths(db: str) -> list[str]:
    arrest = find(db, "arrested", country="BLR", mode="arrest")
    return [
        "/", "/events", "/events?type=COERCE&country=BLR", f"/events/{arrest.event.id}",
        "/incidents", "/incidents/1", "/actors/IRNOPP", "/articles",
        f"/articles/{arrest.article_id}",
    ]  # fmt: skip


def twin(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index" if base == "/" else base
    return base + ".json" + (f"?{query}" if query else "")


def test_web_pages_every_page_and_json_twin_answers(client: httpx.Client, db: str) -> None:
    for path in paths(db):
        page = client.get(path, headers=HTML)
        assert page.status_code == 200, (path, page.text[:300])
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        data = client.get(twin(path))
        assert data.status_code == 200, (twin(path), data.text[:300])
        assert data.headers["content-type"].startswith("application/json")
        assert isinstance(data.json(), dict)


def test_web_pages_index_json_counts_and_charts(client: httpx.Client) -> None:
    body = client.get("/index.json").json()
    # ten events: the Minsk title's arrest ("Minsk police detain journalists") is one
    assert body["stats"] == {"articles": 4, "events": 10, "incidents": 1, "quotes": 5, "failed": 0}
    assert [p["period"] for p in body["timeline"]] == ["2026-01", "2026-02", "2026-03"]
    assert sum(p["count"] for p in body["timeline"]) == 10
    istanbul = body["map"][0]
    assert (istanbul["label"], istanbul["count"]) == ("Istanbul, TUR", 5)
    assert istanbul["href"] == "/events?country=TUR"
    assert [i["id"] for i in body["incidents"]] == [1]


def test_web_pages_events_json_filters_and_pages(client: httpx.Client) -> None:
    body = client.get("/events.json", params={"type": "ASSAULT", "country": "TUR"}).json()
    assert body["paging"]["total"] == 3 and {e["type"] for e in body["events"]} == {"ASSAULT"}
    assert len(body["map"]) == 1
    body = client.get("/events.json", params={"q": "journalists"}).json()
    assert body["paging"]["total"] == 4  # the Minsk article's events, its title's among them
    first = client.get("/events.json", params={"limit": 4}).json()
    assert len(first["events"]) == 4 and first["paging"]["next"] == "/events.json?limit=4&offset=4"
    rest = client.get("/events.json", params={"limit": 4, "offset": 8}).json()
    assert len(rest["events"]) == 2 and rest["paging"]["prev"] == "/events.json?limit=4&offset=4"
    body = client.get("/events.json", params={"since": "2026-03-01", "until": "2026-03-31"})
    assert {e["date"]["start"][:7] for e in body.json()["events"]} == {"2026-03"}


def test_web_pages_event_json_context_quotes_incident(client: httpx.Client, db: str) -> None:
    abduction = find(db, mode="abduct", actor="Iranian intelligence agents")
    body = client.get(f"/events/{abduction.event.id}.json").json()
    kinds = {k for s in body["context"]["segments"] for k in s["kinds"]}
    assert kinds == {"hl-trigger", "hl-source", "hl-target", "hl-place", "hl-date", "hl-cue"}
    text = "".join(s["text"] for s in body["context"]["segments"])
    assert text.startswith("ISTANBUL, Jan 12 (Wire) - Iranian intelligence agents abducted")
    assert [q["event_ids"] for q in body["quotes"]] == [[abduction.event.id]]
    assert body["incident"]["id"] == 1 and body["event"]["incident_href"] == "/incidents/1"
    assert body["event"]["tnr"] == {
        "origin_state": "IRN",
        "host_state": "TUR",
        "tactic": "rendition",
    }
    assert body["event"]["extractor"].startswith("repwatch-")


def test_web_pages_incident_json_sources_and_earliest(client: httpx.Client) -> None:
    body = client.get("/incidents/1.json").json()
    assert [s["outlet"] for s in body["sources"]] == ["wire.example", "daily.example"]
    assert body["earliest_report"]["published"] == "2026-01-12"
    assert len(body["reports"]) == 2 and body["incident"]["contradictions"] == []


def test_web_pages_actor_json_by_role(client: httpx.Client) -> None:
    body = client.get("/actors/irnspy.json").json()  # codes are case-insensitive
    assert body["code"] == "IRNSPY" and body["counts"] == {"source": 2, "target": 0}
    assert all(e["source"]["code"] == "IRNSPY" for e in body["as_source"])
    assert [p["period"] for p in body["timeline"]["source"]] == ["2026-01"]
    assert body["timeline"]["target"] == [{"period": "2026-01", "count": 0}]


def test_web_pages_article_json_is_the_extraction_plus_ids(client: httpx.Client, db: str) -> None:
    hostile = find(db, country="DEU")
    body = client.get(f"/articles/{hostile.article_id}.json").json()
    store = open_store(db)
    try:
        extraction = store.extraction(hostile.article_id)
    finally:
        store.close()
    assert extraction is not None
    for key, value in extraction.to_json().items():
        assert body[key] == value
    assert body["id"] == hostile.article_id and body["stored"]["id"] == hostile.article_id
    assert body["article"]["title"] == HOSTILE_TITLE
    assert body["stored"]["link"] is None  # a javascript: URL is never a link
    assert "".join(s["text"] for s in body["segments"]) == extraction.article.text


@pytest.mark.parametrize(
    "path",
    ["/events/ev-0000000000000000.json", "/incidents/999.json", "/articles/999.json",
     "/actors/ZZZGOV.json", "/no-such-page.json"],
)  # fmt: skip
def test_web_pages_unknown_ids_are_404_json(client: httpx.Client, path: str) -> None:
    assert_error(client.get(path), 404, "not_found")


def test_web_pages_unknown_id_page_is_404_html(client: httpx.Client) -> None:
    page = client.get("/events/ev-0000000000000000", headers=HTML)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'data-code="not_found"' in page.text


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/events.json?since=notadate", "bad_filter"),
        ("/events.json?limit=-1", "bad_filter"),
        ("/events.json?limit=100000", "bad_filter"),
        ("/events.json?offset=x", "bad_filter"),
        ("/events.json?since=2026-03-01&until=2026-01-01", "bad_filter"),
        ("/events.json?type=NOPE", "bad_filter"),
        ("/events.json?country=Iran", "bad_filter"),
        ("/events.json?colour=red", "bad_filter"),
        ("/incidents.json?limit=0", "bad_filter"),
        ("/incidents.json?limit=100000", "bad_filter"),
        ("/incidents.json?type=ASSAULT", "bad_filter"),
        ("/articles/abc.json", "invalid_parameter"),
        ("/incidents/1e9.json", "invalid_parameter"),
        ("/actors/IRN-GOV.json", "bad_filter"),
    ],
)
def test_web_pages_malformed_filters_are_400(client: httpx.Client, path: str, code: str) -> None:
    assert_error(client.get(path), 400, code)


def test_web_pages_openapi_describes_the_json_twins(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/index.json", "/events.json", "/events/{event_id}.json", "/incidents.json",
                 "/incidents/{incident_id}.json", "/actors/{code}.json", "/articles.json",
                 "/articles/{article_id}.json"):  # fmt: skip
        assert "get" in spec["paths"][path], path
    assert "/events" not in spec["paths"]  # pages are not API
    assert client.get("/docs").status_code == 404  # no CDN-backed Swagger UI


def test_web_pages_serve_command_prints_address_and_serves(db: str) -> None:
    script = (
        "import argparse, sys\n"
        "from repwatch.cli import serve\n"
        "parser = argparse.ArgumentParser(prog='repwatch')\n"
        "serve.register(parser.add_subparsers())\n"
        "args = parser.parse_args(sys.argv[1:])\n"
        "sys.exit(args.run(args))\n"
    )
    argv = [sys.executable, "-c", script, "serve", "--db", db, "--port", "0"]
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            assert line.startswith("repwatch: serving http://127.0.0.1:"), line
            url = line.removeprefix("repwatch: serving ")
            assert httpx.get(url + "index.json", timeout=10).json()["stats"]["events"] == 10
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_web_pages_serve_command_refuses_a_busy_port(db: str) -> None:
    from repwatch.cli.serve import listen
    from repwatch.errors import RepwatchError

    taken = listen("127.0.0.1", 0)
    try:
        taken.listen()
        with pytest.raises(RepwatchError, match="cannot listen on 127.0.0.1"):
            listen("127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()


def test_web_pages_demo_no_serve_is_idempotent(tmp_path: Path) -> None:
    env = {**os.environ, "REPWATCH_DB": str(tmp_path / "demo.db")}
    argv = [str(ROOT / "scripts" / "demo"), "--no-serve", "--no-setup"]
    runs = [
        subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300) for _ in "12"
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert "new 0," in runs[1].stderr and "unchanged 0," in runs[0].stderr
    stats = [run.stdout[run.stdout.index("  articles") :] for run in runs]
    assert stats[0] == stats[1] and "events" in stats[0]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_web_pages_serve_command_workers_serve_and_stop_together(db: str) -> None:
    """``--workers 2``: two forked processes on one port; SIGTERM to the parent stops
    both, and a worker whose parent was killed stops by itself."""
    argv = [sys.executable, "-m", "repwatch", "serve", "--db", db, "--port", "0",
            "--workers", "2", "--threads", "2"]  # fmt: skip
    for kill in (False, True):
        with subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        ) as proc:
            try:
                assert proc.stdout is not None
                line = proc.stdout.readline().strip()
                assert line.startswith("repwatch: serving http://127.0.0.1:"), line
                url = line.removeprefix("repwatch: serving ")
                for _ in range(6):  # new connections, spread over the workers
                    with httpx.Client(timeout=10) as c:
                        assert c.get(url + "index.json").json()["stats"]["events"] == 10
                workers = _children(proc.pid)
                assert len(workers) == 2
            finally:
                if kill:
                    proc.kill()
                else:
                    proc.terminate()
                code = proc.wait(timeout=15)
        assert code == (-9 if kill else 0)
        deadline = time.monotonic() + 15
        while any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers):
            assert time.monotonic() < deadline, f"workers {workers} outlived the server"
            time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return "Z"
