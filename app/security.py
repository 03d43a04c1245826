"""Pure ASGI middleware: security headers, a request body size limit and a path-only access log."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ACCESS_LOGGER = "sts.access"

# Only our own origin: no inline script, no CDN, no framing, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
_OURS = {name for name, _ in SECURITY_HEADERS}


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body grows past the limit; an HTTPException so
    the framework answers 413 rather than calling it a malformed body."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


def _too_large(limit: int) -> str:
    return f"request body too large: this planner accepts at most {limit} bytes"


def _with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response headers with ours in force, replacing any a route set itself."""
    return [(k, v) for k, v in headers if k.lower() not in _OURS] + list(SECURITY_HEADERS)


def _declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when it has none (chunked, or a bare GET)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class SecurityMiddleware:
    """Adds security headers to every HTTP response, refuses oversize bodies with 413, and
    logs method, path, status and time: never the query string or the body, which hold
    site names and other patient details."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.log = logging.getLogger(ACCESS_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_secured(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = _with_security_headers(list(message.get("headers", ())))
            await send(message)

        declared = _declared_length(scope)
        try:
            if declared is not None and declared > self.max_body_bytes:
                await self._refuse(send_secured)
            else:
                await self.app(scope, self._counting(receive), send_secured)
        except BodyTooLarge:
            if status:  # the app already answered; nothing sensible left to send
                raise
            await self._refuse(send_secured)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, elapsed)

    def _counting(self, receive: Receive) -> Receive:
        """A `receive` that stops a streamed body once it passes the limit."""
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge(self.max_body_bytes)
            return message

        return counted

    async def _refuse(self, send: Send) -> None:
        """Answer 413 with a message that says the limit."""
        body = json.dumps({"detail": _too_large(self.max_body_bytes)}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
