"""The domain's one error type for input that parses but cannot be used."""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be planned with; `field` names the request field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
