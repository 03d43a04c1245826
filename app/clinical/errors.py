"""The app's one error base, `Refused` (status, title, message), and the domain's input error."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class ErrorItem(TypedDict):
    """One item of a 422's `detail`, in FastAPI's shape: where, what, and which kind of error."""

    loc: list[str | int]  # from "body" (or "query") to the field at fault
    msg: str
    type: str
    input: NotRequired[object]  # pydantic's own items carry these three; ours never do
    ctx: NotRequired[dict[str, object]]
    url: NotRequired[str]


class Refused(Exception):  # noqa: N818 - a refusal said in words, not a fault
    """A request refused for a reason the app can say: `status` is the HTTP answer's status,
    `title` the heading of its page and `message` one sentence for the person. The API answers
    it through app/api/errors.py by status; the pages' own refusals add a page of their own."""

    status = 400
    title = "This request was refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def detail(self) -> Any:
        """The JSON answer's `detail`: the message, or for a 422 the list of error items."""
        return self.message


class InputError(Refused, ValueError):
    """Input that cannot be planned with; `field` names the request field at fault."""

    status = 422
    title = "This cannot be used"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    @property
    def detail(self) -> list[ErrorItem]:
        """One FastAPI-style error item at the field, its message naming the field."""
        return [{"loc": ["body", *self.field.split(".")], "msg": f"{self.field} {self.message}",
                 "type": "value_error"}]
