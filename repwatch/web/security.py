"""Security at the edge: response headers, CSRF for form posts, API bearer tokens.

* `SecurityHeadersMiddleware` puts a strict Content-Security-Policy (`CSP`) and the
  usual hardening headers on every response, errors and static files included.  The
  policy allows no inline script or style: pages load ``/static/*.js`` and read their
  data from ``<script type="application/json">`` blocks.
* `CsrfMiddleware` protects every state-changing request (anything but GET, HEAD,
  OPTIONS) that carries no bearer token.  It is a signed double-submit cookie: each
  client gets an HttpOnly, SameSite=Strict cookie ``repwatch_csrf`` whose value is a
  random nonce and its HMAC under the app's secret; pages put the same value in a
  hidden ``csrf_token`` form field (and a ``<meta name="csrf-token">`` for scripts,
  which send it as ``X-CSRF-Token``).  A write must present both, equal, with a valid
  signature, and an ``Origin`` header, if any, must name this host.  Exempt are
  requests with ``Authorization: Bearer`` (a browser never adds that header on its
  own to a cross-site request, so it carries no ambient credential to abuse) and the
  API under ``/api/``, whose routes authenticate by bearer token only (`require_token`)
  and read no cookie: a forged cross-site post there has no credential and gets 401.
* `require_token` is the dependency for API writes: 401 without a bearer token, 403
  when the injected verifier does not know it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import parse_qs, urlsplit

from fastapi import Request
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from repwatch.store.base import TokenIdentity
from repwatch.web.errors import Forbidden, Unauthorized, error_response
from repwatch.web.templating import is_api_path

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

CSRF_COOKIE = "repwatch_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- CSRF ---------------------------------------------------------------------------


def _sign(secret: str, nonce: str) -> str:
    mac = hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def new_csrf_token(secret: str) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_sign(secret, nonce)}"


def csrf_token_valid(secret: str, token: str) -> bool:
    nonce, _, mac = token.partition(".")
    return bool(nonce and mac) and hmac.compare_digest(mac, _sign(secret, nonce))


def has_bearer(headers: Headers) -> bool:
    return headers.get("authorization", "").lower().startswith("bearer ")


def _needs_check(scope: Scope, headers: Headers) -> bool:
    """A write that could ride on a browser's cookies: not GET/HEAD/OPTIONS, not to the
    token-only API, and without a bearer token."""
    if scope["method"] in SAFE_METHODS or is_api_path(scope["path"]):
        return False
    return not has_bearer(headers)


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(CSRF_COOKIE, "")
        known = cookie if csrf_token_valid(self.secret, cookie) else None
        token = known or new_csrf_token(self.secret)
        scope.setdefault("state", {})["csrf_token"] = token
        if known is None:
            send = _setting_cookie(send, token, secure=scope.get("scheme") == "https")

        if _needs_check(scope, request.headers):
            body = await _read_body(receive)
            problem = await self._problem(scope, request.headers, body, known)
            if problem is not None:
                response = error_response(request, 403, "csrf_failed", problem)
                await response(scope, receive, send)
                return
            receive = _replay(body)
        await self.app(scope, receive, send)

    async def _problem(
        self, scope: Scope, headers: Headers, body: bytes, known: str | None
    ) -> str | None:
        origin = headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != headers.get("host"):
            return f"cross-origin form post from {origin[:80]!r} refused"
        if known is None:
            return "missing or invalid CSRF cookie; reload the page and submit again"
        submitted = headers.get(CSRF_HEADER) or await _form_token(scope, body)
        if not submitted or not hmac.compare_digest(submitted, known):
            return "missing or wrong CSRF token; reload the page and submit again"
        return None


def _setting_cookie(send: Send, token: str, secure: bool) -> Send:
    cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    if secure:
        cookie += "; Secure"

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).append("set-cookie", cookie)
        await send(message)

    return wrapped


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _form_token(scope: Scope, body: bytes) -> str | None:
    content_type = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        values = parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD)
        return values[0] if values else None
    if content_type == "multipart/form-data":
        try:
            async with Request(scope, _replay(body)).form() as form:
                value = form.get(CSRF_FIELD)
        except (MultiPartException, HTTPException, ValueError):
            return None
        return value if isinstance(value, str) else None
    return None


# --- API tokens ---------------------------------------------------------------------


def hash_token(token: str) -> str:
    """What the store keeps of a token: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def require_token(request: Request) -> TokenIdentity:
    """FastAPI dependency: the identity of the request's bearer token.

    Raises `Unauthorized` (401) without one and `Forbidden` (403, ``invalid_token``)
    when the app's ``token_verifier`` rejects it."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("this endpoint needs an API token: 'Authorization: Bearer TOKEN'")
    identity = request.app.state.config.token_verifier(token)
    if identity is None:
        raise Forbidden("the API token is not valid", code="invalid_token")
    assert isinstance(identity, TokenIdentity)
    return identity
