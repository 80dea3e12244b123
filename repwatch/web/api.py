"""The write side of the web app: the token-only JSON API, sessions, and read access.

Routes (`router`)::

    POST /api/articles             {"text", "title"?, "published"?, "url"?} -> 201
                                   {"id", "status", "events"}: extracted and stored
    POST /api/events/{id}/review   {"action", "correction"?, "note"?} -> 201 the review
    POST /session                  form: token, next -> a session cookie, 303 to next
    POST /session/end              form: -> the cookie cleared, 303 to /

Every API write depends on `require_token` (401 without ``Authorization: Bearer``,
403 for a token the store does not know).  Bodies are checked by hand, so every bad
body is a 400 in the one error shape: ``invalid_json`` when it is not JSON,
``invalid_body`` when it is JSON of the wrong shape (`repwatch.web.review`).

Browsers cannot send a bearer header, so the event page's review form carries the
token in a password field (`form_identity`), or the browser holds it in a session
cookie set by ``POST /session`` (HttpOnly, SameSite=Strict, Secure over HTTPS).  The
cookie holds the token itself and is checked against the store on every request, so
revoking a token ends its sessions.  Form posts are CSRF-checked by the middleware.

`store_token_verifier` backs `WebConfig.token_verifier` with the store's tokens;
`require_read_access` makes every GET need a token when the setting
``web_reads_require_token`` is 1.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from repwatch import settings
from repwatch.errors import InputTooLarge
from repwatch.ingest.ids import text_id
from repwatch.model import Article, Extraction
from repwatch.store.base import Store
from repwatch.web.deps import StoreDep, StoreFactory
from repwatch.web.errors import BadRequest, Forbidden, Unauthorized
from repwatch.web.review import parse_review, submit_review
from repwatch.web.security import TokenIdentity, bearer_token, require_token

SESSION_COOKIE = "repwatch_session"
SESSION_MAX_AGE_S = 8 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD"})
_NLP_LOCK = threading.Lock()  # one extraction at a time: spaCy pipelines are not thread-safe

Identity = Annotated[TokenIdentity, Depends(require_token)]


# -- tokens, sessions, read access --------------------------------------------------------


def store_token_verifier(store_factory: StoreFactory) -> Any:
    """A `WebConfig.token_verifier` over the store's ``tokens`` table.  It caches
    nothing: each call asks the database, so a token revoked with ``repwatch token
    revoke`` is refused from the next request on, in every server process."""

    def verify(token: str) -> TokenIdentity | None:
        store = store_factory()
        try:
            found = store.verify_token(token)
        finally:
            store.close()
        return found

    return verify


def _verify(request: Request, token: str) -> TokenIdentity:
    identity = request.app.state.config.token_verifier(token)
    if identity is None:
        raise Forbidden("the token is not valid", code="invalid_token")
    assert isinstance(identity, TokenIdentity)
    return identity


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def form_identity(request: Request, token: str | None) -> TokenIdentity:
    """Who signs a form post: the form's token field, else the session cookie."""
    token = (token or "").strip() or session_token(request)
    if token is None:
        raise Unauthorized("a review needs your review token (or a session)")
    return _verify(request, token)


async def require_read_access(request: Request) -> None:
    """Dependency: with ``web_reads_require_token`` = 1, a GET needs a bearer token or a
    session (401 without, 403 for a bad one); otherwise reads are open.  Async, so that
    open reads cost no trip to the thread pool; the token check goes there."""
    if request.method not in SAFE_METHODS or not int(settings.get("web_reads_require_token")):
        return
    token = bearer_token(request) or session_token(request)
    if token is None:
        raise Unauthorized("reading needs a token: 'Authorization: Bearer TOKEN' or a session")
    await run_in_threadpool(_verify, request, token)


router = APIRouter()


