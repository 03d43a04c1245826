"""The admin's account use cases: list every account, add one, disable, change role, revoke."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services import accounts, sign_in_throttle
from app.storage import accounts as store
from app.storage.engine import Database


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
        listed = store.users_with_live_tokens(session)
    tries = sign_in_throttle.tries(db, {u.username: u.locked_until for u, _ in listed})
    return [AccountRow(u.username, u.role, u.disabled, tokens,
                       u.locked_until is not None and u.locked_until > now,
                       tries.get(u.username)) for u, tokens in listed]


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
