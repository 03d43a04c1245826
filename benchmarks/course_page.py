"""The course page of the largest course allowed (2,000 records, about 4,000 audit entries), as
an admin sees it (history included): time to answer, over a few samples, and the page's size.

Run: .venv/bin/python benchmarks/course_page.py [--samples N] [--records N]
Target: under 0.5 s (issue 24). The course lives in a throwaway SQLite file.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402

from app.courses.rules import MAX_RECORDS  # noqa: E402
from app.main import create_app  # noqa: E402
from app.services import accounts  # noqa: E402
from app.settings import load_settings  # noqa: E402
from tests.largest_course import fill  # noqa: E402
from tests.pages.conftest import csrf_of, save_course  # noqa: E402

TARGET_S = 0.5
PASSWORD = "benchmark passphrase"


def main() -> None:
    """Build the course, then time its page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--records", type=int, default=MAX_RECORDS)
    parser.add_argument("--profile", action="store_true", help="print where one answer's time goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(data_dir=Path(folder) / "data",
                                 database_url=f"sqlite:///{Path(folder) / 'page.db'}")
        app = create_app(settings)
        accounts.add_user(app.state.database, "admin", "admin", PASSWORD)
        with TestClient(app, follow_redirects=False) as client:
            form = client.get("/sign-in")
            client.post("/sign-in", data={"username": "admin", "password": PASSWORD,
                                          "csrf": csrf_of(form.text), "next": "/clinic"})
            course = save_course(client, dt.date.today() - dt.timedelta(days=3))
            fill(app.state.database, course, "admin", args.records)
            client.get(f"/courses/{course}")  # warm: templates compiled, caches filled
            if args.profile:
                with cProfile.Profile() as profile:
                    client.get(f"/courses/{course}")
                pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
            times, cpu, size = [], [], 0
            for _ in range(args.samples):
                began, began_cpu = time.perf_counter(), time.process_time()
                answer = client.get(f"/courses/{course}")
                times.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
                assert answer.status_code == 200, answer.status_code
                size = len(answer.content)
        app.state.database.close()
    median, worst = statistics.median(times), max(times)
    verdict = "within" if worst < TARGET_S else "OVER"
    print(f"course page, {args.records} records: median {median * 1000:.0f} ms, "
          f"slowest {worst * 1000:.0f} ms of {args.samples} ({verdict} the {TARGET_S} s target); "
          f"CPU (this process, client included) median {statistics.median(cpu) * 1000:.0f} ms; "
          f"{size / 1024:.0f} KiB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
          "cores (a busy machine stretches the wall-clock figures, not the CPU ones)")


if __name__ == "__main__":
    main()
