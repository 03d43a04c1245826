"""Passwords once an account exists: change your own, and one-time reset links an admin issues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts.secrets import check_password_rules, hash_password, new_token, password_matches
from app.accounts.secrets import token_hash as digest
from app.services.accounts import (
    CONSOLE,
    LOCKOUT,
    MAX_FAILED_LOGINS,
    AccountError,
    named,
)
from app.storage import accounts as store
from app.storage import audit, throttle
from app.storage.engine import Database
from app.storage.models import User

RESET_LIFETIME = dt.timedelta(hours=1)
RESET_PATH = "/reset-password"
# Who a password set from a reset link is audited as: the link's holder, not yet signed in.
RESET_LINK = "reset link"
MAX_LINK_TOKEN = 200


def _new_password(password: str, repeat: str) -> None:
    """Refuse a new password typed differently twice, too short or too long."""
    if password != repeat:
        raise AccountError("the two new passwords differ; type the same password twice")
    try:
        check_password_rules(password)
    except ValueError as error:
        raise AccountError(str(error)) from None


def _end_everything(session: Session, user: User) -> dict[str, int]:
    """End every session and revoke every API token of an account: what was ended, counted."""
    return {"sessions_ended": store.revoke_sessions(session, user),
            "tokens_revoked": store.revoke_tokens(session, user)}


@dataclass(frozen=True)
class Changed:
    """A password change's outcome: done, or refused because the current password was wrong."""

    done: bool
    other_sessions_ended: int = 0


def change_password(
    db: Database, username: str, cookie_hash: str, current: str, new: str, repeat: str,
) -> Changed:
    """Set a signed-in account's new password once its current one is given; every other session
    of the account ends (this one goes on). A wrong current password counts as a failed sign-in,
    so a borrowed session cannot be used to guess it. Audited, never the passwords."""
    _new_password(new, repeat)
    if new == current:
        raise AccountError("the new password is the same as the current one")
    with db.writing() as session:
        user = named(session, username, for_update=True)
        if not password_matches(user.password_hash, current):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.failed_logins = 0
                user.locked_until = dt.datetime.now(dt.UTC) + LOCKOUT
            return Changed(False)
        user.password_hash = hash_password(new)
        ended = store.revoke_sessions(session, user, keep=cookie_hash)
        audit.append(session, username, "account.password_changed", None,
                     {"account_id": user.id, "sessions_ended": ended})
        return Changed(True, ended)


def issue_reset_link(db: Database, username: str, *, by: str = CONSOLE) -> str:
    """A new one-time reset token for an account (an hour, one use; only its hash is kept). Every
    session and API token of the account ends now, and any earlier link stops working. Audited,
    never the token or the link."""
    token = new_token()
    with db.writing() as session:
        user = named(session, username)
        store.add_reset(session, user, digest(token), by, RESET_LIFETIME)
        ended = _end_everything(session, user)
        audit.append(session, by, "account.reset_link_issued", None,
                     {"account_id": user.id, **ended})
    return token


def reset_link(base: str, token: str) -> str:
    """The address to open for a reset token, under the server's base address."""
    return f"{base.rstrip('/')}{RESET_PATH}?token={token}"


def reset_account(db: Database, token: str) -> str | None:
    """The user name a live reset token is for, or None (unknown, used, superseded or expired)."""
    if not token or len(token) > MAX_LINK_TOKEN:
        return None
    with db.reading() as session:
        found = store.live_reset(session, digest(token), lock=False)
        return None if found is None else found[1].username


def use_reset_link(db: Database, token: str, new: str, repeat: str) -> str:
    """Set the new password from a live reset token, which then never works again; every session
    and API token of the account ends, and a lock from wrong passwords is lifted. The user name."""
    _new_password(new, repeat)
    if not token or len(token) > MAX_LINK_TOKEN:
        raise AccountError("this reset link has expired, was already used or was replaced")
    with db.writing() as session:
        found = store.live_reset(session, digest(token))
        if found is None:
            raise AccountError("this reset link has expired, was already used or was replaced")
        reset, user = found
        reset.used_at = dt.datetime.now(dt.UTC)
        user.password_hash = hash_password(new)
        user.failed_logins, user.locked_until = 0, None
        throttle.clear_refusals(session, user.id)
        ended = _end_everything(session, user)
        audit.append(session, RESET_LINK, "account.password_reset", None,
                     {"account_id": user.id, **ended})
        return user.username
