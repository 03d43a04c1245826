"""A synthetic clinic for benchmarks: active injection courses and their records, written in bulk
with the course service's own schedule, due index rows and an unbroken audit chain.

Run: .venv/bin/python benchmarks/generate.py URL [--courses N] (benchmarks/courses.py and
tests/courses_contract/test_generate.py import `generate` from here). It lives with the benchmarks,
not in app/storage, because it builds courses through the course schedule: the storage package
imports no layer above it."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.accounts.secrets import new_id  # noqa: E402
from app.courses.due import due_rows, judged_under  # noqa: E402
from app.courses.kinds import CourseKind, CourseStatus, RecordStatus  # noqa: E402
from app.courses.schedule import schedule  # noqa: E402
from app.policy import Policy, policy_from_settings  # noqa: E402
from app.services.course_rows import kept as as_kept  # noqa: E402
from app.settings import load_settings  # noqa: E402
from app.storage.audit import entry_hash  # noqa: E402
from app.storage.engine import Database, make_engine  # noqa: E402
from app.storage.models import AuditEntry, AuditHead, Course, DueRow, Record  # noqa: E402
from app.storage.schema import upgrade  # noqa: E402

ROUNDS = 12  # per course: 5,000 courses make 60,000 rounds
INTERVAL = 14
BATCH = 250  # courses per transaction: small enough to keep each commit short
SITES = ("right middle MCP", "left middle MCP", "right index DIP", "left index DIP",
         "right elbow", "left elbow", "right knee", "left heel")
AUTHOR = "generator"  # the name in `created.by`, `records[].by` and the audit's `by`


@dataclass
class Made:
    """What a run wrote."""

    courses: int = 0
    rounds: int = 0
    records: int = 0
    audit_entries: int = 0


def plan_for(rng: random.Random, start: dt.date) -> dict[str, Any]:
    """An injection plan of 1–4 sites whose last round is round ROUNDS."""
    names = rng.sample(SITES, rng.randint(1, 4))
    sites: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        first = 1 if index == 0 else rng.randint(1, 6)
        volume = f"{rng.choice((0.25, 0.5, 0.75, 1.0, 1.25)):.2f} mL"
        site = {"name": name, "volume": volume, "rounds": ROUNDS - first + 1}
        if first > 1:
            site["first_round"] = first
        sites.append(site)
    return {"start_date": start.isoformat(), "interval_days": INTERVAL, "sites": sites}


def records_for(rng: random.Random, plan: dict[str, Any], today: dt.date) -> list[Record]:
    """What a clinic would have recorded so far: past rounds given on the day, a few omitted,
    and now and then the next round deferred by a few days."""
    start = dt.date.fromisoformat(plan["start_date"])
    made: list[Record] = []
    for number in range(1, ROUNDS + 1):
        planned = start + dt.timedelta(days=INTERVAL * (number - 1))
        if planned >= today:
            if rng.random() < 0.1:
                made.append(_record(number, RecordStatus.DEFERRED, planned + dt.timedelta(days=3),
                                    reason="patient away"))
            break
        if rng.random() < 0.05:
            made.append(_record(number, RecordStatus.OMITTED, planned, reason="declined"))
        else:
            treated = [s for s in plan["sites"]
                       if s.get("first_round", 1) <= number < s.get("first_round", 1) + s["rounds"]]
            made.append(_record(number, RecordStatus.GIVEN, planned,
                                lot=f"L{rng.randint(1000, 9999)}",
                                expiry=today + dt.timedelta(days=365),
                                volumes={s["name"]: s["volume"] for s in treated}))
    for position, record in enumerate(made, start=1):
        record.position = position
    return made


def _record(number: int, status: str, day: dt.date, **fields: Any) -> Record:
    return Record(id=new_id(), status=status, round=number, date=day, by=AUTHOR,
                  at=dt.datetime.now(dt.UTC), **fields)


class Chain:
    """The audit chain's head, advanced entry by entry as the audit module does it."""

    def __init__(self, session: Session) -> None:
        head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
        self.head = head
        self.seq, self.hash = head.seq, head.hash
        self.rows: list[dict[str, Any]] = []

    def add(self, action: str, course_id: str, detail: dict[str, Any]) -> None:
        """Append one entry to the pending rows."""
        at = dt.datetime.now(dt.UTC)
        self.seq += 1
        digest = entry_hash(self.seq, at, AUTHOR, action, course_id, detail, self.hash)
        self.rows.append({"seq": self.seq, "at": at, "by": AUTHOR, "action": action,
                          "course_id": course_id, "detail": detail, "prev_hash": self.hash,
                          "hash": digest})
        self.hash = digest


