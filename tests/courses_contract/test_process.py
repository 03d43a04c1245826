"""Real server processes: schema before the first request, SIGKILL after an acknowledged write,
racing writers on one course, two processes on one PostgreSQL, and what the logs never hold."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import psycopg

from tests.courses_contract.harness import (
    API,
    NAME,
    PASSWORD,
    ROLES,
    SEED_PLAN,
    add_user,
    cli,
    environment,
    given,
    reference,
)
from tests.courses_contract.server import Server, serving

THREADS = 12  # bounded: two cores are shared by the whole suite


def tables(db_url: str) -> set[str]:
    """The tables that exist in a database, read straight from the engine's catalogue."""
    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    else:
        plain = db_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain) as conn:
            rows = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchall()
    return {row[0] for row in rows}


def accounts(db_url: str, folder: Path) -> dict[str, tuple[str, str]]:
    """One (username, token) per role, made with the console script's entry on `db_url`."""
    with environment(STS_DATABASE_URL=db_url, STS_DATA_DIR=str(folder)):
        return {role: add_user(role) for role in ROLES}


def bearer(token: str, version: int | None = None) -> dict[str, str]:
    """Authorization (and If-Match) headers."""
    headers = {"Authorization": f"Bearer {token}"}
    if version is not None:
        headers["If-Match"] = f'"{version}"'
    return headers


