"""Account use cases: add users and tokens, revoke them, and sign in with a per-account limit.
They read and write the database, so they are a service; app/accounts keeps roles and secrets."""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts.roles import ROLES
from app.accounts.secrets import (
    check_password_rules,
    hash_password,
    new_token,
    password_matches,
    token_hash,
)
from app.storage import accounts as store
from app.storage import audit, throttle
from app.storage.engine import Database
from app.storage.models import User

USERNAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# After this many wrong passwords from one address (or, for a password change, in a row), the
# account waits LOCKOUT before the next try from there.
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
# Locked out from this many addresses at once, the account is locked from everywhere for LOCKOUT:
# a guessing attack spread over many addresses. Fewer cannot lock its owner out from elsewhere.
ADDRESSES_TO_LOCK_EVERYWHERE = 10
# Where a sign-in came from, as the throttle counts it, when the caller cannot say.
UNKNOWN_PLACE = "unknown"
SESSION_LIFETIME = dt.timedelta(hours=12)
# Who an account change is audited as when no signed-in admin made it: the operator at the
# server's console (the `sts-planner` command, scripts), or the first-run link.
CONSOLE = "console"
FIRST_RUN = "first-run link"


class AccountError(ValueError):
    """An account request that cannot be carried out; the message is one line for the user."""


@dataclass(frozen=True)
class Actor:
    """Who is asking: the account's name and role."""

    username: str
    role: str


def add_user(db: Database, username: str, role: str, password: str, *, by: str = CONSOLE) -> None:
    """Create an account, refusing a taken name, an unknown role or a weak password; audited
    (the entry names the account by id and role only)."""
    password_hash = checked_hash(username, role, password)
    with db.writing() as session:
        add_user_in(session, username, role, password_hash, by=by)


def checked_hash(username: str, role: str, password: str) -> str:
    """The password's hash once the name, role and password pass their rules (before any
    transaction: hashing is slow, and a write must not hold the database that long)."""
    if not USERNAME.match(username):
        raise AccountError("a user name is 1–64 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(sorted(ROLES))}")
    try:
        check_password_rules(password)
    except ValueError as error:
        raise AccountError(str(error)) from None
    return hash_password(password)


def add_user_in(
    session: Session, username: str, role: str, password_hash: str, *, by: str
) -> None:
    """Keep a checked account inside a transaction the caller holds (audited)."""
    if store.user_named(session, username) is not None:
        raise AccountError(f"a user named {username!r} already exists")
    user = store.add_user(session, username, role, password_hash)
    audit.append(session, by, "account.added", None, {"account_id": user.id, "role": role})


def named(session: Session, username: str, *, for_update: bool = False) -> User:
    """The account with this name, or a refusal naming the name."""
    user = store.user_named(session, username, for_update=for_update)
    if user is None:
        raise AccountError(f"no user named {username!r}")
    return user


def add_token(db: Database, username: str, *, by: str = CONSOLE) -> str:
    """A new API token for an account; only its hash is kept (audited, never the token)."""
    token = new_token()
    with db.writing() as session:
        user = named(session, username)
        store.add_token(session, user, token_hash(token))
        audit.append(session, by, "token.added", None, {"account_id": user.id})
    return token


def revoke_tokens(db: Database, username: str, *, by: str = CONSOLE) -> int:
    """Revoke every token of an account, at once for every app process; audited."""
    with db.writing() as session:
        user = named(session, username)
        count = store.revoke_tokens(session, user)
        audit.append(session, by, "tokens.revoked", None,
                     {"account_id": user.id, "revoked": count})
        return count


def set_disabled(db: Database, username: str, disabled: bool, *, by: str = CONSOLE) -> None:
    """Disable or re-enable an account; audited. Disabling ends every session and revokes every
    API token for good, so enabling the account again does not bring them back."""
    with db.writing() as session:
        user = named(session, username)
        user.disabled = disabled
        detail: dict[str, object] = {"account_id": user.id, "role": user.role}
        if disabled:
            detail["sessions_ended"] = store.revoke_sessions(session, user)
            detail["tokens_revoked"] = store.revoke_tokens(session, user)
        action = "account.disabled" if disabled else "account.enabled"
        audit.append(session, by, action, None, detail)


def set_role(db: Database, username: str, role: str, *, by: str = CONSOLE) -> None:
    """Change an account's role; audited with the role before and after."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(sorted(ROLES))}")
    with db.writing() as session:
        user = named(session, username)
        before, user.role = user.role, role
        audit.append(session, by, "account.role_changed", None,
                     {"account_id": user.id, "role_before": before, "role": role})


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


def sign_in(
    db: Database, username: str, password: str, place: str = UNKNOWN_PLACE
) -> SignedIn | None:
    """Check a password, counting refusals per account and address (`place`, as the throttle
    counts addresses); None when refused, or while locked from there or from everywhere.

    The account's row is locked while its password is checked and the refusal counted, so that
    wrong passwords sent at once through several processes are counted one after another: at
    most MAX_FAILED_LOGINS of them from one address are checked before its lock holds. Another
    address is not locked out by them, until ADDRESSES_TO_LOCK_EVERYWHERE addresses are. An
    unknown, disabled or locked account is refused only after checking the password against a
    stand-in hash, so that the time taken does not tell which it was."""
    now = dt.datetime.now(dt.UTC)
    with db.writing() as session:
        user = store.user_named(session, username, for_update=True)
        if user is None:
            password_matches(_stand_in_hash(), password)
            return None
        if user.disabled or _locked_until(session, user, place, now) is not None:
            password_matches(_stand_in_hash(), password)
            throttle.count_refusal(session, user.id, place, now, LOCKOUT)
            return None
        if not password_matches(user.password_hash, password):
            throttle.count_refusal(session, user.id, place, now, LOCKOUT)
            if throttle.locked_addresses(session, user.id, MAX_FAILED_LOGINS,
                                         now - LOCKOUT) >= ADDRESSES_TO_LOCK_EVERYWHERE:
                user.locked_until = now + LOCKOUT
            return None
        throttle.clear_refusals(session, user.id, place)
        user.failed_logins, user.locked_until = 0, None
        cookie, csrf = new_token(), secrets.token_urlsafe(32)
        store.add_session(session, user, token_hash(cookie), csrf, SESSION_LIFETIME)
        return SignedIn(cookie, csrf, Actor(user.username, user.role))


def _locked_until(session: Session, user: User, place: str, now: dt.datetime
                  ) -> dt.datetime | None:
    """Until when the account is locked from `place` (from everywhere, or from there alone)."""
    if user.locked_until is not None and user.locked_until > now:
        return user.locked_until
    refusals, started = throttle.refusals_from(session, user.id, place, now - LOCKOUT)
    if started is None or refusals < MAX_FAILED_LOGINS:
        return None
    return started + LOCKOUT


def locked_until(db: Database, username: str, place: str = UNKNOWN_PLACE) -> dt.datetime | None:
    """Until when a sign-in to the account from `place` is refused whatever the password (None:
    not locked, or no such account)."""
    now = dt.datetime.now(dt.UTC)
    with db.reading() as session:
        user = store.user_named(session, username)
        return None if user is None else _locked_until(session, user, place, now)


@functools.cache
def _stand_in_hash() -> str:
    """A hash of a random password, made as every account's is, checked in place of a real one."""
    return hash_password(secrets.token_urlsafe(18))


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
