"""Password changes and reset links in the service, on SQLite and PostgreSQL: sessions ended as
promised, and one link used once even when two forms send it at the same instant."""

from __future__ import annotations

import threading

import pytest

from app.accounts.secrets import token_hash
from app.services import accounts, passwords
from app.services.accounts import AccountError
from app.storage.engine import Database, make_engine
from tests.courses.conftest import PASSWORD

NEW = "a new password for ann"


def test_a_change_keeps_this_session_and_ends_the_others(database: Database) -> None:
    accounts.add_user(database, "ann", "clinician", PASSWORD)
    here, there = (accounts.sign_in(database, "ann", PASSWORD) for _ in range(2))
    assert here is not None and there is not None
    changed = passwords.change_password(database, "ann", token_hash(here.cookie), PASSWORD,
                                        NEW, NEW)
    assert changed.done and changed.other_sessions_ended == 1
    assert accounts.session_actor(database, here.cookie) is not None
    assert accounts.session_actor(database, there.cookie) is None
    assert accounts.sign_in(database, "ann", NEW) is not None


def test_a_reset_ends_every_session_and_token_and_lifts_a_lock(database: Database) -> None:
    accounts.add_user(database, "ann", "clinician", PASSWORD)
    signed = accounts.sign_in(database, "ann", PASSWORD)
    token = accounts.add_token(database, "ann")
    for _ in range(5):
        accounts.sign_in(database, "ann", "a wrong password")
    link = passwords.issue_reset_link(database, "ann", by="chief")
    assert signed is not None and accounts.session_actor(database, signed.cookie) is None
    assert accounts.actor_of_token(database, token) is None
    assert passwords.use_reset_link(database, link, NEW, NEW) == "ann"
    assert accounts.sign_in(database, "ann", NEW) is not None  # the lock is lifted
    with pytest.raises(AccountError, match="already used"):
        passwords.use_reset_link(database, link, PASSWORD, PASSWORD)


def test_one_link_sent_twice_at_once_sets_one_password(
    database: Database, ready_db_url: str,
) -> None:
    accounts.add_user(database, "ann", "clinician", PASSWORD)
    link = passwords.issue_reset_link(database, "ann")
    other = Database(make_engine(ready_db_url))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(db: Database, password: str) -> None:
        barrier.wait(timeout=30)
        try:
            passwords.use_reset_link(db, link, password, password)
            outcomes.append(password)
        except AccountError:
            outcomes.append("refused")

    threads = [threading.Thread(target=send, args=(db, f"{word} password from the link"))
               for db, word in ((database, "first"), (other, "second"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    other.close()
    assert len(outcomes) == 2 and outcomes.count("refused") == 1
    winner = next(o for o in outcomes if o != "refused")
    assert accounts.sign_in(database, "ann", winner) is not None
