"""Who is signed in to the pages, and the CSRF check every state-changing page form passes."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from app.accounts.roles import Action, may
from app.clinical.errors import Refused
from app.http.deps import DatabaseDep
from app.services import web_accounts
from app.services.accounts import Actor

SESSION_COOKIE = "sts_session"
# Before a session exists (sign-in, first run) the token is a double-submit cookie instead.
FORM_COOKIE = "sts_form"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"  # what htmx sends, set from the page's meta tag
MAX_COOKIE = 200


@dataclass(frozen=True)
class PageUser:
    """A signed-in browser: its account, its session cookie and that session's CSRF token."""

    actor: Actor
    cookie: str
    csrf: str

    def may(self, action: Action) -> bool:
        """True when the account's role may do `action` (app/accounts/roles.py)."""
        return may(self.actor.role, action)


class SignInNeeded(Exception):  # noqa: N818 - a redirect, not an error
    """No live session: the browser is sent to the sign-in page, then back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageRefused(Refused):
    """A page request refused with a status and a sentence for the person (403, 404, 409…),
    answered always as a page (auth_pages.py), whatever the request accepts."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title = status, title


def session_cookie(request: Request) -> str | None:
    """The session cookie when it is plausible, else None."""
    value = request.cookies.get(SESSION_COOKIE)
    return value if value and len(value) <= MAX_COOKIE else None


def optional_user(request: Request, db: DatabaseDep) -> PageUser | None:
    """The signed-in account, or None for a visitor (the calculators need no account)."""
    cookie = session_cookie(request)
    if cookie is None:
        return None
    found = web_accounts.session_of(db, cookie)
    return None if found is None else PageUser(found[0], cookie, found[1])


MaybeUser = Annotated[PageUser | None, Depends(optional_user)]


def signed_in(request: Request, user: MaybeUser) -> PageUser:
    """The signed-in account, or a redirect to sign in and come back here."""
    if user is None:
        query = f"?{request.url.query}" if request.url.query else ""
        raise SignInNeeded(request.url.path + query)
    return user


SignedIn = Annotated[PageUser, Depends(signed_in)]


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


def allowed(action: Action, *, form: bool = False) -> Callable[..., PageUser]:
    """A dependency letting through only accounts whose role may do `action` (else 403)."""

    def check(user: PageUser) -> PageUser:
        if not user.may(action):
            raise PageRefused(403, "Not for your role",
                              f"The role '{user.actor.role}' may not do this. Ask an admin "
                              "if you need it.")
        return user

    if form:
        def for_form(user: Checked) -> PageUser:
            return check(user)
        return for_form

    def for_page(user: SignedIn) -> PageUser:
        return check(user)
    return for_page


Reader = Annotated[PageUser, Depends(allowed(Action.READ))]
Writer = Annotated[PageUser, Depends(allowed(Action.WRITE_COURSES, form=True))]
Striker = Annotated[PageUser, Depends(allowed(Action.STRIKE, form=True))]
Admin = Annotated[PageUser, Depends(allowed(Action.ADMIN_ACCOUNTS))]
AdminForm = Annotated[PageUser, Depends(allowed(Action.ADMIN_ACCOUNTS, form=True))]
Dispenser = Annotated[PageUser, Depends(allowed(Action.DISPENSE, form=True))]
RoundRecorder = Annotated[PageUser, Depends(allowed(Action.RECORD_ROUND, form=True))]
Reviewer = Annotated[PageUser, Depends(allowed(Action.REVIEW, form=True))]
Compounder = Annotated[PageUser, Depends(allowed(Action.COMPOUND))]
CompounderForm = Annotated[PageUser, Depends(allowed(Action.COMPOUND, form=True))]
ReaderForm = Annotated[PageUser, Depends(allowed(Action.READ, form=True))]  # a posted search


def form_token(request: Request) -> str:
    """The pre-session double-submit token: the cookie's value, or a new one to set."""
    value = request.cookies.get(FORM_COOKIE)
    return value if value and len(value) <= MAX_COOKIE else secrets.token_urlsafe(32)


def sign_in_path(next_path: str) -> str:
    """The sign-in page's address, with where to go afterwards (a path on this site only)."""
    return "/sign-in?next=" + quote(next_path, safe="/")


def safe_next(value: str | None) -> str:
    """A local path to go to after signing in; anything else goes to the due list."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/clinic"
WriterPage = Annotated[PageUser, Depends(allowed(Action.WRITE_COURSES))]
