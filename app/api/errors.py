"""One error handler rendering by status: HTML pages in the app's layout for browsers, the
API's JSON shape for everyone else, with readable messages that never echo input at length."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from html import escape

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match, Route

from app.api.strict_json import BodyNotJson
from app.clinical.errors import ErrorItem, InputError, Refused
from app.security import API_PREFIX, Scope

# Our own validators already write whole sentences that start with the field's name, and the
# strict JSON reader's sentences name the body or key themselves: a label in front would say it
# twice ("the request body: the request body is not valid JSON").
_OWN_TYPES = frozenset({"quantity", "choice", "text", "json_invalid"})
# An echoed input longer than this is cut: a 15 MB body must not come back in its 422.
MAX_ECHO = 80

TITLES = {
    404: "Page not found",
    405: "Not available this way",
    413: "Too much to send",
    422: "This cannot be used",
    500: "Something went wrong",
}
PLAIN = {
    404: "There is no page at this address. The pages are listed at the top.",
    405: "This address does not answer that kind of request. Use the links at the top.",
    500: "Something went wrong on our side. Nothing was saved. Please try again.",
}


def wants_html(scope: Scope) -> bool:
    """True for a browser asking for a page, not an API or static-file client."""
    path: str = scope.get("path", "")
    accept = next((v for k, v in scope.get("headers", ()) if k == b"accept"), b"")
    return b"text/html" in accept and not path.startswith((API_PREFIX, "/static/"))


# The error page is drawn by the pages' package, which registers its renderer on the app when it
# installs (app.web.install sets `app.state.error_page`), so this module never imports a page.
# It is called with the request's scope, the status, the page's title and the messages.
ErrorPage = Callable[[Scope, int, str, list[str]], str]


def _bare_page(title: str, messages: list[str]) -> str:
    """An error page for an app built without the pages (no renderer registered)."""
    items = "".join(f"<li>{escape(message)}</li>" for message in messages)
    return f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1><ul>{items}</ul>"


def html_error(
    scope: Scope, status: int, messages: list[str], headers: dict[str, str] | None = None
) -> Response:
    """The error page, whole (never an htmx fragment), in plain words."""
    title = TITLES.get(status, "This request was refused")
    render: ErrorPage | None = getattr(scope["app"].state, "error_page", None)
    page = _bare_page(title, messages) if render is None else render(scope, status, title, messages)
    return HTMLResponse(page, status_code=status, headers=headers)


def error_response(scope: Scope, status: int, message: str) -> Response:
    """The response for an error status with one sentence, for the middleware and handlers."""
    if wants_html(scope):
        return html_error(scope, status, [PLAIN.get(status, message)])
    if status == 422:
        return JSONResponse({"detail": [{"loc": ["query"], "msg": message,
                                         "type": "value_error"}]}, status_code=422)
    return JSONResponse({"detail": message}, status_code=status)


def short(value: object) -> object:
    """An input as echoed in a 422: short text as it was, anything long cut and counted."""
    if isinstance(value, str):
        value = value.encode("utf-8", "backslashreplace").decode()
        return value if len(value) <= MAX_ECHO else f"{value[:MAX_ECHO]}… ({len(value)} characters)"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON cannot carry NaN or infinities
    if isinstance(value, list | dict):
        text = json.dumps(value, default=str)
        if len(text) > MAX_ECHO:
            return f"({type(value).__name__} of {len(value)} items, not repeated)"
        if isinstance(value, list):
            return [short(item) for item in value]
        return {key: short(item) for key, item in value.items()}
    return value


def _label(loc: Sequence[object]) -> str:
    """The field a location points at, e.g. 'sites.0.volume', or 'the request body'."""
    parts = [str(part) for part in loc if part != "body"]
    return ".".join(parts) if parts else "the request body"


def readable(error: Mapping[str, object]) -> dict[str, object]:
    """One pydantic error with a message that names its field and what was expected."""
    kind, message = error.get("type", ""), str(error.get("msg", ""))
    loc = error.get("loc", ())
    label = _label(loc if isinstance(loc, list | tuple) else ())  # a list, once JSON-encoded
    if kind in _OWN_TYPES:
        pass
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "missing":
        message = f"{label} is required (Field required)"
    elif kind in ("model_attributes_type", "dict_type"):
        message = f"{label} must be a JSON object"
    elif kind in ("enum", "literal_error"):
        message = f"{label}: {message}; got {short(error.get('input'))!r}"
    else:
        message = f"{label}: {message}"
    shown = {**error, "msg": message}
    if "input" in shown:
        shown["input"] = short(shown["input"])
    shown.pop("ctx", None)  # the message says it; ctx may repeat the input
    return shown


def input_error_detail(error: InputError) -> list[ErrorItem]:
    """The FastAPI-style detail list for a domain input error."""
    return error.detail


def _unprocessable(request: Request, detail: Sequence[Mapping[str, object]]) -> Response:
    if wants_html(request.scope):
        return html_error(request.scope, 422, [str(item["msg"]) for item in detail[:10]])
    return JSONResponse(status_code=422, content={"detail": detail})


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    detail = [readable(item) for item in jsonable_encoder(error.errors())]
    return _unprocessable(request, detail)


async def _http_error(request: Request, error: Exception) -> Response:
    """Every HTTP error by status; a body that is not JSON is a 422 in the validation shape."""
    assert isinstance(error, StarletteHTTPException)
    if isinstance(error, BodyNotJson):
        return _unprocessable(request, [{"loc": list(error.loc), "msg": error.message,
                                         "type": "json_invalid"}])
    headers = dict(error.headers or {})
    if error.status_code == 405 and (allowed := allowed_methods(request)):
        headers["Allow"] = ", ".join(allowed)
    if wants_html(request.scope):
        sentence = PLAIN.get(error.status_code, str(error.detail))
        return html_error(request.scope, error.status_code, [sentence], headers)
    return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=headers)


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


async def _refused(request: Request, error: Exception) -> Response:
    """Every `Refused` by its status: a 422 as the validation handler above answers (the same
    shape and messages as the plan endpoints), anything else as `{"detail": …}`. The pages'
    `PageRefused` is a `Refused` too, answered as a page by its own handler (app/web)."""
    assert isinstance(error, Refused)
    if error.status == 422:
        return await _validation_error(request, RequestValidationError(error.detail))
    return JSONResponse({"detail": error.detail}, status_code=error.status)


def _leaves(routes: Sequence[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, inside the routers the app includes (each kept as one entry)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is None:
            yield route
        else:
            yield from _leaves(included.routes)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this path: the router's own 405 names only those of
    the first route it found there, and the API has paths served by two (GET and POST). Empty
    inside a mount (the static files), which answers its own 405."""
    found = [(method, route) for method in METHODS for route in request.app.router.routes
             if route.matches({**request.scope, "method": method})[0] == Match.FULL]
    # A fixed path (POST /api/v1/courses/search) is its own resource: the methods of a templated
    # one it also fits (GET /api/v1/courses/{course_id}) are not offered there.
    fixed = [method for method in METHODS for route in _leaves(request.app.router.routes)
             if isinstance(route, Route) and "{" not in route.path
             and route.matches({**request.scope, "method": method})[0] == Match.FULL]
    allowed = fixed or [method for method in METHODS if any(m == method for m, _ in found)]
    if "GET" in allowed:
        allowed.insert(1, "HEAD")  # the security middleware answers HEAD as GET
    return allowed


def install(app: FastAPI) -> None:
    """Register the error handlers on an app."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    # Every refusal the app says in words: the domain's input errors, the course services'
    # refusals (403, 404, 409, 412, 428) and their 422s, for API and pages alike.
    app.add_exception_handler(Refused, _refused)
