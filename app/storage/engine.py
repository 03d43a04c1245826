"""The database engine: SQLite tuned for durability, or PostgreSQL, and its transactions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    import sqlite3

    from app.storage.seal import Seal

# Where a writing session carries the deployment's seal, and the audit head it wrote
# (Session.info; app/storage/audit.py fills them).
SEAL_KEY = "seal"
HEAD_KEY = "audit_head"
# A write waits this long for another writer's lock before giving up (SQLite).
BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """WAL, enforced foreign keys, and a commit that reaches the disk before it is acknowledged."""
    # The driver's own transaction handling is switched off: transactions begin in `_begin`.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Writes take SQLite's write lock at BEGIN, so a transaction never fails half-way to get it."""
    immediate = connection.get_execution_options().get("sts_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def private_file(path: Path) -> None:
    """Make `path` readable and writable by this account alone (0600), creating it empty, and
    any missing folder above it 0700, when it does not exist yet.

    An existing file is never opened here, only chmod-ed: closing any descriptor of a database
    file drops every SQLite lock this process holds on it, which can lose a live WAL."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


def make_engine(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL. A SQLite file is this account's alone (0600, in
    a folder made 0700 when missing); SQLite gives its WAL and shared-memory files the same
    permissions as the database's."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_file(Path(parsed.database))
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@dataclass(frozen=True)
class Database:
    """One engine, and the two kinds of transaction the services use; `seal` seals the audit
    entries a write appends and checkpoints each committed head (app/storage/seal.py)."""

    engine: Engine
    seal: Seal | None = None

    @property
    def is_sqlite(self) -> bool:
        """True on SQLite, where a write locks the whole file."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A transaction that only reads."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that writes: committed when the block ends, rolled back on any error."""
        engine = self.engine.execution_options(sts_write=True)
        with Session(engine, expire_on_commit=False) as session:
            session.info[SEAL_KEY] = self.seal
            with session.begin():
                yield session
            # Committed: only now may the head leave the database, so a rolled-back entry is
            # never taken for one removed.
            head = session.info.get(HEAD_KEY)
            if head is not None and self.seal is not None:
                self.seal.checkpoint(head)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
