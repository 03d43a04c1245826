"""Storage of accounts, API tokens and sessions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.storage.models import ApiToken, PasswordReset, User, WebSession


def user_named(session: Session, username: str, *, for_update: bool = False) -> User | None:
    """The account with this name, if any; `for_update` locks its row until the transaction ends
    (PostgreSQL; SQLite's write transaction already holds the whole database)."""
    query = select(User).where(User.username == username)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def add_user(session: Session, username: str, role: str, password_hash: str) -> User:
    """Store a new account."""
    user = User(
        username=username, role=role, password_hash=password_hash, disabled=False,
        failed_logins=0, locked_until=None, created_at=dt.datetime.now(dt.UTC),
    )
    session.add(user)
    session.flush()
    return user


def add_token(session: Session, user: User, digest: str) -> None:
    """Store the hash of a new API token."""
    session.add(ApiToken(user_id=user.id, token_hash=digest, created_at=dt.datetime.now(dt.UTC)))


def revoke_tokens(session: Session, user: User) -> int:
    """Mark every live token of an account revoked; the number revoked."""
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.UTC))
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def user_of_token(session: Session, digest: str) -> User | None:
    """The enabled account holding a live token with this hash."""
    query = (
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None),
               User.disabled.is_(False))
    )
    return session.scalars(query).one_or_none()


def add_session(
    session: Session, user: User, digest: str, csrf: str, lifetime: dt.timedelta
) -> WebSession:
    """Store a new signed-in browser session."""
    now = dt.datetime.now(dt.UTC)
    row = WebSession(user_id=user.id, session_hash=digest, csrf_token=csrf, created_at=now,
                     expires_at=now + lifetime)
    session.add(row)
    return row


def live_session(session: Session, digest: str) -> tuple[WebSession, User] | None:
    """A session that is neither revoked nor expired, and its enabled account."""
    query = (
        select(WebSession, User)
        .join(User, WebSession.user_id == User.id)
        .where(WebSession.session_hash == digest, WebSession.revoked_at.is_(None),
               WebSession.expires_at > dt.datetime.now(dt.UTC), User.disabled.is_(False))
    )
    row = session.execute(query).one_or_none()
    return None if row is None else (row[0], row[1])


def revoke_session(session: Session, digest: str) -> None:
    """End a session at once, for every app process."""
    session.execute(
        update(WebSession)
        .where(WebSession.session_hash == digest, WebSession.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.UTC))
    )


def revoke_sessions(session: Session, user: User, *, keep: str | None = None) -> int:
    """End every live session of an account, but the one whose hash is `keep`; the number ended."""
    query = update(WebSession).where(WebSession.user_id == user.id,
                                     WebSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(WebSession.session_hash != keep)
    result = session.execute(query.values(revoked_at=dt.datetime.now(dt.UTC)))
    return int(result.rowcount)  # type: ignore[attr-defined]


def add_reset(session: Session, user: User, digest: str, by: str, lifetime: dt.timedelta) -> None:
    """Store the hash of a new reset link; the account's earlier unused links stop working."""
    now = dt.datetime.now(dt.UTC)
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None),
               PasswordReset.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.add(PasswordReset(user_id=user.id, token_hash=digest, issued_by=by, created_at=now,
                              expires_at=now + lifetime))


def live_reset(
    session: Session, digest: str, *, lock: bool = True
) -> tuple[PasswordReset, User] | None:
    """An unused, unrevoked, unexpired reset link with this hash and its account; `lock` holds
    its row until the transaction ends, so that two forms sending one link cannot both use it."""
    query = (
        select(PasswordReset, User)
        .join(User, PasswordReset.user_id == User.id)
        .where(PasswordReset.token_hash == digest, PasswordReset.used_at.is_(None),
               PasswordReset.revoked_at.is_(None),
               PasswordReset.expires_at > dt.datetime.now(dt.UTC))
    )
    row = session.execute(query.with_for_update() if lock else query).one_or_none()
    return None if row is None else (row[0], row[1])


def user_count(session: Session) -> int:
    """How many accounts there are."""
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def users_with_live_tokens(session: Session) -> list[tuple[User, int]]:
    """Every account by name, with its count of API tokens not revoked."""
    counted = {user_id: int(count) for user_id, count in session.execute(
        select(ApiToken.user_id, func.count()).where(ApiToken.revoked_at.is_(None))
        .group_by(ApiToken.user_id))}
    users = session.scalars(select(User).order_by(User.username)).all()
    return [(user, counted.get(user.id, 0)) for user in users]
