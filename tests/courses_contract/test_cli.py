"""The `sts-planner` console script, run as a separate process, as an operator runs it."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.courses_contract.harness import (
    API,
    PASSWORD,
    SEED_PLAN,
    Ran,
    cli,
    console,
    environment,
    given,
    reference,
)
from tests.courses_contract.rawdb import raw
from tests.courses_contract.server import serving
from tests.pg import Cluster, pg_bin_dir


def one_line_error(ran: Ran) -> None:
    """A refusal: non-zero exit, exactly one line on standard error, no traceback."""
    assert ran.code != 0, ran
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].strip(), ran
    assert "Traceback" not in ran.err and "Traceback" not in ran.out


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The settings an operator's shell would export, also applied to this process."""
    values = {"STS_DATABASE_URL": db_url, "STS_DATA_DIR": str(tmp_path)}
    with environment(**values):
        yield values


def test_db_upgrade_makes_the_schema_and_may_run_again(env: dict[str, str]) -> None:
    first = console(["db", "upgrade"], env)
    assert first.code == 0, first
    with raw(env["STS_DATABASE_URL"]) as db:
        made = set(db.tables())
    assert "alembic_version" in made and len(made) >= 3
    again = console(["db", "upgrade"], env)
    assert again.code == 0, again


def test_user_add_takes_one_password_line_and_refuses_bad_accounts(env: dict[str, str]) -> None:
    assert cli(["db", "upgrade"]).code == 0
    made = console(["user", "add", "alice", "--role", "clinician"], env, PASSWORD + "\n")
    assert made.code == 0, made
    twelve = cli(["user", "add", "bob", "--role", "viewer"], "x" * 12 + "\n")
    assert twelve.code == 0, twelve
    one_line_error(console(["user", "add", "alice", "--role", "viewer"], env, PASSWORD + "\n"))
    # The same refusals through the script's entry point, in this process (quicker).
    for args, stdin in [
        (["user", "add", "alice", "--role", "viewer"], PASSWORD + "\n"),  # same name again
        (["user", "add", "carol", "--role", "nurse"], PASSWORD + "\n"),  # unknown role
        (["user", "add", "dave", "--role", "viewer"], "x" * 11 + "\n"),  # 11 characters
        (["user", "add", "erin", "--role", "viewer"], ""),  # no password at all
    ]:
        one_line_error(cli(args, stdin))
    with raw(env["STS_DATABASE_URL"]) as db:
        stored = db.every_text()
    assert PASSWORD not in stored  # only a hash is kept
    for refused in ("carol", "dave", "erin"):
        assert cli(["token", "add", refused]).code != 0  # no account was made


def test_token_add_prints_only_the_token_and_revoke_takes_effect_at_once(
    env: dict[str, str],
) -> None:
    with TestClient(create_app()) as http:  # the app runs throughout, as in a clinic
        assert cli(["user", "add", "viv", "--role", "viewer"], PASSWORD + "\n").code == 0
        issued = console(["token", "add", "viv"], env)
        assert issued.code == 0, issued
        lines = issued.out.splitlines()
        assert len(lines) == 1 and len(lines[0].strip()) >= 20, issued.out
        token = lines[0].strip()
        second = cli(["token", "add", "viv"]).out.strip()
        for each in (token, second):
            answer = http.get(f"{API}/due", params={"from": "2020-05-01", "to": "2020-05-02"},
                              headers={"Authorization": f"Bearer {each}"})
            assert answer.status_code == 200, answer.text
        with raw(env["STS_DATABASE_URL"]) as db:
            stored = db.every_text()
        assert token not in stored and second not in stored  # hashes only
        revoked = console(["token", "revoke", "viv"], env)
        assert revoked.code == 0, revoked
        for each in (token, second):
            answer = http.get(f"{API}/due", params={"from": "2020-05-01", "to": "2020-05-02"},
                              headers={"Authorization": f"Bearer {each}"})
            assert answer.status_code == 401
    one_line_error(console(["token", "add", "nobody"], env))


def activity(http: httpx.Client, token: str) -> list[str]:
    """Enough audited work for a chain of a dozen entries; gives the course ids."""
    headers = {"Authorization": f"Bearer {token}"}
    ids = []
    for _ in range(3):
        body = {"patient": {"reference": reference()}, "kind": "injection", "plan": SEED_PLAN}
        created = http.post(f"{API}/courses", json=body, headers=headers)
        assert created.status_code == 201, created.text
        course_id = created.json()["id"]
        ids.append(course_id)
        assert http.get(f"{API}/courses/{course_id}", headers=headers).status_code == 200
        recorded = http.post(f"{API}/courses/{course_id}/records", json=given(1, "2020-05-07"),
                             headers={**headers, "If-Match": '"1"'})
        assert recorded.status_code == 201, recorded.text
        assert http.get(f"{API}/courses/{course_id}", headers=headers).status_code == 200
    return ids


def names(seq: int, ran: Ran) -> bool:
    """Whether a refusal's output names `seq` as a number of its own."""
    return re.search(rf"(?<!\d){seq}(?!\d)", ran.out + ran.err) is not None


