"""Direct access to the app's database, around the app, as someone tampering with it would have."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg


class Raw:
    """One connection (autocommit) to a SQLite file or a PostgreSQL database, '%s' placeholders."""

    def __init__(self, db_url: str) -> None:
        self.sqlite = db_url.startswith("sqlite:///")
        if self.sqlite:
            self.conn: Any = sqlite3.connect(db_url.removeprefix("sqlite:///"),
                                             isolation_level=None)
        else:
            self.conn = psycopg.connect(
                db_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
            )

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; give its rows (none for a write)."""
        if self.sqlite:
            sql = sql.replace("%s", "?")
        cursor = self.conn.execute(sql, tuple(params))
        if cursor.description is None:
            return []
        return [tuple(row) for row in cursor.fetchall()]

    def tables(self) -> list[str]:
        """Every table's name."""
        if self.sqlite:
            return [r[0] for r in self.rows("SELECT name FROM sqlite_master WHERE type='table'")]
        return [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]

    def columns(self, table: str) -> list[tuple[str, str, bool]]:
        """(name, declared type, part of the primary key) for each column, in order."""
        if self.sqlite:
            return [(r[1], str(r[2]).lower(), bool(r[5]))
                    for r in self.rows(f'PRAGMA table_info("{table}")')]
        keys = {r[0] for r in self.rows(
            "SELECT k.column_name FROM information_schema.table_constraints c "
            "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
            "AND k.table_name = c.table_name "
            "WHERE c.table_name = %s AND c.constraint_type = 'PRIMARY KEY'", (table,))}
        return [(r[0], str(r[1]).lower(), r[0] in keys) for r in self.rows(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND table_schema = 'public' ORDER BY ordinal_position",
            (table,))]

    def audit_table(self) -> str:
        """The table holding the audit chain: the one with both a `seq` and an `action` column."""
        found = [t for t in self.tables()
                 if {"seq", "action"} <= {name for name, _, _ in self.columns(t)}]
        assert len(found) == 1, f"no single audit table among {self.tables()}"
        return found[0]

    def every_text(self) -> str:
        """All values of every table, as one text, to look for what must not be stored."""
        parts: list[str] = []
        for table in self.tables():
            for row in self.rows(f'SELECT * FROM "{table}"'):
                parts.extend(repr(value) for value in row)
        return "\n".join(parts)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


@contextmanager
def raw(db_url: str) -> Iterator[Raw]:
    """A Raw connection for the block."""
    db = Raw(db_url)
    try:
        yield db
    finally:
        db.close()
