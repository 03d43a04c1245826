"""Account use cases: add users and tokens, revoke them, and sign in with a per-account limit."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from app.accounts.roles import ROLES
from app.accounts.secrets import (
    check_password_rules,
    hash_password,
    new_token,
    password_matches,
    token_hash,
)
from app.storage import accounts as store
from app.storage.engine import Database

USERNAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# After this many wrong passwords in a row, the account waits LOCKOUT before the next try.
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=12)


class AccountError(ValueError):
    """An account request that cannot be carried out; the message is one line for the user."""


@dataclass(frozen=True)
class Actor:
    """Who is asking: the account's name and role."""

    username: str
    role: str


def add_user(db: Database, username: str, role: str, password: str) -> None:
    """Create an account, refusing a taken name, an unknown role or a weak password."""
    if not USERNAME.match(username):
        raise AccountError("a user name is 1–64 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(sorted(ROLES))}")
    try:
        check_password_rules(password)
    except ValueError as error:
        raise AccountError(str(error)) from None
    with db.writing() as session:
        if store.user_named(session, username) is not None:
            raise AccountError(f"a user named {username!r} already exists")
        store.add_user(session, username, role, hash_password(password))


def add_token(db: Database, username: str) -> str:
    """A new API token for an account; only its hash is kept."""
    token = new_token()
    with db.writing() as session:
        user = store.user_named(session, username)
        if user is None:
            raise AccountError(f"no user named {username!r}")
        store.add_token(session, user, token_hash(token))
    return token


def revoke_tokens(db: Database, username: str) -> int:
    """Revoke every token of an account, at once for every app process."""
    with db.writing() as session:
        user = store.user_named(session, username)
        if user is None:
            raise AccountError(f"no user named {username!r}")
        return store.revoke_tokens(session, user)


def set_disabled(db: Database, username: str, disabled: bool) -> None:
    """Disable or re-enable an account (its tokens and sessions stop working while disabled)."""
    with db.writing() as session:
        user = store.user_named(session, username)
        if user is None:
            raise AccountError(f"no user named {username!r}")
        user.disabled = disabled


def set_role(db: Database, username: str, role: str) -> None:
    """Change an account's role."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(sorted(ROLES))}")
    with db.writing() as session:
        user = store.user_named(session, username)
        if user is None:
            raise AccountError(f"no user named {username!r}")
        user.role = role


def actor_of_token(db: Database, token: str) -> Actor | None:
    """The account an API token belongs to, or None for an unknown or revoked token."""
    with db.reading() as session:
        user = store.user_of_token(session, token_hash(token))
        return None if user is None else Actor(user.username, user.role)


@dataclass(frozen=True)
class SignedIn:
    """A new session: the cookie value (kept only hashed) and its CSRF token."""

    cookie: str
    csrf: str
    actor: Actor


def sign_in(db: Database, username: str, password: str) -> SignedIn | None:
    """Check a password, counting failures per account; None when refused (or locked for now)."""
    now = dt.datetime.now(dt.UTC)
    with db.writing() as session:
        user = store.user_named(session, username)
        if user is None or user.disabled:
            return None
        if user.locked_until is not None and user.locked_until > now:
            return None
        if not password_matches(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins, user.locked_until = 0, now + LOCKOUT
            return None
        user.failed_logins, user.locked_until = 0, None
        cookie, csrf = new_token(), secrets.token_urlsafe(32)
        store.add_session(session, user, token_hash(cookie), csrf, SESSION_LIFETIME)
        return SignedIn(cookie, csrf, Actor(user.username, user.role))


def session_actor(db: Database, cookie: str) -> tuple[Actor, str] | None:
    """The account and CSRF token of a live session cookie, or None."""
    with db.reading() as session:
        found = store.live_session(session, token_hash(cookie))
        if found is None:
            return None
        row, user = found
        return Actor(user.username, user.role), row.csrf_token


def sign_out(db: Database, cookie: str) -> None:
    """End a session."""
    with db.writing() as session:
        store.revoke_session(session, token_hash(cookie))
