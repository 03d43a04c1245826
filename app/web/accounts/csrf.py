"""The CSRF check every state-changing page form passes, and the pre-session form token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from app.web.accounts.session import MAX_COOKIE, PageUser, SignedIn
from app.web.refusals import PageRefused

# Before a session exists (sign-in, first run) the token is a double-submit cookie instead.
FORM_COOKIE = "sts_form"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"  # what htmx sends, set from the page's meta tag


def tokens_match(sent: object, expected: str) -> bool:
    """A constant-time comparison of a submitted CSRF token with the expected one."""
    return isinstance(sent, str) and bool(expected) and secrets.compare_digest(
        sent.encode(), expected.encode())


async def checked(request: Request, user: SignedIn) -> PageUser:
    """The signed-in account, once the form's CSRF token (field or htmx header) matches."""
    form = await request.form()
    sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not tokens_match(sent, user.csrf):
        raise PageRefused(403, "The form could not be accepted",
                          "This form was not sent from this session's page (or the page is too "
                          "old). Nothing was saved. Go back, reload the page and send it again.")
    return user


Checked = Annotated[PageUser, Depends(checked)]


def form_token(request: Request) -> str:
    """The pre-session double-submit token: the cookie's value, or a new one to set."""
    value = request.cookies.get(FORM_COOKIE)
    return value if value and len(value) <= MAX_COOKIE else secrets.token_urlsafe(32)
