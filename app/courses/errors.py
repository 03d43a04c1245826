"""What a course use case can refuse, each a `Refused` (app/clinical/errors.py) with the HTTP
status the API answers it with."""

from __future__ import annotations

from app.clinical.errors import ErrorItem, Refused


class CourseRefusal(Refused):
    """A request the course rules refuse; `status` is the answer's HTTP status."""


class Forbidden(CourseRefusal):
    """The account's role may not do this to this course."""

    status = 403


class NotFound(CourseRefusal):
    """No such course or record (never saying whether it exists for someone else)."""

    status = 404


class PreconditionRequired(CourseRefusal):
    """A write to a course sent without `If-Match`."""

    status = 428


class PreconditionFailed(CourseRefusal):
    """A write to a course whose `If-Match` is not the current version: nothing was written."""

    status = 412


class Conflict(CourseRefusal):
    """A write that contradicts what is already recorded."""

    status = 409


class InvalidInput(Refused):
    """Bad input, as FastAPI-shaped error items whose `loc` starts with "body" (answered 422).
    Not a `CourseRefusal`: the pages catch the two apart (a 422 keeps what was typed)."""

    status = 422
    title = "This cannot be used"

    def __init__(self, errors: list[ErrorItem]) -> None:
        super().__init__(str(errors[0]["msg"]) if errors else "invalid input")
        self.errors = errors

    @property
    def detail(self) -> list[ErrorItem]:
        """The error items, as the API's 422 lists them."""
        return self.errors

    @classmethod
    def at(cls, *loc: str | int, message: str) -> InvalidInput:
        """One error at a body location, e.g. InvalidInput.at("date", message="…")."""
        return cls([{"loc": ["body", *loc], "msg": message, "type": "value_error"}])
