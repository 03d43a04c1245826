"""The test harness itself: the throwaway PostgreSQL cluster and the per-test databases are real."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.pg import Cluster


def connect(url: str) -> psycopg.Connection:
    """A psycopg connection from a SQLAlchemy-style URL, with the URL's password, over TCP."""
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def test_session_database_is_reached_over_tcp_with_a_password(pg_url: str) -> None:
    parts = urlsplit(pg_url)
    assert parts.scheme == "postgresql+psycopg"
    assert parts.hostname == "127.0.0.1" and parts.port and parts.password
    with connect(pg_url) as conn:
        row = conn.execute("SELECT current_user, inet_server_addr()::text, version()").fetchone()
    assert row is not None
    assert row[0] == parts.username
    assert row[1].startswith("127.0.0.1")
    assert row[2].startswith("PostgreSQL")


def test_a_wrong_password_is_refused(pg_url: str) -> None:
    parts = urlsplit(pg_url)
    wrong = pg_url.replace(f":{parts.password}@", ":not-the-password@")
    with pytest.raises(psycopg.OperationalError, match="password"):
        connect(wrong).close()


def test_each_test_gets_an_empty_database_of_its_own(
    pg_cluster: Cluster, fresh_pg_url: str
) -> None:
    with connect(fresh_pg_url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        conn.execute("CREATE TABLE scratch (n int)")
    assert tables == (0,)
    other = pg_cluster.create_database()
    try:
        with connect(other) as conn:
            assert conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'scratch'"
            ).fetchone() == (0,)
    finally:
        pg_cluster.drop_database(other)


def test_db_url_gives_each_engine_a_writable_database(db_url: str) -> None:
    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.execute("CREATE TABLE t (n int)")
            conn.execute("INSERT INTO t VALUES (1)")
            assert conn.execute("SELECT n FROM t").fetchall() == [(1,)]
    else:
        assert db_url.startswith("postgresql+psycopg://")
        with connect(db_url) as conn:
            conn.execute("CREATE TABLE t (n int)")
            conn.execute("INSERT INTO t VALUES (1)")
            assert conn.execute("SELECT n FROM t").fetchall() == [(1,)]
