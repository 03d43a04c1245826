"""Sign-in throttling per client address (issue 24), on SQLite and PostgreSQL: failures counted
in the database in one statement, so every process agrees; one address's refusals and successes
leave every other address's count alone; the per-account lock still holds."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.main import create_app
from app.services import accounts, sessions
from app.services.sign_in_throttle import AddressLimit, address_key, admit, succeeded
from app.settings import Settings, load_settings
from app.storage.engine import Database, make_engine
from app.storage.models import SignInThrottle
from tests.courses.conftest import PASSWORD

LIMIT = AddressLimit(3, dt.timedelta(minutes=15))
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def test_an_address_past_its_share_waits_for_its_window_and_others_do_not(
    database: Database,
) -> None:
    for _ in range(LIMIT.failures):
        assert admit(database, "192.0.2.1", LIMIT) is None
    refused = admit(database, "192.0.2.1", LIMIT)
    assert refused is not None and 0 < refused.retry_after <= 15 * 60
    assert refused.until <= dt.datetime.now(dt.UTC) + LIMIT.window
    # Another address has its own count, and its success changes nobody else's.
    assert admit(database, "198.51.100.7", LIMIT) is None
    succeeded(database, "198.51.100.7")
    assert admit(database, "192.0.2.1", LIMIT) is not None
    # Once the window has passed, the address starts afresh.
    with database.writing() as session:
        session.execute(update(SignInThrottle).values(
            window_start=dt.datetime.now(dt.UTC) - LIMIT.window - dt.timedelta(seconds=1)))
    assert admit(database, "192.0.2.1", LIMIT) is None
    with database.reading() as session:
        row = session.scalars(select(SignInThrottle).where(
            SignInThrottle.address == "192.0.2.1")).one()
    assert row.attempts == 1


def test_a_success_takes_back_only_its_own_attempt(database: Database) -> None:
    accounts.add_user(database, "ann", "viewer", PASSWORD)

    def outcome(password: str) -> str | None:
        found = sessions.sign_in(database, "ann", password, "192.0.2.9", LIMIT)
        return "signed in" if found.signed_in else found.refusal

    assert [outcome("wrong password 1"), outcome(PASSWORD), outcome("wrong password 2"),
            outcome("wrong password 3")] == ["wrong", "signed in", "wrong", "wrong"]
    assert outcome("wrong password 4") == "throttled"
    # Refused before its password is checked: the right one is refused too, for now.
    assert outcome(PASSWORD) == "throttled"


def test_attempts_at_once_through_two_databases_are_each_counted(
    database: Database, ready_db_url: str,
) -> None:
    """Twelve attempts from one address at one instant, through two engines (as two processes
    hold): exactly the limit's share is let through to a password check."""
    other = Database(make_engine(ready_db_url))
    attempts = 12
    barrier = threading.Barrier(attempts)
    admitted: list[bool] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        barrier.wait(timeout=30)
        let = admit((database, other)[n % 2], "203.0.113.5", LIMIT) is None
        with lock:
            admitted.append(let)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.close()
    assert len(admitted) == attempts and admitted.count(True) == LIMIT.failures


@pytest.fixture
def strict_settings(tmp_path: Path, ready_db_url: str) -> Settings:
    """Settings allowing three failed sign-ins per address in a quarter of an hour."""
    return load_settings(data_dir=tmp_path / "data", database_url=ready_db_url,
                         sign_in_address_failures=3, sign_in_address_window_minutes=15,
                         timezone="Europe/Rome")


def test_the_sign_in_page_answers_429_with_retry_after_and_says_until_when(
    strict_settings: Settings,
) -> None:
    app = create_app(strict_settings)
    accounts.add_user(app.state.database, "ann", "viewer", PASSWORD)
    with TestClient(app, follow_redirects=False) as client:
        def send(password: str) -> tuple[int, str, str]:
            form = CSRF.search(client.get("/sign-in").text)
            assert form is not None
            answer = client.post("/sign-in", data={"username": "ann", "password": password,
                                                   "csrf": form.group(1)})
            return answer.status_code, answer.text, answer.headers.get("retry-after", "")

        assert [send(f"wrong password {n}")[0] for n in range(3)] == [401, 401, 401]
        status, text, retry = send(PASSWORD)
    app.state.database.close()
    assert status == 429 and 0 < int(retry) <= 15 * 60
    assert "Too many failed sign-ins from this network address" in text
    assert re.search(r"until \d\d:\d\d \(about \d+ minutes?\)", text)
    assert "ann" not in retry


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("testclient", "testclient"),
        (None, "unknown"),
    ],
)
def test_an_ipv6_client_is_counted_by_its_64_network(address: str | None, key: str) -> None:
    assert address_key(address) == key
