"""Turn bad input into the API's 422 shape, the same shape FastAPI uses, with readable messages."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.clinical.errors import InputError

# Our own validators already write whole sentences that start with the field's name.
_OWN_TYPES = frozenset({"quantity", "choice"})


def input_error_detail(error: InputError) -> list[dict[str, object]]:
    """The FastAPI-style detail list for a domain input error."""
    return [
        {
            "loc": ["body", *error.field.split(".")],
            "msg": f"{error.field} {error.message}",
            "type": "value_error",
        }
    ]


def _label(loc: tuple[Any, ...] | list[Any]) -> str:
    """The field a location points at, e.g. 'sites.0.volume', or 'the request body'."""
    parts = [str(part) for part in loc if part != "body"]
    return ".".join(parts) if parts else "the request body"


def _readable(error: dict[str, Any]) -> dict[str, Any]:
    """One pydantic error with a message that names its field and what was expected."""
    kind, message = error.get("type", ""), str(error.get("msg", ""))
    label = _label(error.get("loc", ()))
    if kind in _OWN_TYPES:
        pass
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind == "missing":
        message = f"{label} is required (Field required)"
    elif kind == "json_invalid":
        message = f"the request body is not valid JSON: {error.get('ctx', {}).get('error', '')}"
    elif kind == "model_attributes_type" or kind == "dict_type":
        message = f"{label} must be a JSON object"
    elif kind in ("enum", "literal_error"):
        message = f"{label}: {message}; got {error.get('input')!r}"
    else:
        message = f"{label}: {message}"
    return {**error, "msg": message}


def _json_safe(value: Any) -> Any:
    """Replace NaN and infinities (which JSON cannot carry) by their text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    return value


async def _input_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InputError)
    return JSONResponse(status_code=422, content={"detail": input_error_detail(error)})


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    detail = [_readable(item) for item in jsonable_encoder(error.errors())]
    return JSONResponse(status_code=422, content={"detail": _json_safe(detail)})


async def _http_error(request: Request, error: Exception) -> Response:
    """FastAPI answers 400 to a body it cannot decode (not UTF-8, say); the contract says any
    bad input is a 422 in the validation shape, so it is reported as one."""
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 400 and error.detail == "There was an error parsing the body":
        detail = [{"loc": ["body"], "type": "json_invalid",
                   "msg": "the request body is not valid JSON text in UTF-8"}]
        return JSONResponse(status_code=422, content={"detail": detail})
    return await http_exception_handler(request, error)


def install(app: FastAPI) -> None:
    """Register the API's error handlers on an app."""
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
