"""Pure ASGI middleware: security headers, body limits, HEAD, a last-resort 500, access log."""

from __future__ import annotations

import itertools
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# Builds the error response (an ASGI app) for a status and a plain sentence.
ErrorRenderer = Callable[[Scope, int, str], ASGIApp]

ACCESS_LOGGER = "sts.access"
API_PREFIX = "/api/"

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
        super().__init__(413, too_large(limit))


def too_large(limit: int) -> str:
    """The 413 sentence, naming the limit."""
    return f"request body too large: this planner accepts at most {limit} bytes"


def printable(text: str) -> str:
    """Text safe for one log line: control, format and separator characters escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def _secured(headers: list[tuple[bytes, bytes]], query: bool) -> list[tuple[bytes, bytes]]:
    """The response headers with ours in force, replacing any a route set itself; a response to
    a URL with a query (site names, weights) is never kept by a cache."""
    kept = [(k, v) for k, v in headers if k.lower() not in _OURS]
    if query and not any(k.lower() == b"cache-control" for k, _ in kept):
        kept.append((b"cache-control", b"no-store"))
    return kept + list(SECURITY_HEADERS)


def _declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when it has none (chunked, or a bare GET)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _query_is_text(query: bytes) -> bool:
    """True when the percent-decoded query string is UTF-8; Starlette would otherwise put
    U+FFFD in place of what it cannot decode, and plan with text nobody typed."""
    try:
        unquote_to_bytes(query.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class SecurityMiddleware:
    """Adds security headers to every response, refuses oversize bodies with 413 (a smaller
    limit for the API), answers HEAD as GET without a body, turns any exception into the
    app's own 500 page, and logs method, path, status, time and a request id: never the query
    string, the body or an exception's text, which may hold patient details."""

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, max_api_body_bytes: int,
        render_error: ErrorRenderer,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_api_body_bytes = max_api_body_bytes
        self.render_error = render_error
        self.log = logging.getLogger(ACCESS_LOGGER)
        # Request ids: a random prefix per app (so processes differ) and a counter, which is
        # cheaper per request than a random id and just as unique within the log.
        self._prefix = secrets.token_hex(4)
        self._serial = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = f"{self._prefix}{next(self._serial):08x}"
        status = 0
        method = scope["method"]
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        query = bool(scope.get("query_string"))

        async def send_secured(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = _secured(list(message.get("headers", ())), query)
                message["headers"] = headers + [(b"x-request-id", request_id.encode())]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}  # Content-Length stays that of the GET
            await send(message)

        limit = self.max_api_body_bytes if scope["path"].startswith(API_PREFIX) else (
            self.max_body_bytes
        )
        declared = _declared_length(scope)
        try:
            if declared is not None and declared > limit:
                await self._answer(scope, receive, send_secured, 413, too_large(limit))
            elif not _query_is_text(scope.get("query_string", b"")):
                await self._answer(scope, receive, send_secured, 422,
                                   "the address holds text that is not valid UTF-8")
            else:
                await self.app(scope, self._counting(receive, limit), send_secured)
        except BodyTooLarge:
            if not status:
                await self._answer(scope, receive, send_secured, 413, too_large(limit))
        # The last resort: whatever went wrong, the client gets the app's own 500 with every
        # header, and the log gets the exception's type only (its text may quote input).
        except Exception as error:  # noqa: BLE001
            self.log.error("request %s failed: %s", request_id, type(error).__name__)
            if not status:
                await self._answer(scope, receive, send_secured, 500,
                                   "Something went wrong on our side. Nothing was saved.")
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.log.info("%s %s %d %.1f ms id=%s", printable(method),
                          printable(scope["path"]), status, elapsed, request_id)

    def _counting(self, receive: Receive, limit: int) -> Receive:
        """A `receive` that stops a streamed body once it passes the limit."""
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        return counted

    async def _answer(
        self, scope: Scope, receive: Receive, send: Send, status: int, message: str
    ) -> None:
        """Answer with the app's error response; a 413 also closes the connection, since the
        rest of the body is never read."""
        response = self.render_error(scope, status, message)

        async def closing(event: Message) -> None:
            if status == 413 and event["type"] == "http.response.start":
                event["headers"] = [*event.get("headers", ()), (b"connection", b"close")]
            await send(event)

        await response(scope, receive, closing)
