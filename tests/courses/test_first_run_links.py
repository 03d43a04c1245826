"""First-run links kept in the database (migration 0009), on SQLite and PostgreSQL: of two forms
sent at once from two workers' links only one makes the admin, and no link is deleted."""

from __future__ import annotations

import threading

import sqlalchemy as sa
from alembic import command

from app.services import account_admin, first_run_links
from app.services.accounts import AccountError
from app.storage.engine import Database, make_engine
from app.storage.models import FirstRunLink
from app.storage.schema import _config
from tests.pages.conftest import PASSWORD

EXPIRED = "this first-run link has expired or was already used"


def test_of_two_first_run_forms_sent_at_once_one_makes_the_admin(
    database: Database, ready_db_url: str
) -> None:
    tokens = [first_run_links.issue_first_run(database) for _ in range(2)]
    other = Database(make_engine(ready_db_url))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(db: Database, token: str | None, username: str) -> None:
        assert token is not None
        barrier.wait(timeout=30)
        try:
            first_run_links.create_first_admin(db, token, username, PASSWORD)
            outcomes.append("made")
        except AccountError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=send, args=(db, token, f"boss{n}"))
               for n, (db, token) in enumerate(zip((database, other), tokens, strict=True))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        other.close()
    assert sorted(outcomes) == ["made", EXPIRED]
    assert len(account_admin.list_accounts(database)) == 1
    with database.reading() as session:
        links = list(session.scalars(sa.select(FirstRunLink)))
    assert len(links) >= 2 and all(link.used_at is not None for link in links)


def test_migration_0009_adds_and_removes_the_links_table(db_url: str) -> None:
    config = _config(db_url)
    command.upgrade(config, "head")
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            assert sa.inspect(connection).has_table("first_run_links")
        command.downgrade(config, "0008")
        with engine.connect() as connection:
            assert not sa.inspect(connection).has_table("first_run_links")
    finally:
        engine.dispose()
