"""The one JSON body reader for the API: UTF-8 only, no duplicate keys, no lone surrogates."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn, TypeAlias

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

_SURROGATE = re.compile("[\ud800-\udfff]")
# Valid UTF-8 never decodes to a surrogate, so one can only come from a \uD800–\uDFFF escape:
# a body without such an escape (nearly every body) needs no walk through its values.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
Loc = tuple[str | int, ...]
# A parsed JSON value, whatever its shape.
Json: TypeAlias = "str | int | float | bool | None | list[Json] | dict[str, Json]"


class BodyNotJson(HTTPException):
    """A request body the API cannot read as JSON; an HTTPException so FastAPI passes it on
    untouched, answered as a 422 in the contract's shape (app/api/errors.py)."""

    def __init__(self, message: str, loc: Loc = ()) -> None:
        super().__init__(422, message)
        self.loc = ("body", *loc)
        self.message = message


def _no_duplicates(pairs: list[tuple[str, Json]]) -> dict[str, Json]:
    """An object from its key/value pairs, refusing a key given twice (json keeps the last)."""
    made = dict(pairs)
    if len(made) < len(pairs):
        keys = [key for key, _ in pairs]
        repeated = next(key for index, key in enumerate(keys) if key in keys[:index])
        raise BodyNotJson(f"the key {_shown(repeated)} is given more than once", (repeated,))
    return made


def _no_constants(name: str) -> NoReturn:
    """NaN and Infinity are Python's extensions, not JSON."""
    raise BodyNotJson(f"{name} is not a JSON number")


def _shown(text: str) -> str:
    """A key quoted for a message: short, and with anything unprintable escaped."""
    return repr(text[:40].encode("utf-8", "backslashreplace").decode())


def _check_text(value: Json, loc: Loc) -> None:
    """Refuse lone surrogates (half an emoji) anywhere in the parsed body, keys included."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise BodyNotJson("the text holds half of a character (a lone surrogate)", loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            if _SURROGATE.search(key):
                raise BodyNotJson("a key holds half of a character (a lone surrogate)", loc)
            _check_text(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_text(item, (*loc, index))


def parse_body(body: bytes) -> Json:
    """The JSON value of a request body, or BodyNotJson saying what is wrong with it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyNotJson("the request body is not valid UTF-8 text") from error
    try:
        value: Json = json.loads(text, object_pairs_hook=_no_duplicates,
                                 parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise BodyNotJson(f"the request body is not valid JSON: {error.msg} at character "
                          f"{error.pos}") from error
    except RecursionError as error:
        raise BodyNotJson("the request body is nested too deeply") from error
    except ValueError as error:  # an integer of thousands of digits
        raise BodyNotJson("the request body holds a number too long to read") from error
    if _SURROGATE_ESCAPE.search(body):
        _check_text(value, ())
    return value


class StrictJsonRequest(Request):
    """A request whose JSON body is read by `parse_body`."""

    async def json(self) -> Json:
        """The parsed body, read once."""
        if not hasattr(self, "_strict_json"):
            self._strict_json = parse_body(await self.body())
        return self._strict_json


class StrictJsonRoute(APIRoute):
    """An API route that reads its body with StrictJsonRequest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict
