"""A topical course's page says how to apply it and links each block's worksheet and label
(issue 22)."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from tests.pages.conftest import PATIENT_NAME, save_plan

Browser = Callable[[str], TestClient]
START = dt.date.today() - dt.timedelta(days=3)


def _query(per_day: int, amount: list[tuple[str, str]]) -> str:
    return urlencode([
        ("start_date", START.isoformat()), ("step_strength", "3 % w/w"), ("step_days", "21"),
        ("step_strength", "10 % w/w"), ("step_days", "14"),
        ("applications_per_day", str(per_day)),
        ("site_name", "left forearm"), ("site_area", "50 cm^2"),
        ("site_name", "right shin"), ("site_area", "150 cm^2"), *amount,
    ])


def _links(html_text: str, record: str) -> list[str]:
    found = re.findall(rf'href="(/pharmacy/records/{record}\?[^"]+)"', html_text)
    return [html.unescape(u) for u in found]


def _section(page: str) -> str:
    return page.split('id="apply-h"', 1)[1].split("</section>", 1)[0]


def _cells(section: str) -> list[list[str]]:
    body = section.split("<tbody>", 1)[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in body.split("</tr>") if "<td" in row]


@pytest.mark.parametrize(("per_day", "amount", "total", "sites", "often"), [
    # 10 mg/cm² over 200 cm²: 2 g, shared 50:150.
    (1, [("amount_mode", "convention"), ("amount_convention", "thin_layer")], "2 g",
     [["left forearm", "50 cm²", "500 mg"], ["right shin", "150 cm²", "1.5 g"]],
     "1 time a day</strong>, under an occlusive dressing; the dressing is changed at every "
     "application (1 change a day)"),
    # A total for all sites together is shared by area too.
    (2, [("amount_mode", "per_application"), ("amount", "0.8 g")], "800 mg",
     [["left forearm", "50 cm²", "200 mg"], ["right shin", "150 cm²", "600 mg"]],
     "2 times a day</strong>, under an occlusive dressing; the dressing is changed at every "
     "application (2 changes a day)"),
])
def test_the_page_says_how_to_apply_per_site_and_in_total(
    browser: Browser, per_day: int, amount: list[tuple[str, str]], total: str,
    sites: list[list[str]], often: str,
) -> None:
    nurse = browser("clinician")
    course = save_plan(nurse, "topical", _query(per_day, amount), "T7654321", PATIENT_NAME,
                       "1950-01-02")
    section = _section(browser("viewer").get(f"/courses/{course}").text)
    assert f"<strong>{total} of preparation per application</strong>, all sites together " \
           "(200 cm²)" in section
    assert often in section
    assert _cells(section) == sites


def test_each_block_links_its_worksheet_and_label_at_its_strength_and_amount(
    browser: Browser,
) -> None:
    nurse = browser("clinician")
    query = _query(1, [("amount_mode", "convention"), ("amount_convention", "thin_layer")])
    course = save_plan(nurse, "topical", query, "T7654322", PATIENT_NAME, "1950-01-02")
    page = browser("pharmacist").get(f"/courses/{course}").text
    blocks = page.split('id="blocks-h"', 1)[1].split("</table>", 1)[0]
    worksheets = _links(blocks, "compounding")
    labels = _links(blocks, "label")
    rows = blocks.count("<tr>") - 1  # less the header row
    assert len(worksheets) == len(labels) == rows >= 2
    first_row = blocks.split("</tr>")[1]
    planned = re.search(r'data-label="To dispense">([^<]+)<', first_row)
    assert planned is not None
    pharmacist = browser("pharmacist")
    assert "strength=30.0+mg%2Fg" in worksheets[0] and "strength=100.0+mg%2Fg" in worksheets[-1]
    sheet = pharmacist.get(worksheets[0])
    assert sheet.status_code == 200 and "Fill in the record" in sheet.text
    label = pharmacist.get(labels[0])
    assert label.status_code == 200
    assert "Sodium thiosulfate 3 % w/w topical preparation" in label.text
    # The block's amount as the plan gives it.
    words = " ".join(re.sub(r"<[^>]+>", " ", label.text).split())
    assert f"Quantity: {planned.group(1).strip()} ·" in words
    assert "Sodium thiosulfate 10 % w/w" in pharmacist.get(labels[-1]).text
