"""Account use cases for the pages: sessions, sign-in outcomes, the first-run link, admin."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from app.accounts.roles import Role
from app.services import accounts, sign_in_throttle
from app.services.accounts import AccountError, Actor, SignedIn
from app.storage import accounts as store
from app.storage.engine import Database
from app.storage.models import ApiToken, User

FIRST_RUN_FILE = "first-run-links.json"
FIRST_RUN_LOCK = "first-run.lock"
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
        return SignInOutcome(signed)
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


def _read_links(path: Path) -> list[dict[str, str]]:
    try:
        found = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def issue_first_run(db: Database, data_dir: Path) -> str | None:
    """A new one-time first-run token when no account exists (only its hash is kept), else None."""
    if any_account(db):
        return None
    token = secrets.token_urlsafe(32)
    path = data_dir / FIRST_RUN_FILE
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    # Each worker process prints its own link; any one of them may be used, once.
    live = [e for e in _read_links(path) if e.get("expires", "") > now.isoformat()]
    live.append({"hash": _digest(token), "expires": (now + FIRST_RUN_LIFETIME).isoformat()})
    path.write_text(json.dumps(live))
    path.chmod(0o600)
    return token


def first_run_valid(db: Database, data_dir: Path, token: str) -> bool:
    """True for an unexpired first-run token while no account exists yet."""
    if not token or len(token) > 200 or any_account(db):
        return False
    now = dt.datetime.now(dt.UTC).isoformat()
    wanted = _digest(token)
    return any(secrets.compare_digest(e.get("hash", ""), wanted) and e.get("expires", "") > now
               for e in _read_links(data_dir / FIRST_RUN_FILE))


def create_first_admin(
    db: Database, data_dir: Path, token: str, username: str, password: str
) -> None:
    """Make the first admin with a valid first-run token; every first-run link dies with it."""
    if not first_run_valid(db, data_dir, token):
        raise AccountError("this first-run link has expired or was already used")
    # Only one of two simultaneous first-run forms may make an admin: the other finds the lock.
    lock = data_dir / FIRST_RUN_LOCK
    try:
        lock.touch(exist_ok=False)
    except FileExistsError:
        raise AccountError("another first-run form is being sent; try again in a moment") from None
    try:
        accounts.add_user(db, username, Role.ADMIN, password, by=accounts.FIRST_RUN)
        (data_dir / FIRST_RUN_FILE).unlink(missing_ok=True)
    finally:
        lock.unlink(missing_ok=True)


@dataclass(frozen=True)
class AccountRow:
    """One account as the admin page lists it."""

    username: str
    role: str
    disabled: bool
    live_tokens: int
    locked: bool


def list_accounts(db: Database) -> list[AccountRow]:
    """Every account with its role, state and count of live API tokens."""
    now = dt.datetime.now(dt.UTC)
    with db.reading() as session:
        counted = session.execute(
            select(ApiToken.user_id, func.count()).where(ApiToken.revoked_at.is_(None))
            .group_by(ApiToken.user_id)).all()
        tokens = {user_id: count for user_id, count in counted}
        users = session.scalars(select(User).order_by(User.username)).all()
        return [AccountRow(u.username, u.role, u.disabled, tokens.get(u.id, 0),
                           u.locked_until is not None and u.locked_until > now) for u in users]


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
