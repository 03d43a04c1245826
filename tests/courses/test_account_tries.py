"""Issue 24: admins see an account tried from many addresses: sign-ins refused per account and
client address are counted (one statement, as the address throttle), and /admin/accounts says
for how long an account is locked and from how many addresses it was refused, never which. On
SQLite and PostgreSQL."""

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
ATTACKERS = [f"192.0.2.{n}" for n in range(1, 8)]


def _try(database: Database, username: str, password: str, address: str) -> str | None:
    outcome = sessions.sign_in(database, username, password, address, LIMIT)
    return None if outcome.signed_in is not None else outcome.refusal


def _row(database: Database, username: str) -> account_admin.AccountRow:
    return next(a for a in account_admin.list_accounts(database) if a.username == username)


def test_an_account_tried_from_seven_addresses_shows_its_lock_and_the_count(
    database: Database,
) -> None:
    for name in ("ann", "bob"):
        accounts.add_user(database, name, "clinician", PASSWORD)
    refusals = [_try(database, "ann", WRONG, address) for address in ATTACKERS]
    assert refusals == ["wrong"] * 4 + ["locked"] * 3  # the fifth wrong password locks it
    ann = _row(database, "ann")
    assert ann.locked and ann.tries is not None
    assert ann.tries.addresses == 7 and 14 <= ann.tries.locked_minutes <= 15
    assert _row(database, "bob").tries is None


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
    for address in ATTACKERS:
        _try(database, "ann", WRONG, address)
    form = client.get("/sign-in")
    signed = client.post("/sign-in", data={"username": "chief", "password": PASSWORD,
                                           "csrf": csrf_of(form.text), "next": "/clinic"})
    assert signed.status_code == 200
    page = client.get("/admin/accounts").text
    row = page.split('data-label="User name">ann</td>')[1].split("</tr>")[0]
    assert "sign-ins refused from 7 addresses in the last 15 minutes" in row
    assert "locked out for the next 15 minutes" in row or \
        "locked out for the next 14 minutes" in row
    assert not any(address in page for address in ATTACKERS)
    chief = page.split('data-label="User name">chief</td>')[1].split("</tr>")[0]
    assert "refused" not in chief
