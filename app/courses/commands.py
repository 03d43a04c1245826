"""The typed commands the course use cases take: the request models of app/contracts/courses.py,
validated from a JSON object (the API) or a page's form, refused in the API's 422 shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.clinical.errors import ErrorItem
from app.clinical.text import plain
from app.contracts.courses import RecordIn
from app.courses.errors import InvalidInput

Model = TypeVar("Model", bound=BaseModel)


def validated(model: type[Model], data: object) -> Model:
    """`data` as `model`, or InvalidInput located under "body" (never echoing the input)."""
    if not isinstance(data, dict):
        raise InvalidInput.at(message="the request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        # No `input`: a patient's name must not come back in an error message.
        items: list[ErrorItem] = [{"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]}
                 for e in error.errors(include_url=False, include_input=False)]
        raise InvalidInput(items) from None


@dataclass(frozen=True)
class NewRecord:
    """A record to add: the validated request, and the text of its quantities as written (a
    record keeps what was written, e.g. '1.5 mL', not a number the server rounded)."""

    record: RecordIn
    volumes: dict[str, str]  # by the site's name as the plan models read it
    amount: str | None


def new_record(data: Mapping[str, Any]) -> NewRecord:
    """A record request as a command, or InvalidInput."""
    record = validated(RecordIn, dict(data))
    volumes = {plain(name): str(text).strip() for name, text in (data.get("volumes") or {}).items()}
    amount = str(data["amount"]).strip() if record.amount is not None else None
    return NewRecord(record, volumes, amount)
