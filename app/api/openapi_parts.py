"""OpenAPI pieces the course, preparation and FHIR routers share: the refusals they document,
the schema of a body a route reads itself, and the bounded id in their paths."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import BaseModel

from app.contracts.json_values import JsonObject

REFUSALS: dict[int | str, JsonObject] = {
    401: {"description": "no valid API token (`WWW-Authenticate: Bearer`)"},
    403: {"description": "the token's role may not do this"},
    404: {"description": "no such course or record"},
    409: {"description": "conflicts with what is recorded"},
    412: {"description": "`If-Match` is not the course's current version; nothing written"},
    422: {"description": "bad input, in the API's validation-error shape"},
    428: {"description": "a write without `If-Match`"},
}
# Documented as bounded; a longer id is not refused with 422 but is simply unknown (404).
Id = Annotated[str, Path(json_schema_extra={"maxLength": 64})]


def _inline(schema: object, definitions: dict[str, object]) -> object:
    """A schema with its local `$defs` references written out in place."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
        return {k: _inline(v, definitions) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(item, definitions) for item in schema]
    return schema


def read_body(model: type[BaseModel]) -> dict[str, object]:
    """OpenAPI for a body the route reads itself (so 404 and 412 come before 422)."""
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": _inline(schema, schema.get("$defs", {}))}}}}
