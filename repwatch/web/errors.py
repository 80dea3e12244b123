"""One error shape for the whole web app, translated here at the edge.

Every error, whatever raised it, answers::

    {"error": {"status": 404, "code": "not_found", "message": "no event 'e9'"}}

with the same status on the response.  A browser navigation (see
`templating.wants_html`) gets ``error.html`` with the same three fields instead.
Codes are short snake_case words a client can switch on; messages are one line for a
person and never carry a traceback.

What maps to what:

* `HttpError` and its subclasses (raised by views): their own status and code;
* `repwatch.errors` domain exceptions: `InputTooLarge` 413, other `InputError` 400,
  `StoreUnavailable` 503, `StoreError` and the rest 500, each with its message;
* Starlette/FastAPI `HTTPException` (unknown route 404, wrong method 405,
  `BodyTooLarge` 413): the status, with a code from `CODES`;
* `RequestValidationError`: 400 ``invalid_parameter`` for query, path, header and
  cookie values, 400 ``invalid_json`` for a body that is not JSON, 422
  ``invalid_body`` for a body of the wrong shape;
* anything else: 500 ``internal_error``, logged with its traceback, which the client
  never sees.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from repwatch.errors import (
    InputError,
    InputTooLarge,
    RepwatchError,
    StoreError,
    StoreUnavailable,
)
from repwatch.web.templating import render, wants_html

log = logging.getLogger("repwatch.web")

#: The code for each status when the raiser gave none.
CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_body",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}

#: Messages for Starlette's own HTTPExceptions, whose detail is a bare reason phrase.
MESSAGES: dict[int, str] = {
    404: "no such page or resource",
    405: "method not allowed here",
}


class HttpError(RepwatchError):
    """An error a view raises on purpose, with the status and code to answer."""

    status = 500
    code = "internal_error"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.headers = dict(headers or {})


class BadRequest(HttpError):
    status = 400
    code = "bad_request"


class NotFound(HttpError):
    status = 404
    code = "not_found"


class Unauthorized(HttpError):
    status = 401
    code = "unauthorized"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(HttpError):
    status = 403
    code = "forbidden"


class BodyTooLarge(HTTPException):
    """The request body is over the limit.  An `HTTPException` (not an `HttpError`)
    because FastAPI re-raises those unchanged from inside body parsing."""

    code = "body_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is over the limit of {limit} bytes")


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one error shape."""
    return {"error": {"status": status, "code": code, "message": message}}


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error as JSON, or as the HTML error page for a browser navigation."""
    body = error_body(status, code, message)
    if wants_html(request) and hasattr(request.app.state, "templates"):
        try:
            return render(request, "error.html", body, status_code=status, headers=headers)
        except Exception:  # a broken template must not hide the original error
            log.exception("error page failed to render")
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _domain_status(exc: RepwatchError) -> tuple[int, str]:
    if isinstance(exc, HttpError):
        return exc.status, exc.code
    if isinstance(exc, InputTooLarge):
        return 413, "input_too_large"
    if isinstance(exc, InputError):
        return 400, "bad_input"
    if isinstance(exc, StoreUnavailable):
        return 503, "store_unavailable"
    if isinstance(exc, StoreError):
        return 500, "store_error"
    return 500, "internal_error"


async def repwatch_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RepwatchError)
    status, code = _domain_status(exc)
    if status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    headers = exc.headers if isinstance(exc, HttpError) else None
    return error_response(request, status, code, str(exc), headers)


async def http_exception_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    code = getattr(exc, "code", None) or CODES.get(status, f"http_{status}")
    message = MESSAGES.get(status, str(exc.detail)) if _is_reason_phrase(exc) else exc.detail
    return error_response(request, status, code, str(message), exc.headers)


def _is_reason_phrase(exc: HTTPException) -> bool:
    try:
        return str(exc.detail) == HTTPStatus(exc.status_code).phrase
    except ValueError:
        return False


async def validation_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors: Sequence[Any] = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(request, 400, "invalid_json", "request body is not valid JSON")
    problems = [_describe(e) for e in errors[:5]]
    in_body = any(tuple(e.get("loc", ()))[:1] == ("body",) for e in errors)
    status, code = (422, "invalid_body") if in_body else (400, "invalid_parameter")
    return error_response(request, status, code, "; ".join(problems) or "invalid request")


def _describe(error: Mapping[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    where = {"query": "query parameter", "path": "path parameter", "body": "body field"}
    if len(loc) >= 2 and loc[0] in where:
        place = f"{where[loc[0]]} {'.'.join(loc[1:])!r}"
    elif loc:
        place = ".".join(loc)
    else:
        place = "request"
    return f"{place}: {error.get('msg', 'invalid')}"


async def internal_error_handler(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(
        request, 500, "internal_error", "internal error; the server log has the details"
    )


class CatchAllMiddleware:
    """Innermost middleware: turns an unhandled exception into the 500 error shape
    here, inside the other middlewares, so that the answer still gets the security
    headers.  (The handler registered for `Exception` is the outer safety net.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started or isinstance(exc, BodyTooLarge):
                raise
            response = await internal_error_handler(Request(scope), exc)
            await response(scope, receive, send)


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(RepwatchError, repwatch_error_handler)
    app.add_exception_handler(HTTPException, http_exception_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(Exception, internal_error_handler)
