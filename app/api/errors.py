"""Turn domain input errors into the API's 422 shape, the same shape FastAPI uses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.errors import InputError


def input_error_detail(error: InputError) -> list[dict[str, object]]:
    """The FastAPI-style detail list for a domain input error."""
    return [
        {
            "loc": ["body", error.field],
            "msg": f"{error.field} {error.message}",
            "type": "value_error",
        }
    ]


async def _input_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InputError)
    return JSONResponse(status_code=422, content={"detail": input_error_detail(error)})


def install(app: FastAPI) -> None:
    """Register the API's error handlers on an app."""
    app.add_exception_handler(InputError, _input_error)
