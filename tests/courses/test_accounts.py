"""Accounts: Argon2id hashes, tokens kept as hashes, sign-in limited per account, sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.secrets import hash_password, password_matches
from app.services import accounts
from app.storage.engine import Database
from app.storage.models import ApiToken, User
from tests.courses.conftest import PASSWORD


def test_only_hashes_are_stored(database: Database) -> None:
    accounts.add_user(database, "ann", "viewer", PASSWORD)
    token = accounts.add_token(database, "ann")
    with database.reading() as session:
        user = session.scalars(select(User)).one()
        stored = session.scalars(select(ApiToken.token_hash)).one()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert token not in stored and len(stored) == 64
    assert accounts.actor_of_token(database, token) == accounts.Actor("ann", "viewer")


def test_the_app_hashes_with_argon2id_at_the_rfc_9106_low_memory_cost() -> None:
    stored = hash_password(PASSWORD)  # the app's own function, not the suite's cheap one
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert password_matches(stored, PASSWORD) and not password_matches(stored, PASSWORD + "x")


@pytest.mark.parametrize(
    ("username", "role", "password", "words"),
    [
        ("ann", "viewer", "short", "at least 12"),
        ("ann", "nurse", PASSWORD, "unknown role"),
        ("ann smith", "viewer", PASSWORD, "user name"),
    ],
)
def test_bad_accounts_are_refused(
    database: Database, username: str, role: str, password: str, words: str
) -> None:
    with pytest.raises(accounts.AccountError, match=words):
        accounts.add_user(database, username, role, password)


def test_sign_in_locks_after_repeated_failures_and_sessions_end_at_logout(
    database: Database,
) -> None:
    accounts.add_user(database, "ann", "clinician", PASSWORD)
    signed = accounts.sign_in(database, "ann", PASSWORD)
    assert signed is not None and signed.actor.role == "clinician"
    assert accounts.session_actor(database, signed.cookie) == (signed.actor, signed.csrf)
    accounts.sign_out(database, signed.cookie)
    assert accounts.session_actor(database, signed.cookie) is None
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert accounts.sign_in(database, "ann", "wrong password!") is None
    # Locked now: even the right password is refused until the lockout ends.
    assert accounts.sign_in(database, "ann", PASSWORD) is None


def test_a_disabled_account_loses_its_tokens_at_once_and_for_good(database: Database) -> None:
    accounts.add_user(database, "ann", "viewer", PASSWORD)
    token = accounts.add_token(database, "ann")
    accounts.set_disabled(database, "ann", True)
    assert accounts.actor_of_token(database, token) is None
    accounts.set_disabled(database, "ann", False)
    accounts.set_role(database, "ann", "admin")
    # Enabling the account again does not bring a revoked token back; a new one works.
    assert accounts.actor_of_token(database, token) is None
    fresh = accounts.add_token(database, "ann")
    assert accounts.actor_of_token(database, fresh) == accounts.Actor("ann", "admin")


@pytest.mark.parametrize("account", ["unknown", "disabled", "locked"])
def test_a_refused_account_costs_one_password_check_like_a_real_one(
    database: Database, monkeypatch: pytest.MonkeyPatch, account: str
) -> None:
    """No timing oracle: an unknown, disabled or locked account is refused only after checking
    the password against a stand-in hash made as every account's is."""
    accounts.add_user(database, "ann", "viewer", PASSWORD)
    if account == "disabled":
        accounts.set_disabled(database, "ann", True)
    if account == "locked":
        for _ in range(accounts.MAX_FAILED_LOGINS):
            assert accounts.sign_in(database, "ann", "a wrong password!") is None
    with database.reading() as session:
        real = session.scalars(select(User.password_hash)).one()
    checked: list[str] = []

    def counted(stored: str, password: str) -> bool:
        checked.append(stored)
        return password_matches(stored, password)

    monkeypatch.setattr(accounts, "password_matches", counted)
    username = "nobody" if account == "unknown" else "ann"
    assert accounts.sign_in(database, username, PASSWORD) is None
    assert len(checked) == 1 and checked[0] != real
    assert checked[0].split("$")[:4] == real.split("$")[:4]  # same type, version and cost
