"""Time the pharmacy records in-process: the BUD core, POST /api/v1/beyond-use, the compounding
worksheet page, and the worksheet and label PDFs.

Run: .venv/bin/python benchmarks/pharmacy_records.py [iterations]. Prints the best of five runs
per call, wall clock and this process's CPU time (the steadier figure on a shared machine).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BODY = {"preparation": "sterile", "category": "1", "storage": "refrigerator",
        "prepared": "2025-01-06T09:30",
        "components": [{"name": "STS 250 mg/mL", "expiry": "2026-01-01"},
                       {"name": "sodium chloride 0.9 %", "expiry": "2025-01-06"}]}
WORKSHEET = ("/pharmacy/records/compounding?record=pagnini-2013-topical-3-then-10-step-2"
             "&quantity=100 g&powder=anhydrous&bud=aqueous-unpreserved&compounded=2025-01-06"
             "&c_expiry=2025-06-01&c_expiry=2025-01-10&powder_mass=6.37 g&total=100 g")
LABEL = ("/pharmacy/records/label.pdf?record=baumgartner-4weekly-4x-150-dilution&quantity=10 mL"
         "&bud=1-refrigerator&beyond_use=2025-01-07T09:00&batch=B-1")


def best(function: Callable[[], object], iterations: int, repeats: int = 5) -> str:
    """The best of `repeats` runs, per call, in ms: wall clock and CPU time."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(iterations):
            function()
        walls.append((time.perf_counter() - wall) / iterations * 1e3)
        cpus.append((time.process_time() - cpu) / iterations * 1e3)
    return f"{min(walls):8.3f} ms wall, {min(cpus):8.3f} ms CPU"


def main(iterations: int) -> None:
    """Print one line per measured operation."""
    warnings.simplefilter("ignore")
    logging.disable(logging.INFO)
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.pharmacy.beyond_use import Category, Component, Storage, sterile

    parts = [Component("STS", dt.date(2026, 1, 1)), Component("saline", dt.date(2025, 1, 6))]
    prepared = dt.datetime(2025, 1, 6, 9, 30)
    with TestClient(create_app()) as http:
        rows = {
            "BUD core (sterile, 2 components)": (lambda: sterile(
                Category.CATEGORY_1, Storage.REFRIGERATOR, prepared, parts), iterations * 10),
            "POST /api/v1/beyond-use": (lambda: http.post("/api/v1/beyond-use", json=BODY),
                                        iterations),
            "GET compounding worksheet (HTML)": (lambda: http.get(WORKSHEET), iterations // 4),
            "GET compounding worksheet (PDF)": (
                lambda: http.get(WORKSHEET.replace("compounding?", "compounding.pdf?")), 2),
            "GET label (PDF, 100 × 50 mm)": (lambda: http.get(LABEL), 2),
        }
        http.get(LABEL)  # the first PDF imports WeasyPrint: not part of any measured call
        for name, (call, count) in rows.items():
            print(f"{name:36} {best(call, max(count, 1))}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