def _next(value: str | None) -> str:
    """A same-site path to go on to; anything else goes to the start page."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/"


@router.post("/session", include_in_schema=False)
async def start_session(request: Request) -> RedirectResponse:
    async with request.form() as form:
        token, target = form.get("token"), form.get("next")
    if not isinstance(token, str) or not token.strip():
        raise Unauthorized("sign in with your review token")
    await run_in_threadpool(_verify, request, token.strip())
    response = RedirectResponse(_next(target if isinstance(target, str) else None), 303)
    response.set_cookie(SESSION_COOKIE, token.strip(), max_age=SESSION_MAX_AGE_S, path="/",
                        httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.post("/session/end", include_in_schema=False)
async def end_session() -> RedirectResponse:
    response = RedirectResponse("/", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- the JSON API -------------------------------------------------------------------------


async def json_body(request: Request) -> Any:
    """The request body as JSON; 400 ``invalid_json`` when it is not."""
    raw = await request.body()
    try:
        data = json.loads(raw)
        # JSON may escape a lone surrogate ("\\ud800"), which no store can encode
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeDecodeError, UnicodeEncodeError, RecursionError):
        raise BadRequest("request body is not valid JSON (or not valid UTF-8 text)",
                         code="invalid_json") from None  # fmt: skip
    return data


def parse_article(data: Any) -> Article:
    """An `Article` from a ``POST /api/articles`` body; 400 ``invalid_body`` otherwise."""
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object with 'text'", code="invalid_body")
    unknown = sorted(set(data) - {"text", "title", "published", "url"})
    if unknown:
        raise BadRequest(f"unknown field {unknown[0]!r}; known: text, title, published, url",
                         code="invalid_body")  # fmt: skip
    for key in ("text", "title", "published", "url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise BadRequest(f"{key} must be a string", code="invalid_body")
    text = data.get("text") or ""
    if not text.strip():
        raise BadRequest("text is required and must not be empty", code="invalid_body")
    limit = int(settings.get("max_record_chars"))
    if len(text) > limit:
        raise InputTooLarge("api", f"{len(text)} characters, over max_record_chars {limit}")
    published = None
    if data.get("published"):
        try:
            published = dt.date.fromisoformat(data["published"])
        except ValueError:
            raise BadRequest(f"published {data['published'][:40]!r} is not an ISO date "
                             "(YYYY-MM-DD)", code="invalid_body") from None  # fmt: skip
    url = (data.get("url") or "").strip() or None
    if url is not None and not url.startswith(("http://", "https://")):
        raise BadRequest("url must be an http(s) URL", code="invalid_body")
    title = (data.get("title") or "").strip() or None
    return Article(id=text_id(text), text=text, title=title, published=published,
                   source=url, url=url)  # fmt: skip


def extract_one(article: Article) -> Extraction:
    """Code one article with the real pipeline (loaded once, then cached)."""
    from repwatch.nlp import pipeline

    with _NLP_LOCK:
        return next(pipeline.extract([article]))


def _store_article(store: Store, article: Article) -> dict[str, Any]:
    extraction = extract_one(article)
    result = store.save(extraction)
    return {"id": result.article_id, "status": result.status, "events": len(extraction.events)}


@router.post("/api/articles", status_code=201)
async def post_article(request: Request, store: StoreDep, identity: Identity) -> JSONResponse:
    """Extract one article and store it: 201 ``{"id", "status", "events"}``."""
    article = parse_article(await json_body(request))
    body = await run_in_threadpool(_store_article, store, article)
    return JSONResponse(body, status_code=201)


@router.post("/api/events/{event_id}/review", status_code=201)
async def post_review(
    request: Request, event_id: str, store: StoreDep, identity: Identity
) -> JSONResponse:
    """Accept, correct or reject an event: 201 with the stored review."""
    action, correction, note = parse_review(await json_body(request))
    review = await run_in_threadpool(
        submit_review, store, event_id, identity.name, action, correction, note
    )
    return JSONResponse(review.to_json(), status_code=201)
