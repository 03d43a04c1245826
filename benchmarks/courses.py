"""Kept courses at clinic scale, on SQLite and on PostgreSQL: 5,000 generated active courses (about
60,000 rounds and their records), then the due list for 14 days, creating a course and adding a
record, each timed through the HTTP API in-process, and the size of the database. The due list is
also taken apart: reading the index and joining its entries, each timed alone, and decoding the
answer, which is the client's work (timed apart, so that the client's garbage collections in
this one process do not land in the server's figures).

Run: .venv/bin/python benchmarks/courses.py [--courses N] [--samples N] [--postgres-url URL]
Without --postgres-url a throwaway PostgreSQL cluster is started (with its default, durable
flushing) and removed afterwards. Targets: due list p95 < 100 ms, create and record p95 < 30 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from app.contracts.due_entries import join  # noqa: E402
from app.main import create_app  # noqa: E402
from app.policy import policy_from_settings  # noqa: E402
from app.services import accounts  # noqa: E402
from app.settings import get_settings, load_settings  # noqa: E402
from app.storage import courses as store  # noqa: E402
from app.storage.engine import Database, make_engine  # noqa: E402
from app.storage.schema import upgrade  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from tests.pg import running_cluster  # noqa: E402
from tests.seed import SEED_INJECTION  # noqa: E402

TARGETS_MS = {"due list, 14 days": 100.0, "create a course": 30.0, "add a record": 30.0}
PARTS = ("  reading the index", "  joining the JSON", "  client decoding")
ENTRY_FIELDS = {"course_id", "patient", "kind", "what", "round", "date", "sites",
                "visit_volume", "sts_pentahydrate"}
PASSWORD = "benchmark passphrase"


def p95(samples: list[float]) -> float:
    """The 95th percentile (inclusive method) of a list of timings."""
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def timed(count: int, call: Callable[[int], Any]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each of `count` calls. The CPU time is this process's
    (client and app together, every thread), which other work on the machine barely changes."""
    wall, cpu = [], []
    for n in range(count):
        began, began_cpu = time.perf_counter(), time.process_time()
        call(n)
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return wall, cpu


def size(url: str) -> int:
    """Bytes the database takes on disk (a SQLite file with its WAL, or pg_database_size)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


@contextlib.contextmanager
def settings(url: str, folder: str) -> Iterator[None]:
    """Point the app's settings at `url` for the block."""
    os.environ.update(STS_DATABASE_URL=url, STS_DATA_DIR=folder, STS_LOG_LEVEL="warning")
    get_settings.cache_clear()
    try:
        yield
    finally:
        get_settings.cache_clear()


def run(engine: str, url: str, folder: str, courses: int, samples: int) -> dict[str, Any]:
    """Fill one database and time the three operations on it."""
    db = Database(make_engine(url))
    upgrade(db, url)
    accounts.add_user(db, "bench", "clinician", PASSWORD)
    token = accounts.add_token(db, "bench")
    began = time.perf_counter()
    made = generate(db, policy_from_settings(load_settings()), courses,
                    dt.datetime.now(dt.UTC).date())
    fill_s = time.perf_counter() - began
    db.close()
    headers = {"Authorization": f"Bearer {token}"}
    today = dt.datetime.now(dt.UTC).date()
    result: dict[str, Any] = {"engine": engine, "made": made, "fill_s": fill_s}
    with settings(url, folder), TestClient(create_app()) as http:
        def window(n: int) -> tuple[dt.date, dt.date]:
            start = today + dt.timedelta(days=n % 28 - 7)
            return start, start + dt.timedelta(days=13)

        def due(n: int) -> None:
            start, end = window(n)
            answer = http.get("/api/v1/due", headers=headers, params={
                "from": start.isoformat(), "to": end.isoformat()})
            assert answer.status_code == 200, answer.text
            # Counted, not decoded: decoding is the client's work, timed apart below.
            result.setdefault("due_entries", []).append(answer.content.count(b'{"course_id":'))
            bodies[n % 28] = answer.content

        bodies: dict[int, bytes] = {}

        created: list[str] = []

        def create(n: int) -> None:
            body = {"patient": {"reference": f"B-{n:06d}"}, "kind": "injection",
                    "plan": SEED_INJECTION}
            answer = http.post("/api/v1/courses", json=body, headers=headers)
            assert answer.status_code == 201, answer.text
            created.append(answer.json()["id"])

        def record(n: int) -> None:
            body = {"round": 1, "status": "given", "date": "2020-05-07", "lot": "B1",
                    "expiry": "2030-01-01"}
            answer = http.post(f"/api/v1/courses/{created[n]}/records", json=body,
                               headers={**headers, "If-Match": '"1"'})
            assert answer.status_code == 201, answer.text

        for warm in (due, create, record):
            warm(0)  # first-call costs (imports, caches, connections) are not the clinic's
        created.clear()
        result["load"] = os.getloadavg()[0]
        result["due list, 14 days"] = timed(samples, due)
        result["create a course"] = timed(samples, create)
        result["add a record"] = timed(samples, record)
        result.update(parts(url, [window(n) for n in range(samples)], list(bodies.values())))
    result["size"] = size(url)
    return result


