"""A limit on request body size, enforced before any view or form parser sees it.

A declared ``Content-Length`` over the limit is refused at once; a body without one
(chunked) is counted as it arrives and refused as soon as it passes the limit.  Both
answer 413 in the one error shape.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from repwatch.web.errors import BodyTooLarge, error_response


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            problem = self._check_declared(declared)
            if problem is not None:
                status, code, message = problem
                response = error_response(Request(scope), status, code, message)
                await response(scope, receive, send)
                return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if started:
                raise
            response = error_response(Request(scope), 413, exc.code, str(exc.detail))
            await response(scope, receive, send)

    def _check_declared(self, declared: str) -> tuple[int, str, str] | None:
        if not declared.isdigit():
            return 400, "bad_request", f"Content-Length {declared[:40]!r} is not a number"
        if int(declared) > self.max_bytes:
            return 413, BodyTooLarge.code, str(BodyTooLarge(self.max_bytes).detail)
        return None