def _write_batch(
    db: Database, policy: Policy, rng: random.Random, today: dt.date, count: int, made: Made
) -> None:
    judged = judged_under(policy)
    with db.writing() as session:
        chain = Chain(session)
        courses: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        due: list[dict[str, Any]] = []
        for _ in range(count):
            # Never before the last round is due: every course stays active.
            start = today - dt.timedelta(days=rng.randint(0, INTERVAL * (ROUNDS - 1) - 1))
            plan = plan_for(rng, start)
            kept = records_for(rng, plan, today)
            current = schedule(CourseKind.INJECTION, plan, [as_kept(r, None) for r in kept], policy)
            course_id, reference = new_id(), f"G-{rng.randrange(10**8):08d}"
            status = CourseStatus.COMPLETED if current.complete else CourseStatus.ACTIVE
            courses.append({
                "id": course_id, "version": 1 + len(kept), "kind": CourseKind.INJECTION,
                "status": status, "patient_reference": reference,
                "patient": {"reference": reference}, "plan": plan,
                "next_due": current.next_due, "created_by": AUTHOR,
                "created_at": dt.datetime.now(dt.UTC),
            })
            chain.add("course.created", course_id, {"kind": CourseKind.INJECTION, "version": 1})
            for version, record in enumerate(kept, start=2):
                records.append({c.key: getattr(record, c.key) for c in Record.__table__.columns
                                if c.key != "course_id"} | {"course_id": course_id})
                chain.add("record.added", course_id, {
                    "record_id": record.id, "status": record.status, "number": record.round,
                    "version": version,
                    "course_status": status if version == 1 + len(kept) else CourseStatus.ACTIVE})
            due.extend({"course_id": course_id, "what": what, "number": number, "date": day,
                        "patient_reference": reference, "line": line, "policy": judged}
                       for what, number, day, line in due_rows(course_id, reference, status,
                                                               current))
            made.rounds += len(current.body["visits"])
        _insert(session, Course, courses)
        _insert(session, Record, records)
        _insert(session, DueRow, due)
        _insert(session, AuditEntry, chain.rows)
        chain.head.seq, chain.head.hash = chain.seq, chain.hash
        made.courses += len(courses)
        made.records += len(records)
        made.audit_entries += len(chain.rows)


def _insert(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), list(rows))


def generate(db: Database, policy: Policy, courses: int, today: dt.date, seed: int = 8) -> Made:
    """Write `courses` injection courses (ROUNDS rounds each) with their records so far."""
    rng = random.Random(seed)
    made = Made()
    while made.courses < courses:
        _write_batch(db, policy, rng, today, min(BATCH, courses - made.courses), made)
    return made


def main(argv: Sequence[str] | None = None) -> int:
    """`python benchmarks/generate.py URL [--courses N]`: fill a database for a benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url", help="the database URL (SQLite or PostgreSQL)")
    parser.add_argument("--courses", type=int, default=5000)
    args = parser.parse_args(argv)
    db = Database(make_engine(args.url))
    try:
        upgrade(db, args.url)
        policy = policy_from_settings(load_settings())
        made = generate(db, policy, args.courses, dt.datetime.now(dt.UTC).date())
    finally:
        db.close()
    print(f"{made.courses} courses, {made.rounds} rounds, {made.records} records, "
          f"{made.audit_entries} audit entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