def parts(url: str, windows: list[tuple[dt.date, dt.date]], bodies: list[bytes]
          ) -> dict[str, Any]:
    """The due list's parts, each timed alone in this process: reading the index, joining its
    entries into the answer, and (the client's work, not the server's) decoding the answer."""
    db = Database(make_engine(url))
    try:
        lines: list[list[str]] = []

        def query(n: int) -> None:
            with db.reading() as session:
                lines.append(store.due(session, *windows[n]))

        measured = {"  reading the index": timed(len(windows), query)}
        measured["  joining the JSON"] = timed(len(lines), lambda n: join(lines[n]))
    finally:
        db.close()
    for body in bodies:  # every window's answer is the contract's JSON, as the entries say
        assert all(entry.keys() == ENTRY_FIELDS for entry in json.loads(body))
    measured["  client decoding"] = timed(len(windows),
                                          lambda n: json.loads(bodies[n % len(bodies)]))
    return measured


def report(result: dict[str, Any]) -> None:
    """Print one engine's figures."""
    made = result["made"]
    print(f"\n{result['engine']}: {made.courses} courses, {made.rounds} rounds, "
          f"{made.records} records, {made.audit_entries} audit entries "
          f"(filled in {result['fill_s']:.0f} s); database {result['size'] / 2**20:.1f} MiB")
    entries = result.get("due_entries", [0])
    print(f"  due list returns {min(entries)}–{max(entries)} rounds per 14 days")
    for name, target in TARGETS_MS.items():
        samples, cpu = result[name]
        worst = p95(samples)
        verdict = "ok" if worst < target else "OVER TARGET"
        print(f"  {name:<18} p50 {statistics.median(samples):7.1f} ms   p95 {worst:7.1f} ms"
              f"   CPU p50 {statistics.median(cpu):6.1f} ms p95 {p95(cpu):6.1f} ms"
              f"   (target p95 < {target:.0f} ms: {verdict})")
        if name == "due list, 14 days":
            for part in PARTS:
                samples, cpu = result[part]
                print(f"  {part:<18} p50 {statistics.median(samples):7.1f} ms   p95 "
                      f"{p95(samples):7.1f} ms   CPU p50 {statistics.median(cpu):6.1f} ms p95 "
                      f"{p95(cpu):6.1f} ms")
    print(f"  load average before the timings: {result['load']:.2f}")


def main() -> int:
    """Benchmark SQLite, then PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--postgres-url", help="a database to fill, instead of a throwaway one")
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sts-bench-") as folder:
        if args.engine in ("sqlite", "both"):
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            report(run("SQLite", url, folder, args.courses, args.samples))
        if args.engine in ("postgresql", "both"):
            if args.postgres_url:
                report(run("PostgreSQL", args.postgres_url, folder, args.courses, args.samples))
            else:
                with running_cluster(durable=True) as cluster:
                    url = cluster.create_database("bench")
                    report(run("PostgreSQL", url, folder, args.courses, args.samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
