"""A demo app for the web tests: the package's components over a fake store.

The fake store is the tests' seam: the real backends are tested in tests/test_store*;
here only `stats` and `close` are used, and `closed` shows the app closes each store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from repwatch.store.base import EventQuery, Stats, Store
from repwatch.web import WebConfig, create_app
from repwatch.web.charts import MapMark, map_points
from repwatch.web.deps import StoreDep
from repwatch.web.errors import NotFound
from repwatch.web.filters import event_query
from repwatch.web.paging import paging
from repwatch.web.security import TokenIdentity, require_token
from repwatch.web.views import resource

TEMPLATES = Path(__file__).parent / "data" / "web" / "templates"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"
TOKEN = "s3cret-token"

PLACES = [  # (lat, lon, label, events)
    (35.69, 51.39, "Tehran", 12),
    (53.90, 27.57, "Minsk", 7),
    (52.52, 13.40, "Berlin", 3),
    (51.51, -0.13, "London", 2),
    (39.90, 116.40, "Beijing", 9),
    (43.65, -79.38, "Toronto", 1),
    (-33.87, 151.21, "Sydney " + HOSTILE, 1),
]
MONTHLY = [3, 5, 0, 8, 13, 2, 1, 0, 4, 9, 6, 7]
SERIES = [{"period": f"2025-{m:02d}", "count": c} for m, c in enumerate(MONTHLY, start=1)]


class FakeStore:
    url = "fake://"
    opened = 0
    closed = 0

    def __init__(self) -> None:
        FakeStore.opened += 1

    def stats(self) -> Stats:
        return Stats(articles=3, events=35, incidents=2, quotes=4, failed=0)

    def close(self) -> None:
        FakeStore.closed += 1


def fake_store() -> Store:
    return cast(Store, FakeStore())


def verify(token: str) -> TokenIdentity | None:
    return TokenIdentity("tester", ("write",)) if token == TOKEN else None


def demo_router() -> APIRouter:
    router = APIRouter()

    @resource(router, "/demo", "demo.html")
    def demo(
        request: Request, store: StoreDep, query: Annotated[EventQuery, Depends(event_query)]
    ) -> dict[str, Any]:
        marks = [
            MapMark(lat, lon, label, f"/demo?offset={i}")
            for i, (lat, lon, label, n) in enumerate(PLACES)
            for _ in range(n)
        ]
        return {
            "heading": f"Demo: {store.stats().events} events",
            "hostile": HOSTILE,
            "query": query,
            "points": map_points(marks),
            "series": SERIES,
            "paging": paging(request.url, query.offset, query.limit, 120),
        }

    @resource(router, "/demo/items/{item_id}", "demo.html")
    def item(item_id: int) -> dict[str, Any]:
        raise NotFound(f"no item {item_id}")

    @router.post("/demo/write")
    async def write(request: Request) -> JSONResponse:
        async with request.form() as form:
            return JSONResponse({"saved": str(form.get("note", ""))})

    @router.post("/api/demo")
    def api_write(
        identity: Annotated[TokenIdentity, Depends(require_token)], body: dict[str, int]
    ) -> dict[str, Any]:
        return {"by": identity.name, "sum": sum(body.values())}

    @router.get("/demo/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    return router


def demo_app(**config: Any) -> Any:
    settings = WebConfig(template_dirs=(TEMPLATES,), token_verifier=verify, **config)
    return create_app(fake_store, settings, routers=[demo_router()])
