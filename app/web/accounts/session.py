"""Who is signed in to the pages: the session cookie read into a `PageUser`, or a sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from app.accounts.roles import Action, may
from app.http.deps import DatabaseDep
from app.services import sessions
from app.services.accounts import Actor

SESSION_COOKIE = "sts_session"
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


def session_cookie(request: Request) -> str | None:
    """The session cookie when it is plausible, else None."""
    value = request.cookies.get(SESSION_COOKIE)
    return value if value and len(value) <= MAX_COOKIE else None


def optional_user(request: Request, db: DatabaseDep) -> PageUser | None:
    """The signed-in account, or None for a visitor (the calculators need no account)."""
    cookie = session_cookie(request)
    if cookie is None:
        return None
    found = sessions.session_of(db, cookie)
    return None if found is None else PageUser(found[0], cookie, found[1])


MaybeUser = Annotated[PageUser | None, Depends(optional_user)]


def signed_in(request: Request, user: MaybeUser) -> PageUser:
    """The signed-in account, or a redirect to sign in and come back here."""
    if user is None:
        query = f"?{request.url.query}" if request.url.query else ""
        raise SignInNeeded(request.url.path + query)
    return user


SignedIn = Annotated[PageUser, Depends(signed_in)]
