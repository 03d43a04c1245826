"""What the tamper-evident audit costs (issue 24): the row-state hash a write takes, for a course
of a few records and for one at the 2,000-record bound, and `audit verify` over the whole trail.

Run: .venv/bin/python benchmarks/audit_seal.py [--records N] [--samples N]
SQLite in a temporary folder. Prints the median and p95 of each, in milliseconds."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.accounts.secrets import new_id  # noqa: E402
from app.contracts.courses import CourseIn, ReasonIn  # noqa: E402
from app.policy import PUBLISHED  # noqa: E402
from app.services import accounts, courses  # noqa: E402
from app.settings import load_settings  # noqa: E402
from app.storage import audit_check  # noqa: E402
from app.storage.lifetime import open_database  # noqa: E402
from app.storage.models import Record  # noqa: E402
from app.storage.row_state import state_hash  # noqa: E402

PLAN = {"start_date": "2026-01-05", "interval_days": 14,
        "sites": [{"name": "elbow", "volume": "1 mL", "rounds": 3}]}


def timed(samples: int, call: object) -> tuple[float, float]:
    """Median and p95 of `samples` calls, in ms."""
    seen = []
    for _ in range(samples):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        seen.append((time.perf_counter() - start) * 1000)
    seen.sort()
    return statistics.median(seen), seen[int(0.95 * (len(seen) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(data_dir=Path(folder), database_url=None)
        db = open_database(settings)
        accounts.add_user(db, "bench", "clinician", "correct horse battery")
        actor = accounts.Actor("bench", "clinician")
        request = CourseIn.model_validate({"patient": {"reference": "B-1"}, "kind": "injection",
                                           "plan": PLAN})
        small = courses.create_course(db, PUBLISHED, actor, request, dt.date(2026, 12, 6)).id
        large = courses.create_course(db, PUBLISHED, actor, request, dt.date(2026, 12, 6)).id
        with db.writing() as session:  # a course at the bound, written straight to its table
            for position in range(1, args.records + 1):
                session.add(Record(
                    id=new_id(), course_id=large, position=position, status="deferred",
                    round=1, date=dt.date(2026, 1, 5), reason="bench", by="bench",
                    at=dt.datetime.now(dt.UTC)))
        # One write through the use case, so the trail's last entry for it matches its rows.
        courses.stop_course(db, PUBLISHED, actor, large,
                            ReasonIn.model_validate({"reason": "bench"}), None)
        for name, course in (("a course of 0 records", small),
                             (f"a course of {args.records} records", large)):
            with db.reading() as session:
                median, p95 = timed(args.samples, lambda c=course: state_hash(session, c))
            print(f"row-state hash, {name:<26} p50 {median:7.2f} ms   p95 {p95:7.2f} ms")
        for _ in range(200):
            courses.get_course(db, PUBLISHED, actor, small)  # 200 more audit entries
        with db.reading() as session:
            median, p95 = timed(5, lambda: audit_check.verify(session, db.seal))
            count = audit_check.verify(session, db.seal).entries
        print(f"audit verify, {count} entries, 2 courses   p50 {median:7.2f} ms   "
              f"p95 {p95:7.2f} ms")
        db.close()


if __name__ == "__main__":
    main()
