"""The course page's FHIR link in a real Chromium against a real uvicorn: a signed-in viewer
downloads the course as a FHIR R4 Bundle, from an address that names no patient."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.servers import clinic_server
from tests.seed import SEED_INJECTION

pytestmark = pytest.mark.browser

PASSWORD = "a long clinic password"
PATIENT = {"reference": "K0047116", "name": "Philippa Quennell-Arbuthnot",
           "birth_date": "1948-06-30"}


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A uvicorn on its own SQLite file holding a viewer's account and one injection course."""
    users = {"watcher": "viewer", "nurse": "clinician"}
    with clinic_server(tmp_path_factory.mktemp("fhir-clinic"), users, PASSWORD,
                       "nurse") as (base, api):
        made = api.post("/api/v1/courses", json={
            "patient": PATIENT, "kind": "injection", "plan": SEED_INJECTION})
        assert made.status_code == 201, made.text
        yield {"url": base, "course": made.json()["id"]}


def test_a_viewer_downloads_the_course_as_a_fhir_bundle(
    page: Any, clinic: dict[str, Any], tmp_path: Path
) -> None:
    base, course = clinic["url"], clinic["course"]
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(base + "/sign-in")
    page.get_by_label("User name").fill("watcher")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/clinic")
    page.goto(f"{base}/courses/{course}")
    with page.expect_download() as caught:
        page.get_by_role("link", name="FHIR", exact=True).click()
    download = caught.value
    assert download.suggested_filename == "sts-course-fhir.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    bundle = json.loads(saved.read_text(encoding="utf-8"))
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    patient = bundle["entry"][0]["resource"]
    assert patient["identifier"][0]["value"] == PATIENT["reference"]
    assert download.url == f"{base}/courses/{course}/fhir"
    for url in urls:
        assert not any(word in url for word in PATIENT.values()), url
