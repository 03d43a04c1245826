"""The course use cases called directly with typed commands: they answer with domain objects,
and a stale expected_version is refused before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from app.contracts.courses import CourseIn, ReasonIn
from app.courses.commands import new_record, validated
from app.courses.errors import Forbidden, InvalidInput, PreconditionFailed
from app.courses.kinds import CourseKind, CourseStatus, RecordStatus
from app.courses.views import CourseView
from app.services import courses
from app.services.accounts import Actor
from app.storage.engine import Database
from tests.courses.conftest import INJECTION_PLAN, TOPICAL_PLAN

CLINICIAN = Actor("nurse", "clinician")
PHARMACIST = Actor("pharma", "pharmacist")
TODAY = dt.date(2026, 3, 1)


def _course(database: Database, client: TestClient, kind: str = "injection") -> CourseView:
    request = validated(CourseIn, {
        "patient": {"reference": "H1"}, "kind": kind,
        "plan": INJECTION_PLAN if kind == "injection" else TOPICAL_PLAN,
    })
    return courses.create_course(database, client.app.state.policy,  # type: ignore[attr-defined]
                                 CLINICIAN, request, TODAY)


def test_a_typed_command_answers_the_course_as_an_object(
    client: TestClient, database: Database
) -> None:
    created = _course(database, client)
    assert isinstance(created, CourseView)
    assert (created.version, created.kind, created.status) == (1, CourseKind.INJECTION,
                                                               CourseStatus.ACTIVE)
    assert created.plan == INJECTION_PLAN and created.records == ()
    command = new_record({"status": "given", "round": 1, "date": "2026-01-05",
                          "volumes": {"elbow": " 1.5 mL "}, "lot": "L1",
                          "expiry": "2027-01-01"})
    after = courses.add_record(database, client.app.state.policy,  # type: ignore[attr-defined]
                               CLINICIAN, created.id, command, 1, TODAY)
    assert after.version == 2
    (record,) = after.records
    assert record.status == RecordStatus.GIVEN and record.round == 1
    assert record.volumes == {"elbow": "1.5 mL"}  # the text as written, trimmed
    assert not record.in_error
    assert after.schedule.body["visits"][0]["status"] == "given"


def test_a_stale_expected_version_is_refused_and_writes_nothing(
    client: TestClient, database: Database
) -> None:
    created = _course(database, client)
    policy = client.app.state.policy  # type: ignore[attr-defined]
    with pytest.raises(PreconditionFailed, match='version "1"'):
        courses.stop_course(database, policy, CLINICIAN, created.id,
                            ReasonIn(reason="finished"), expected_version=7)
    assert courses.get_course(database, policy, CLINICIAN, created.id).version == 1
    stopped = courses.stop_course(database, policy, CLINICIAN, created.id,
                                  ReasonIn(reason="finished"), expected_version=1)
    assert stopped.status == CourseStatus.STOPPED and stopped.stopped is not None
    assert stopped.stopped.reason == "finished"


def test_the_permissions_table_decides_what_a_pharmacist_may_record(
    client: TestClient, database: Database
) -> None:
    policy = client.app.state.policy  # type: ignore[attr-defined]
    injection = _course(database, client)
    with pytest.raises(Forbidden):
        courses.write_target(database, PHARMACIST, injection.id, recording=True)
    topical = _course(database, client, "topical")
    assert courses.write_target(database, PHARMACIST, topical.id, recording=True) == 1
    review = new_record({"status": "reviewed", "review": 1, "date": "2026-01-05"})
    with pytest.raises(Forbidden):
        courses.add_record(database, policy, PHARMACIST, topical.id, review, 1, TODAY)


def test_a_command_that_does_not_validate_is_refused_in_the_api_shape() -> None:
    with pytest.raises(InvalidInput) as refused:
        new_record({"status": "given", "round": 0, "date": "5 Jan"})
    locations = [item["loc"] for item in refused.value.errors]
    assert ["body", "round"] in locations and ["body", "date"] in locations


def test_a_kept_course_is_checked_for_its_own_patient_s_age(client, tokens) -> None:
    """The patient's birth date on the course reaches the plan's checks (issue 23): a child's
    lidocaine figure, not a caution asking for the age."""
    from tests.courses.conftest import INJECTION_PLAN, auth

    plan = {**INJECTION_PLAN, "patient_weight": "20 kg",
            "mix": {"stock": "250 mg/mL", "stock_basis": "pentahydrate",
                    "diluent": "lidocaine 1%", "stock_parts": 1, "diluent_parts": 1}}

    def codes(patient: dict) -> set[str]:
        body = {"patient": patient, "kind": "injection", "plan": plan}
        made = client.post("/api/v1/courses", json=body, headers=auth(tokens["clinician"]))
        assert made.status_code == 201, made.text
        schedule = made.json()["schedule"]
        return {c["code"] for c in schedule.get("cautions", [])} | {
            w["code"] for w in schedule["warnings"]}

    assert "lidocaine_age_not_given" in codes({"reference": "C-1"})
    child = codes({"reference": "C-2", "birth_date": "2021-06-01"})
    assert "lidocaine_age_not_given" not in child
