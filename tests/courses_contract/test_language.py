"""The patient's language on a kept course (SQLite): returned as sent, an unknown one refused
naming the languages there are, and the course's patient printouts and calendar file in it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.courses_contract.conftest import open_clinic
from tests.courses_contract.harness import API, NAME, SEED_PLAN, Clinic, reference
from tests.databases import ready_database


@pytest.fixture(scope="module")
def clinic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Clinic]:
    """One app on a SQLite file for this module."""
    folder: Path = tmp_path_factory.mktemp("clinic-language")
    with open_clinic(ready_database("sqlite", request, folder), folder) as shared:
        yield shared


def create(clinic: Clinic, **patient: Any) -> Any:
    body = {"patient": {"reference": reference(), "name": NAME, **patient},
            "kind": "injection", "plan": SEED_PLAN}
    return clinic.http.post(f"{API}/courses", json=body, headers=clinic.auth("clinician"))


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_course_keeps_the_patient_s_language_as_sent(clinic: Clinic, language: str) -> None:
    response = create(clinic, language=language)
    assert response.status_code == 201, response.text
    assert response.json()["patient"]["language"] == language
    again = clinic.get(response.json()["id"])
    assert again.json()["patient"]["language"] == language


def test_a_course_without_a_language_returns_none(clinic: Clinic) -> None:
    response = create(clinic)
    assert response.status_code == 201
    assert "language" not in response.json()["patient"]


@pytest.mark.parametrize("language", ["de", "IT", "it-IT", "", " it", "italiano", 7, ["it"]])
def test_an_unknown_language_is_a_422_naming_the_languages_there_are(
    clinic: Clinic, language: Any
) -> None:
    response = create(clinic, language=language)
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "patient", "language"]
    assert "must be one of the languages there are: 'en' or 'it'" in error["msg"]
    assert NAME not in response.text