def create(http: httpx.Client, token: str, ref: str) -> dict[str, Any]:
    """POST a seed course; asserts 201."""
    body = {"patient": {"reference": ref, "name": NAME}, "kind": "injection", "plan": SEED_PLAN}
    response = http.post(f"{API}/courses", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    course: dict[str, Any] = response.json()
    return course


def race(servers: list[Server], token: str, course_id: str, round_: int, version: int
         ) -> Counter[int]:
    """THREADS writers, spread over `servers`, send the same If-Match write at one instant."""
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        server = servers[n % len(servers)]
        day = dt.date(2020, 6, 1) + dt.timedelta(days=14 * (round_ - 1))
        body = given(round_, day.isoformat(), note=f"writer {n}")
        with server.client() as http:
            http.get("/healthz")  # connect before the barrier so the writes leave together
            barrier.wait(timeout=60)
            response = http.post(f"{API}/courses/{course_id}/records", json=body,
                                 headers=bearer(token, version))
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(statuses)


def test_the_schema_exists_before_the_first_request(db_url: str, tmp_path: Path) -> None:
    assert tables(db_url) == set()
    with serving({"STS_DATABASE_URL": db_url, "STS_DATA_DIR": str(tmp_path)},
                 tmp_path / "server.log"):
        made = tables(db_url)  # the server listens; no request has been sent
    assert "alembic_version" in made and len(made) >= 3, made


def test_an_acknowledged_write_survives_sigkill(db_url: str, tmp_path: Path) -> None:
    env = {"STS_DATABASE_URL": db_url, "STS_DATA_DIR": str(tmp_path)}
    log = tmp_path / "server.log"
    ref = reference()
    tokens: dict[str, str] = {}
    server = Server(env, log)
    try:
        server.start()
        tokens = {role: token for role, (_, token) in accounts(db_url, tmp_path).items()}
        with server.client() as http:
            course = create(http, tokens["clinician"], ref)
            listed = http.get(f"{API}/courses", params={"patient": ref},
                              headers=bearer(tokens["viewer"]))
            assert listed.status_code == 200
            response = http.post(f"{API}/courses/{course['id']}/records",
                                 json=given(1, "2020-05-07"),
                                 headers=bearer(tokens["clinician"], 1))
            assert response.status_code == 201, response.text
            server.kill()  # straight after the acknowledgement
        server = Server(env, log)
        server.start()
        with server.client() as http:
            after = http.get(f"{API}/courses/{course['id']}", headers=bearer(tokens["viewer"]))
        assert after.status_code == 200, after.text
        kept = after.json()
        assert kept["version"] == 2
        assert [(r["round"], r["status"], r["date"]) for r in kept["records"]] == [
            (1, "given", "2020-05-07")]
    finally:
        server.stop()
    logged = server.output()
    for secret in (NAME, *NAME.split(), ref, PASSWORD, *tokens.values()):
        assert secret not in logged, secret


def test_one_of_many_writers_holding_the_same_version_wins(db_url: str, tmp_path: Path) -> None:
    env = {"STS_DATABASE_URL": db_url, "STS_DATA_DIR": str(tmp_path)}
    with serving(env, tmp_path / "server.log") as server:
        token = accounts(db_url, tmp_path)["clinician"][1]
        with server.client() as http:
            course = create(http, token, reference())
        assert race([server], token, course["id"], 1, 1) == Counter({201: 1, 412: THREADS - 1})
        with server.client() as http:
            kept = http.get(f"{API}/courses/{course['id']}", headers=bearer(token)).json()
    assert kept["version"] == 2 and len(kept["records"]) == 1


def test_two_processes_on_one_postgresql(fresh_pg_url: str, tmp_path: Path) -> None:
    env = {"STS_DATABASE_URL": fresh_pg_url, "STS_DATA_DIR": str(tmp_path)}
    with serving(env, tmp_path / "a.log") as first, serving(env, tmp_path / "b.log") as second:
        users = accounts(fresh_pg_url, tmp_path)
        tokens = {role: token for role, (_, token) in users.items()}
        with first.client() as http:
            course = create(http, tokens["clinician"], reference())
        for round_ in (1, 2, 3):
            outcome = race([first, second], tokens["clinician"], course["id"], round_, round_)
            assert outcome == Counter({201: 1, 412: THREADS - 1}), (round_, outcome)
        for server in (first, second):
            with server.client() as http:
                kept = http.get(f"{API}/courses/{course['id']}",
                                headers=bearer(tokens["viewer"])).json()
            assert kept["version"] == 4
            assert sorted(r["round"] for r in kept["records"]) == [1, 2, 3]
        with environment(STS_DATABASE_URL=fresh_pg_url, STS_DATA_DIR=str(tmp_path)):
            revoked = cli(["token", "revoke", users["viewer"][0]])
        assert revoked.code == 0, revoked
        for server in (first, second):
            with server.client() as http:
                refused = http.get(f"{API}/courses/{course['id']}",
                                   headers=bearer(tokens["viewer"]))
            assert refused.status_code == 401  # at once, on every process


def test_wrong_passwords_at_once_through_two_processes_lock_the_account_after_five(
    fresh_pg_url: str, tmp_path: Path
) -> None:
    """16 wrong passwords sent at one instant through two processes on one PostgreSQL: the
    account's row is locked while each is checked, so five are checked and counted one after
    another, the fifth locks the account from that address, and the other eleven are refused as
    locked without a check. (Counted without the row lock, all sixteen read no
    failures, and the account was left with one failure and no lock.)"""
    env = {"STS_DATABASE_URL": fresh_pg_url, "STS_DATA_DIR": str(tmp_path)}
    attempts = 16
    with serving(env, tmp_path / "a.log") as first, serving(env, tmp_path / "b.log") as second:
        with environment(**env):
            username, _ = add_user("clinician")
        barrier = threading.Barrier(attempts)
        answers: list[str] = []
        lock = threading.Lock()

        def guesser(n: int) -> None:
            server = (first, second)[n % 2]
            with server.client() as http:
                form = http.get("/sign-in").text
                csrf = re.search(r'name="csrf" value="([^"]+)"', form)
                assert csrf is not None
                barrier.wait(timeout=60)
                refused = http.post("/sign-in", data={
                    "username": username, "password": f"wrong password {n:02d}",
                    "csrf": csrf.group(1)})
            assert refused.status_code == 401
            with lock:
                answers.append("locked" if "is locked until" in refused.text else "wrong")

        threads = [threading.Thread(target=guesser, args=(n,)) for n in range(attempts)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        # A refusal says "locked" when the lock holds as it answers, so some of the five checked
        # may say so too.
        assert len(answers) == attempts and answers.count("wrong") <= 5
        with psycopg.connect(fresh_pg_url.replace("postgresql+psycopg://", "postgresql://")
                             ) as conn:
            refusals, until = conn.execute(
                "SELECT r.refusals, u.locked_until FROM sign_in_refusals r "
                "JOIN users u ON u.id = r.user_id WHERE u.username = %s", (username,)
            ).fetchone()
        # Every refusal is counted against the one address they came from, which is locked out;
        # one address does not lock the account from everywhere.
        assert (refusals, until) == (attempts, None)
        with second.client() as http:
            form = http.get("/sign-in").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)
            assert csrf is not None
            right = http.post("/sign-in", data={"username": username, "password": PASSWORD,
                                                "csrf": csrf.group(1)})
        assert right.status_code == 401 and "is locked until" in right.text


def test_only_a_trusted_proxy_may_say_the_request_came_over_https(tmp_path: Path) -> None:
    """Behind a reverse proxy on a trusted address, X-Forwarded-Proto: https makes the cookies
    `Secure`; from an address that is not trusted, the same header changes nothing."""
    base = {"STS_DATABASE_URL": f"sqlite:///{tmp_path / 'sts.db'}", "STS_DATA_DIR": str(tmp_path)}
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    for trusted, secure in (("127.0.0.1", True), ("192.0.2.1, 10.0.0.0/8", False)):
        env = {**base, "STS_FORWARDED_ALLOW_IPS": trusted}
        with serving(env, tmp_path / "server.log") as server, server.client() as http:
            cookie = http.get("/sign-in", headers=forwarded).headers["set-cookie"]
            plain = http.get("/sign-in").headers["set-cookie"]
        assert ("; secure" in cookie.lower()) is secure, (trusted, cookie)
        assert "; secure" not in plain.lower()


def test_a_write_waiting_for_a_lock_leaves_the_server_answering(tmp_path: Path) -> None:
    """Another process holds SQLite's write lock for 3 s while a round is recorded: the record
    waits for it, and /healthz and the product list still answer at once, because the course's
    database work runs in the thread pool rather than on the event loop."""
    database = tmp_path / "sts.db"
    env = {"STS_DATABASE_URL": f"sqlite:///{database}", "STS_DATA_DIR": str(tmp_path)}
    with serving(env, tmp_path / "server.log") as server:
        with environment(**env):
            token = add_user("clinician")[1]
        with server.client() as http:
            course = create(http, token, reference())
        holder = sqlite3.connect(database, isolation_level=None, timeout=30)
        holder.execute("BEGIN IMMEDIATE")
        answered: list[int] = []

        def record() -> None:
            with server.client() as http:
                answered.append(http.post(
                    f"{API}/courses/{course['id']}/records",
                    json=given(1, "2020-05-07"), headers=bearer(token, 1)).status_code)

        writer = threading.Thread(target=record)
        writer.start()
        try:
            with server.client() as http:
                deadline = time.monotonic() + 3
                slowest = 0.0
                while time.monotonic() < deadline:
                    for path in ("/healthz", f"{API}/products"):
                        started = time.perf_counter()
                        assert http.get(path).status_code == 200
                        slowest = max(slowest, time.perf_counter() - started)
                    assert not answered, "the write did not wait for the lock"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        writer.join(timeout=60)
    assert answered == [201]
    assert slowest < 0.5, f"a request took {slowest:.2f} s while a write waited for the lock"
