"""A seven-site course saved through the pages, and a PDF's pages and text as poppler reads them."""

from __future__ import annotations

import datetime as dt
import subprocess
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from tests.pages.conftest import PATIENT_NAME, save_plan

SEVEN_SITES = [f"left forearm lesion {n}" for n in range(1, 8)]
TEN_SITES = [*SEVEN_SITES, "right knee", "left heel", "right elbow"]


def seven_site_query(start: dt.date, rounds: int = 3, sites: list[str] = SEVEN_SITES) -> str:
    """An injection plan of seven sites (or `sites`), each 0.5 mL, every round."""
    pairs: list[tuple[str, str | int]] = [("start_date", start.isoformat()),
                                          ("interval_days", 14)]
    for name in sites:
        pairs += [("site_name", name), ("site_volume", "0.5 mL"), ("site_rounds", rounds),
                  ("site_first_round", 1)]
    return urlencode(pairs)


def seven_site_course(client: TestClient, start: dt.date) -> str:
    """The seven-site plan kept as a course; its id."""
    return save_plan(client, "injection", seven_site_query(start), "H7654321", PATIENT_NAME,
                     "1951-03-04")


def pdf_pages(pdf: bytes) -> int:
    """How many pages pdfinfo counts."""
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True,  # noqa: S603, S607
                          check=True)
    line = next(x for x in done.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def pdf_words(pdf: bytes) -> str:
    """The PDF's text, whitespace collapsed."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S603, S607
                          input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())
