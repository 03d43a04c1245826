"""Render the PDFs the robustness issue names, in-process, and print each one's time, size and
status (a refused PDF is a 4xx with its reason). Target: the 9-month topical calendar < 0.5 s.
Usage: .venv/bin/python benchmarks/pdfs.py [--repeat 3]"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.main import create_app  # noqa: E402
from app.settings import load_settings  # noqa: E402
from benchmarks.pdf_cases import CASES  # noqa: E402

PAGES = re.compile(r"^Pages:\s+(\d+)", re.MULTILINE)


def page_count(pdf: bytes) -> str:
    """The page count pdfinfo reads (WeasyPrint compresses its page objects, so no regex can)."""
    if shutil.which("pdfinfo") is None:
        return "?"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False).stdout
    match = PAGES.search(info.decode("utf-8", "replace"))
    return match.group(1) if match else "?"


def main() -> None:
    """Time each PDF once the pre-started workers are ready: the first render and the best of
    the repeats."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    started = time.perf_counter()
    with TestClient(create_app(load_settings(pdf_prestart=True))) as http:
        workers = http.app.state.pdf.started_workers(timeout=120)
        print(f"{len(workers)} PDF worker(s) pre-started, ready "
              f"{time.perf_counter() - started:.2f} s after the app began starting")
        for name, url in CASES.items():
            times, response = [], None
            for _ in range(1 + repeat):
                started = time.perf_counter()
                response = http.get(url)
                times.append(time.perf_counter() - started)
            assert response is not None
            pages = page_count(response.content) if response.status_code == 200 else "-"
            detail = (f"{len(response.content) / 1024:.0f} KiB" if response.status_code == 200
                      else response.text[:160].replace("\n", " "))
            print(f"{name}: {response.status_code}, first {times[0]:.2f} s, "
                  f"best {min(times[1:]):.2f} s, pages {pages}, {detail}")


if __name__ == "__main__":
    main()