def test_audit_verify_finds_an_altered_removed_or_inserted_entry(env: dict[str, str]) -> None:
    with TestClient(create_app()) as http:
        assert cli(["user", "add", "ada", "--role", "admin"], PASSWORD + "\n").code == 0
        activity(http, cli(["token", "add", "ada"]).out.strip())
    intact = console(["audit", "verify"], env)
    assert intact.code == 0, intact
    with raw(env["STS_DATABASE_URL"]) as db:
        table = db.audit_table()
        (last,) = db.rows(f'SELECT max(seq) FROM "{table}"')[0]
        assert last >= 12
        middle = last // 2 + 1
        (action,) = db.rows(f'SELECT action FROM "{table}" WHERE seq = %s', (middle,))[0]
        other = "course.viewed" if action != "course.viewed" else "course.stopped"

        db.rows(f'UPDATE "{table}" SET action = %s WHERE seq = %s', (other, middle))
        altered = console(["audit", "verify"], env)
        assert altered.code != 0 and names(middle, altered), altered
        db.rows(f'UPDATE "{table}" SET action = %s WHERE seq = %s', (action, middle))
        assert cli(["audit", "verify"]).code == 0

        db.rows(f'CREATE TABLE kept_aside AS SELECT * FROM "{table}" WHERE seq = %s', (middle,))
        db.rows(f'DELETE FROM "{table}" WHERE seq = %s', (middle,))
        removed = cli(["audit", "verify"])
        assert removed.code != 0 and names(middle, removed), removed
        db.rows(f'INSERT INTO "{table}" SELECT * FROM kept_aside')
        db.rows("DROP TABLE kept_aside")
        assert cli(["audit", "verify"]).code == 0

        copied, values = [], []
        for column, kind, key in db.columns(table):
            if column == "seq":
                copied.append(column)
                values.append(str(last + 1))
            elif key and any(word in kind for word in ("int", "serial")):
                continue  # the database numbers it
            elif key:
                copied.append(column)
                values.append(f"'{secrets.token_hex(12)}'")
            else:
                copied.append(column)
                values.append(f'"{column}"')
        columns = ", ".join(f'"{column}"' for column in copied)
        db.rows(f'INSERT INTO "{table}" ({columns}) SELECT {", ".join(values)} '
                f'FROM "{table}" WHERE seq = %s', (last,))
        inserted = console(["audit", "verify"], env)
        assert inserted.code != 0 and names(last + 1, inserted), inserted


def test_backup_while_the_app_runs_then_restore_finds_every_course(tmp_path: Path) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    env = {"STS_DATABASE_URL": live, "STS_DATA_DIR": str(tmp_path)}
    copy = tmp_path / "backup" / "copy.db"
    copy.parent.mkdir()
    with serving(env, tmp_path / "server.log") as server:
        with environment(**env):
            assert cli(["user", "add", "cleo", "--role", "clinician"], PASSWORD + "\n").code == 0
            token = cli(["token", "add", "cleo"]).out.strip()
        with server.client() as http:
            ids = activity(http, token)
            done = console(["backup", str(copy)], env)
            assert done.code == 0, done
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600  # patients' records: ours alone
            still = http.get(f"{API}/courses/{ids[0]}",
                             headers={"Authorization": f"Bearer {token}"})
            assert still.status_code == 200  # the app kept serving
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    restored = {"STS_DATABASE_URL": f"sqlite:///{copy}", "STS_DATA_DIR": str(copy.parent)}
    with environment(**restored), TestClient(create_app()) as http:
        for course_id in ids:
            got = http.get(f"{API}/courses/{course_id}",
                           headers={"Authorization": f"Bearer {token}"})
            assert got.status_code == 200, got.text
            assert [r["round"] for r in got.json()["records"]] == [1]
    assert console(["audit", "verify"], restored).code == 0


def test_pg_dump_then_restore_finds_every_course(pg_cluster: Cluster, tmp_path: Path) -> None:
    """The PostgreSQL backup the README describes: pg_dump, pg_restore into a new database."""
    live = pg_cluster.create_database("live")
    env = {"STS_DATABASE_URL": live, "STS_DATA_DIR": str(tmp_path)}
    with environment(**env), TestClient(create_app()) as http:
        assert cli(["user", "add", "pat", "--role", "clinician"], PASSWORD + "\n").code == 0
        token = cli(["token", "add", "pat"]).out.strip()
        ids = activity(http, token)
    dump = tmp_path / "sts.dump"
    parts = urlsplit(live)
    client_env = {**os.environ, "PGPASSWORD": parts.password or ""}
    where = ["-h", str(parts.hostname), "-p", str(parts.port), "-U", str(parts.username)]
    subprocess.run([str(pg_bin_dir() / "pg_dump"), *where, "-Fc", "-f", str(dump),
                    parts.path.lstrip("/")], check=True, env=client_env, capture_output=True)
    copy = pg_cluster.create_database("restored")
    subprocess.run([str(pg_bin_dir() / "pg_restore"), *where, "--no-owner", "-d",
                    urlsplit(copy).path.lstrip("/"), str(dump)],
                   check=True, env=client_env, capture_output=True)
    with environment(STS_DATABASE_URL=copy, STS_DATA_DIR=str(tmp_path)), \
            TestClient(create_app()) as http:
        for course_id in ids:
            got = http.get(f"{API}/courses/{course_id}",
                           headers={"Authorization": f"Bearer {token}"})
            assert got.status_code == 200, got.text
        assert cli(["audit", "verify"]).code == 0
