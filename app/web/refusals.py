"""The pages' refusal: a status and a sentence, always answered as a page."""

from __future__ import annotations

from app.clinical.errors import Refused


class PageRefused(Refused):
    """A page request refused with a status and a sentence for the person (403, 404, 409…),
    answered always as a page (accounts/sign_in.py), whatever the request accepts."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title = status, title
