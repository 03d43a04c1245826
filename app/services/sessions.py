"""Signing in to the pages: a session, or why there is none (wrong, locked or throttled)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services import accounts, sign_in_throttle
from app.services.accounts import Actor, SignedIn
from app.storage.engine import Database


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
    place = sign_in_throttle.address_key(address)
    signed = accounts.sign_in(db, username, password, place)
    if signed is not None:
        sign_in_throttle.succeeded(db, address)
        return SignInOutcome(signed)
    until = accounts.locked_until(db, username, place)
    if until is not None:
        return SignInOutcome(None, "locked", until)
    return SignInOutcome(None, "wrong")


def sign_out(db: Database, cookie: str) -> None:
    """End a session at once, for every app process."""
    accounts.sign_out(db, cookie)
