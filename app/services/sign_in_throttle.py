"""Sign-in throttling per client address: after too many failed sign-ins from one address in a
window, that address waits until the window ends, whichever account it tries. Refusals are also
kept per account and address, so that admins see an account tried from many addresses."""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass

from app.services.accounts import LOCKOUT
from app.storage import throttle
from app.storage.engine import Database

MAX_ADDRESS = 64
# How far back an account's refused addresses are counted for the admins: an account lock's
# length, so that the addresses behind a lock are all counted while it holds.
REFUSALS_WINDOW = LOCKOUT


@dataclass(frozen=True)
class AddressLimit:
    """How many failed sign-ins one address may have in a window (settings
    STS_SIGN_IN_ADDRESS_FAILURES and STS_SIGN_IN_ADDRESS_WINDOW_MINUTES)."""

    failures: int
    window: dt.timedelta


@dataclass(frozen=True)
class Throttled:
    """A sign-in refused before its password is checked: when the address may try again."""

    until: dt.datetime
    retry_after: int  # whole seconds, for the Retry-After header


def address_key(address: str | None) -> str:
    """The address as counted: an IPv6 client by its /64 network (one subscriber's line holds a
    whole /64, so counting single addresses would give it 2**64 allowances); a client the server
    cannot name shares one count."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "unknown")[:MAX_ADDRESS]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def admit(db: Database, address: str | None, limit: AddressLimit) -> Throttled | None:
    """Count a sign-in attempt from `address`; a refusal once it has had its share in this window.
    The attempt is counted before its password is checked, so attempts sent at once through
    several processes cannot all slip in before the first failure is counted."""
    now = dt.datetime.now(dt.UTC)
    with db.writing() as session:
        attempts, started = throttle.count_attempt(session, address_key(address), now,
                                                   limit.window)
    if attempts <= limit.failures:
        return None
    until = started + limit.window
    return Throttled(until, max(1, math.ceil((until - now).total_seconds())))


def succeeded(db: Database, address: str | None) -> None:
    """A sign-in from `address` succeeded: its attempt is not a failure and is taken back (no
    other address's count changes)."""
    with db.writing() as session:
        throttle.forget_attempt(session, address_key(address))


@dataclass(frozen=True)
class AccountTries:
    """What admins see of an account's refused sign-ins: from how many addresses in the last
    REFUSALS_WINDOW, and for how many more minutes it is locked (0: not locked)."""

    addresses: int
    locked_minutes: int
    window_minutes: int = int(REFUSALS_WINDOW.total_seconds() // 60)


def tries(db: Database, locks: dict[str, dt.datetime | None]) -> dict[str, AccountTries]:
    """By user name, the addresses each account was refused from lately and how long its lock
    (`locks`: each account's locked_until) still holds; only accounts with either."""
    now = dt.datetime.now(dt.UTC)
    with db.reading() as session:
        counted = throttle.refusing_addresses(session, now - REFUSALS_WINDOW)
    found = {}
    for username, until in locks.items():
        minutes = 0 if until is None or until <= now else math.ceil(
            (until - now).total_seconds() / 60)
        if minutes or counted.get(username):
            found[username] = AccountTries(counted.get(username, 0), minutes)
    return found
