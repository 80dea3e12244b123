"""`create_app`: the FastAPI application, assembled from the pieces of this package.

Requests pass, outermost first: `SecurityHeadersMiddleware` (headers on every
answer), `BodyLimitMiddleware` (413 before anything reads an oversized body),
`CsrfMiddleware` (403 for a form post without its token), `CatchAllMiddleware`
(500 in the error shape), then FastAPI's routing, where `errors.install` has
registered the handlers that translate exceptions into the one error shape.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from anyio import to_thread
from fastapi import APIRouter, Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from repwatch.web import errors
from repwatch.web.cache import SummaryCache
from repwatch.web.config import WebConfig
from repwatch.web.deps import StoreFactory
from repwatch.web.limits import BodyLimitMiddleware
from repwatch.web.security import CsrfMiddleware, SecurityHeadersMiddleware
from repwatch.web.templating import environment

STATIC = Path(__file__).parent / "static"


def _lifespan(threads: int | None) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """At start, cap the thread pool that runs the views at `threads` (if given): views
    over SQLite are CPU-bound, and dozens of threads taking turns at the GIL cost more
    than a few that finish their requests one after another."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if threads is not None:
            to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def create_app(
    store_factory: StoreFactory,
    config: WebConfig | None = None,
    routers: Iterable[APIRouter] = (),
) -> FastAPI:
    """The web app over the stores that `store_factory` opens (one per request).

    `routers` carry the pages and API routes; static files are served from
    ``/static``.  FastAPI's interactive docs are off (they load scripts from a CDN,
    which the CSP refuses); the API description stays at ``/openapi.json``."""
    config = config or WebConfig()
    from repwatch.web.api import require_read_access  # the reads-need-a-token setting

    app = FastAPI(title=config.title, docs_url=None, redoc_url=None,
                  lifespan=_lifespan(config.threads),
                  dependencies=[Depends(require_read_access)])  # fmt: skip
    app.state.config = config
    app.state.store_factory = store_factory
    app.state.summaries = SummaryCache()  # totals, timelines, maps per filter (cache.py)
    app.state.templates = environment(config.template_dirs)

    errors.install(app)
    app.add_middleware(errors.CatchAllMiddleware)
    app.add_middleware(CsrfMiddleware, secret=config.secret)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routers:
        app.include_router(router)
    return app
