"""Time the plan builders in-process: a 40-site, 26-round injection plan and a 365-day topical plan.

Run: .venv/bin/python benchmarks/plans.py [iterations]. Prints milliseconds per plan for the
computed plan (the plan services), the JSON body as the route serialises it, and the iCalendar file;
the target for each plan is under 20 ms, computed and serialised (the last two rows).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.calendar import ics  # noqa: E402
from app.contracts.plan_bodies import injection_body, json_bytes, topical_body  # noqa: E402
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest  # noqa: E402
from app.policy import PUBLISHED  # noqa: E402
from app.services.plans import plan_injection, plan_topical  # noqa: E402

TARGET_MS = 20.0

INJECTION = InjectionPlanRequest.model_validate({
    "start_date": "2025-01-06",
    "interval_days": 14,
    "patient_weight": "70 kg",
    "mix": {"diluent": "lidocaine 1%", "stock_parts": 1, "diluent_parts": 1},
    "closed_weekdays": [6, 7],
    "closed_dates": [f"2025-{month:02d}-{day:02d}" for month in range(1, 13) for day in (1, 15)],
    "sites": [
        {"name": f"lesion {i + 1}", "volume": f"{0.1 + 0.01 * i:.2f} mL", "rounds": 26}
        for i in range(40)
    ],
    "given": [{"round": 3, "date": "2025-02-05", "volumes": {"lesion 1": "0.3 mL"}}],
})
TOPICAL = TopicalPlanRequest.model_validate({
    "start_date": "2025-01-06",
    "steps": [
        {"strength": "3 % w/w", "days": 90},
        {"strength": "10 % w/w", "days": 185},
        {"strength": "25 % w/w", "days": 90},
    ],
    "applications_per_day": 2,
    "sites": [{"name": f"area {i + 1}", "area": "40 cm^2"} for i in range(10)],
    "amount_convention": "thin_layer",
})


def per_call_ms(function: Callable[[], object], iterations: int, repeats: int = 5) -> float:
    """The best of `repeats` runs, in milliseconds per call."""
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iterations):
            function()
        runs.append((time.perf_counter() - start) / iterations * 1e3)
    return min(runs)


def main() -> None:
    """Print the figures."""
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    injection = plan_injection(INJECTION, PUBLISHED)
    topical = plan_topical(TOPICAL, PUBLISHED)
    assert len(injection.visits) == 26 and len(injection.visits[0].sites) == 40
    assert topical.totals.days == 365
    rows = [
        ("injection 40 sites × 26 rounds: plan_injection",
         lambda: plan_injection(INJECTION, PUBLISHED), True),
        ("injection: JSON body, as the route sends it",
         lambda: json_bytes(injection_body(injection)), False),
        ("injection: iCalendar", lambda: ics.injection_calendar(injection, "bench", "C"), False),
        ("topical 365 days: plan_topical", lambda: plan_topical(TOPICAL, PUBLISHED), True),
        ("topical: JSON body, as the route sends it",
         lambda: json_bytes(topical_body(topical)), False),
        ("topical: iCalendar", lambda: ics.topical_calendar(topical, "bench", "C"), False),
        ("injection computed and serialised (what the route does)",
         lambda: json_bytes(injection_body(plan_injection(INJECTION, PUBLISHED))), True),
        ("topical computed and serialised (what the route does)",
         lambda: json_bytes(topical_body(plan_topical(TOPICAL, PUBLISHED))), True),
    ]
    for label, function, targeted in rows:
        ms = per_call_ms(function, iterations)
        verdict = ("OK" if ms < TARGET_MS else "SLOW") + f" (target < {TARGET_MS:g} ms)"
        print(f"{label:58s} {ms:8.2f} ms  {verdict if targeted else ''}")


if __name__ == "__main__":
    main()
