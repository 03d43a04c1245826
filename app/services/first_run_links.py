"""The first-run link: a one-time token, kept in the database as its hash, that makes the first
admin; and the address a server's link opens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from app.accounts.roles import Role
from app.services import accounts
from app.services.accounts import AccountError
from app.storage import accounts as store
from app.storage import first_run
from app.storage.engine import Database

FIRST_RUN_LIFETIME = dt.timedelta(hours=1)


# Listening on every interface includes this machine's loopback, which a browser can open.
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}  # noqa: S104


def served_at(host: str, port: int) -> str:
    """The address to open for a server listening on host:port (IPv6 in brackets)."""
    shown = WILDCARDS.get(host, f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}"


def any_account(db: Database) -> bool:
    """True once the first account exists."""
    with db.reading() as session:
        return store.user_count(session) > 0


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
        if (store.user_count(session)
                or not any(secrets.compare_digest(found, wanted) for found in used)):
            raise expired
        accounts.add_user_in(session, username, Role.ADMIN, password_hash,
                             by=accounts.FIRST_RUN)
