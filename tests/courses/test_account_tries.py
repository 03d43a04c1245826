"""Issue 24: wrong passwords lock an account from the address they came from, so a stranger
cannot lock its owner out from everywhere; ten addresses locked out at once (an attack spread
over many addresses) lock it from everywhere. Admins see an account tried from many addresses:
sign-ins refused per account and client address are counted (one statement, as the address
throttle), and /admin/accounts says for how long an account is locked and from how many
addresses it was refused, never which. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.services import account_admin, accounts, sessions
from app.services.sign_in_throttle import AddressLimit
from app.storage.engine import Database
from app.storage.models import SignInRefusal
from tests.courses.conftest import PASSWORD
from tests.pages.conftest import csrf_of

# Wide enough that the address throttle never answers first here.
LIMIT = AddressLimit(100, dt.timedelta(minutes=15))
WRONG = "not the password"
ATTACKERS = [f"192.0.2.{n}" for n in range(1, 11)]  # ADDRESSES_TO_LOCK_EVERYWHERE of them
OWNER = "198.51.100.7"


def _try(database: Database, username: str, password: str, address: str) -> str | None:
    outcome = sessions.sign_in(database, username, password, address, LIMIT)
    return None if outcome.signed_in is not None else outcome.refusal


def _row(database: Database, username: str) -> account_admin.AccountRow:
    return next(a for a in account_admin.list_accounts(database) if a.username == username)


def test_a_strangers_wrong_passwords_lock_the_account_from_their_address_only(
    database: Database,
) -> None:
    accounts.add_user(database, "ann", "clinician", PASSWORD)
    refusals = [_try(database, "ann", WRONG, "192.0.2.1") for _ in range(7)]
    assert refusals == ["wrong"] * 4 + ["locked"] * 3  # the fifth wrong password locks it there
    assert _try(database, "ann", PASSWORD, "192.0.2.1") == "locked"  # even the right one
    assert _try(database, "ann", PASSWORD, OWNER) is None  # its owner, elsewhere, signs in
    ann = _row(database, "ann")
    assert not ann.locked and ann.tries is not None and ann.tries.addresses == 1


def _attack(database: Database) -> list[str | None]:
    """Five wrong passwords to ann from each attacking address; the last answer of each."""
    return [[_try(database, "ann", WRONG, address) for _ in range(5)][-1]
            for address in ATTACKERS]


def test_an_account_locked_out_from_ten_addresses_is_locked_everywhere_and_shown(
    database: Database,
) -> None:
    for name in ("ann", "bob"):
        accounts.add_user(database, name, "clinician", PASSWORD)
    assert _attack(database) == ["locked"] * len(ATTACKERS)
    ann = _row(database, "ann")
    assert ann.locked and ann.tries is not None
    assert ann.tries.addresses == 10 and 14 <= ann.tries.locked_minutes <= 15
    assert _try(database, "ann", PASSWORD, OWNER) == "locked"
    assert _row(database, "bob").tries is None
    assert _try(database, "bob", PASSWORD, OWNER) is None


@pytest.mark.parametrize(("addresses", "counted"), [
    (["192.0.2.1", "192.0.2.1", "192.0.2.2"], 2),  # one address twice is one address
    (["2001:db8::1", "2001:db8::2", "2001:db8:0:1::1"], 2),  # an IPv6 client by its /64
    (["::ffff:192.0.2.1", "192.0.2.1"], 1),  # an IPv4 client however it is written
])
def test_addresses_are_counted_as_the_throttle_counts_them(
    database: Database, addresses: list[str], counted: int,
) -> None:
    accounts.add_user(database, "ann", "viewer", PASSWORD)
    for address in addresses:
        assert _try(database, "ann", WRONG, address) == "wrong"
    tries = _row(database, "ann").tries
    assert tries is not None and (tries.addresses, tries.locked_minutes) == (counted, 0)


def test_signing_in_clears_that_address_and_unknown_names_are_not_kept(
    database: Database,
) -> None:
    accounts.add_user(database, "ann", "viewer", PASSWORD)
    assert _try(database, "ann", WRONG, "192.0.2.1") == "wrong"
    assert _try(database, "ann", WRONG, "192.0.2.2") == "wrong"
    assert _try(database, "ann", PASSWORD, "192.0.2.1") is None
    tries = _row(database, "ann").tries
    assert tries is not None and tries.addresses == 1
    assert _try(database, "nobody", WRONG, "192.0.2.9") == "wrong"
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(SignInRefusal)) == 2


def test_the_accounts_page_says_so_and_shows_no_address(
    client: TestClient, database: Database,
) -> None:
    accounts.add_user(database, "chief", "admin", PASSWORD)
    accounts.add_user(database, "ann", "clinician", PASSWORD)
    _attack(database)
    form = client.get("/sign-in")
    signed = client.post("/sign-in", data={"username": "chief", "password": PASSWORD,
                                           "csrf": csrf_of(form.text), "next": "/clinic"})
    assert signed.status_code == 200
    page = client.get("/admin/accounts").text
    row = page.split('data-label="User name">ann</td>')[1].split("</tr>")[0]
    assert "sign-ins refused from 10 addresses in the last 15 minutes" in row
    assert "locked out for the next 15 minutes" in row or \
        "locked out for the next 14 minutes" in row
    assert not any(address in page for address in ATTACKERS)
    chief = page.split('data-label="User name">chief</td>')[1].split("</tr>")[0]
    assert "refused" not in chief
