"""A throwaway PostgreSQL cluster on a free loopback port, made and removed by the test session."""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

# Setting this to a superuser URL (postgresql://user:pass@host:port/postgres) uses that server
# instead of starting a cluster, for machines where the tests may not run initdb.
EXTERNAL_ENV = "STS_TEST_POSTGRES_URL"
STARTUP_SECONDS = 30


def pg_bin_dir() -> Path:
    """The newest installed PostgreSQL server's bin folder (Debian keeps one per major version)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    if not found:
        raise RuntimeError(
            "PostgreSQL server not installed: run `bash scripts/setup.sh --test` "
            f"(Debian package postgresql) or set {EXTERNAL_ENV}"
        )
    return Path(found[-1]).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at this moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_postgres(argv: list[str]) -> list[str]:
    """Run as the postgres user when we are root, because the server refuses to run as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@dataclass
class Cluster:
    """A running server: where it listens, how to reach it as superuser, and its databases."""

    host: str
    port: int
    superuser: str
    superuser_password: str
    password: str
    app_user: str = "sts_test"
    data_dir: Path | None = None
    pg_ctl: Path | None = None
    options: str = ""
    made: list[str] = field(default_factory=list)

    def url(self, database: str, *, driver: str = "postgresql+psycopg") -> str:
        """The URL through which the app's own user reaches `database` over TCP."""
        return f"{driver}://{self.app_user}:{self.password}@{self.host}:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        """An autocommit superuser connection to the maintenance database."""
        return psycopg.connect(
            host=self.host, port=self.port, user=self.superuser,
            password=self.superuser_password, dbname="postgres", autocommit=True,
        )

    def create_database(self, prefix: str = "t", template: str = "template0") -> str:
        """A new database owned by the app's user, a copy of `template` (by default empty);
        gives its URL."""
        name = f"{prefix}_{secrets.token_hex(6)}"
        with self.admin() as conn:
            # FILE_COPY of a small template is quicker than WAL-logging every block.
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {} TEMPLATE {} STRATEGY FILE_COPY").format(
                    sql.Identifier(name), sql.Identifier(self.app_user), sql.Identifier(template)
                )
            )
        self.made.append(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by `create_database`, closing whatever still uses it."""
        name = url.rsplit("/", 1)[1]
        with self.admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if name in self.made:
            self.made.remove(name)


def _make_app_user(cluster: Cluster) -> None:
    """Create the password login the app uses (a plain owner, not a superuser)."""
    with cluster.admin() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(cluster.app_user), sql.Literal(cluster.password)
            )
        )


def _wait_ready(cluster: Cluster, log: Path) -> None:
    """Poll until the server takes TCP logins, or fail with its log."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with cluster.admin():
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                text = log.read_text(errors="replace") if log.exists() else "(no log)"
                raise RuntimeError(f"PostgreSQL did not start:\n{text}") from None
            time.sleep(0.1)


def _init(bin_dir: Path, base: Path, durable: bool) -> Cluster:
    """initdb in `base`; gives the cluster, not yet started."""
    data = base / "data"
    pwfile = base / "superuser.pw"
    superuser_password = secrets.token_urlsafe(18)
    pwfile.write_text(superuser_password + "\n")
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    subprocess.run(
        _as_postgres([
            str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--pwfile", str(pwfile),
            "-A", "scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8",
            "--no-sync",
        ]),
        check=True, capture_output=True,
    )
    pwfile.unlink()
    port = free_port()
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        # Scratch data for tests: lost if the machine dies, never if an app process does.
        options += " -c fsync=off -c full_page_writes=off"
    cluster = Cluster(
        host="127.0.0.1", port=port, superuser="postgres",
        superuser_password=superuser_password, password=secrets.token_urlsafe(18),
        data_dir=data, pg_ctl=bin_dir / "pg_ctl", options=options,
    )
    return cluster


def _start(cluster: Cluster) -> None:
    """pg_ctl start, then wait until TCP logins work."""
    assert cluster.pg_ctl is not None and cluster.data_dir is not None
    log = cluster.data_dir.parent / "server.log"
    subprocess.run(
        _as_postgres([str(cluster.pg_ctl), "-D", str(cluster.data_dir), "-l", str(log),
                      "-o", cluster.options, "-w", "-t", str(STARTUP_SECONDS), "start"]),
        check=True, capture_output=True,
    )
    _wait_ready(cluster, log)


def _stop(cluster: Cluster) -> None:
    """Stop a cluster this module started; a fast shutdown is enough for scratch data."""
    if cluster.pg_ctl is None or cluster.data_dir is None:
        return
    subprocess.run(
        _as_postgres([str(cluster.pg_ctl), "-D", str(cluster.data_dir), "-m", "immediate",
                      "-w", "stop"]),
        check=False, capture_output=True,
    )


def _external(url: str) -> Cluster:
    """A Cluster view of an outside server given by a superuser URL."""
    info = psycopg.conninfo.conninfo_to_dict(url.replace("postgresql+psycopg://", "postgresql://"))
    cluster = Cluster(
        host=str(info.get("host") or "127.0.0.1"), port=int(str(info.get("port") or 5432)),
        superuser=str(info.get("user", "postgres")),
        superuser_password=str(info.get("password", "")), password=secrets.token_urlsafe(18),
        app_user=f"sts_test_{secrets.token_hex(4)}",
    )
    return cluster


@contextlib.contextmanager
def running_cluster(durable: bool = False) -> Iterator[Cluster]:
    """A cluster for the length of the block, stopped and deleted afterwards even on failure;
    `durable` keeps PostgreSQL's default flushing to disk (for benchmarks)."""
    external = os.environ.get(EXTERNAL_ENV)
    if external:
        outside = _external(external)
        _make_app_user(outside)
        try:
            yield outside
        finally:
            for name in list(outside.made):
                with contextlib.suppress(psycopg.Error):
                    outside.drop_database(outside.url(name))
            with contextlib.suppress(psycopg.Error), outside.admin() as conn:
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(outside.app_user)))
        return
    base = Path(tempfile.mkdtemp(prefix="sts-pg-"))
    cluster: Cluster | None = None
    watchdog: subprocess.Popen[bytes] | None = None
    try:
        cluster = _init(pg_bin_dir(), base, durable)
        watchdog = _watch(cluster, base)
        _start(cluster)
        _make_app_user(cluster)
        yield cluster
    finally:
        if cluster is not None:
            _stop(cluster)
        shutil.rmtree(base, ignore_errors=True)
        if watchdog is not None and watchdog.stdin is not None:
            watchdog.stdin.close()  # its work is done; EOF lets it exit
            watchdog.wait(timeout=30)


# Run in a process of its own: waits for its standard input to close, which happens when the test
# session ends in any way, SIGKILL included, then stops the server and deletes its folder.
_WATCHDOG = """
import shutil, subprocess, sys
sys.stdin.buffer.read()
subprocess.run(sys.argv[3:], capture_output=True, check=False)
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


def _watch(cluster: Cluster, base: Path) -> subprocess.Popen[bytes]:
    """A watchdog that removes the cluster if this process dies without cleaning up."""
    assert cluster.pg_ctl is not None and cluster.data_dir is not None
    stop = _as_postgres([str(cluster.pg_ctl), "-D", str(cluster.data_dir), "-m", "immediate",
                         "-w", "stop"])
    # A session of its own, so a signal to the test run's process group does not reach it.
    return subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, str(base), "stop", *stop],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
