"""Account use cases for the pages: sessions, sign-in outcomes, the first-run link, admin."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from app.accounts.roles import Role
from app.services import accounts, sign_in_throttle
from app.services.accounts import AccountError, Actor, SignedIn
from app.storage import accounts as store
from app.storage import first_run
from app.storage.engine import Database
from app.storage.models import ApiToken, User

FIRST_RUN_LIFETIME = dt.timedelta(hours=1)


@dataclass(frozen=True)
class SignInOutcome:
    """A sign-in: the new session, or why there is none ('wrong', 'locked' or 'throttled')."""

    signed_in: SignedIn | None
    refusal: str | None = None
    locked_until: dt.datetime | None = None
    retry_after: int = 0  # seconds, when throttled


def session_of(db: Database, cookie: str) -> tuple[Actor, str] | None:
    """The account and CSRF token of a live session cookie, or None."""
    return accounts.session_actor(db, cookie)


def sign_in(
    db: Database, username: str, password: str, address: str | None,
    limit: sign_in_throttle.AddressLimit,
) -> SignInOutcome:
    """Check a password; a refusal says 'throttled' while the client address has had too many
    failures, 'locked' while the account's own limit holds."""
    throttled = sign_in_throttle.admit(db, address, limit)
    if throttled is not None:
        return SignInOutcome(None, "throttled", throttled.until, throttled.retry_after)
    signed = accounts.sign_in(db, username, password)
    if signed is not None:
        sign_in_throttle.succeeded(db, address)
        sign_in_throttle.signed_in(db, username, address)
        return SignInOutcome(signed)
    sign_in_throttle.refused(db, username, address)
    with db.reading() as session:
        user = store.user_named(session, username)
        until = None if user is None else user.locked_until
    if until is not None and until > dt.datetime.now(dt.UTC):
        return SignInOutcome(None, "locked", until)
    return SignInOutcome(None, "wrong")


def sign_out(db: Database, cookie: str) -> None:
    """End a session at once, for every app process."""
    accounts.sign_out(db, cookie)


# Listening on every interface includes this machine's loopback, which a browser can open.
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}  # noqa: S104


def served_at(host: str, port: int) -> str:
    """The address to open for a server listening on host:port (IPv6 in brackets)."""
    shown = WILDCARDS.get(host, f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}"


def any_account(db: Database) -> bool:
    """True once the first account exists."""
    with db.reading() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_first_run(db: Database) -> str | None:
    """A new one-time first-run token when no account exists (only its hash is kept), else None."""
    if any_account(db):
        return None
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    # Each worker process prints its own link; any one of them may be used, once.
    with db.writing() as session:
        first_run.add_link(session, _digest(token), now, now + FIRST_RUN_LIFETIME)
    return token


def first_run_valid(db: Database, token: str) -> bool:
    """True for an unexpired first-run token while no account exists yet."""
    if not token or len(token) > 200 or any_account(db):
        return False
    wanted = _digest(token)
    with db.reading() as session:
        live = first_run.live_hashes(session, dt.datetime.now(dt.UTC))
    return any(secrets.compare_digest(found, wanted) for found in live)


def create_first_admin(db: Database, token: str, username: str, password: str) -> None:
    """Make the first admin with a valid first-run token; every first-run link dies with it, in
    the same transaction, so a refused account (a weak password) leaves the link usable."""
    expired = AccountError("this first-run link has expired or was already used")
    if not first_run_valid(db, token):
        raise expired
    password_hash = accounts.checked_hash(username, Role.ADMIN, password)
    wanted = _digest(token)
    with db.writing() as session:
        used = first_run.use_all(session, dt.datetime.now(dt.UTC))
        # Checked again under the links' lock: another form may have made the admin meanwhile.
        if (session.scalar(select(func.count()).select_from(User))
                or not any(secrets.compare_digest(found, wanted) for found in used)):
            raise expired
        accounts.add_user_in(session, username, Role.ADMIN, password_hash,
                             by=accounts.FIRST_RUN)


@dataclass(frozen=True)
class AccountRow:
    """One account as the admin page lists it."""

    username: str
    role: str
    disabled: bool
    live_tokens: int
    locked: bool
    # Sign-ins refused lately, from how many addresses (never which), and the lock's minutes.
    tries: sign_in_throttle.AccountTries | None = None


def list_accounts(db: Database) -> list[AccountRow]:
    """Every account with its role, state and count of live API tokens."""
    now = dt.datetime.now(dt.UTC)
    with db.reading() as session:
        counted = session.execute(
            select(ApiToken.user_id, func.count()).where(ApiToken.revoked_at.is_(None))
            .group_by(ApiToken.user_id)).all()
        tokens = {user_id: count for user_id, count in counted}
        users = session.scalars(select(User).order_by(User.username)).all()
    tries = sign_in_throttle.tries(db, {u.username: u.locked_until for u in users})
    return [AccountRow(u.username, u.role, u.disabled, tokens.get(u.id, 0),
                       u.locked_until is not None and u.locked_until > now,
                       tries.get(u.username)) for u in users]


def add_account(db: Database, username: str, role: str, password: str, *, by: str) -> None:
    """Create an account (the accounts service checks name, role and password); audited."""
    accounts.add_user(db, username, role, password, by=by)


def set_disabled(db: Database, username: str, disabled: bool, *, by: str) -> None:
    """Disable or re-enable an account; its sessions and tokens stop at once while disabled."""
    accounts.set_disabled(db, username, disabled, by=by)


def set_role(db: Database, username: str, role: str, *, by: str) -> None:
    """Give an account another role."""
    accounts.set_role(db, username, role, by=by)


def revoke_tokens(db: Database, username: str, *, by: str) -> int:
    """Revoke every API token of an account; the number revoked."""
    return accounts.revoke_tokens(db, username, by=by)
