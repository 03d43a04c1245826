"""The schedule of a kept course, recomputed from plan and records through the plan service."""

from __future__ import annotations

import datetime as dt

import pytest

from app.contracts.plans import InjectionPlanRequest
from app.courses.errors import InvalidInput
from app.courses.schedule import KeptRecord, injection_schedule
from app.policy import Policy, policy_from_settings
from app.services.plans import plan_injection
from app.settings import load_settings
from tests.courses.conftest import INJECTION_PLAN


@pytest.fixture(scope="module")
def policy() -> Policy:
    return policy_from_settings(load_settings())


def test_omitted_rounds_leave_the_totals_but_not_the_visits(policy: Policy) -> None:
    request = InjectionPlanRequest.model_validate(INJECTION_PLAN)
    full = plan_injection(request, policy)
    without = plan_injection(request, policy, frozenset({2}))
    assert [v.round for v in without.visits] == [1, 2, 3]
    assert [v.date for v in without.visits] == [v.date for v in full.visits]
    dropped = full.visits[1].volume
    assert without.totals.volume == full.totals.volume - dropped
    assert any("omitted round(s) 2" in line for line in without.working.lines)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_latest_deferral_stands_and_a_correction_undoes_it(policy: Policy) -> None:
    first = KeptRecord("a", "deferred", day("2026-01-09"), round=1)
    again = KeptRecord("b", "deferred", day("2026-01-12"), round=1)
    schedule = injection_schedule(INJECTION_PLAN, [first, again], policy)
    visit = schedule.body["visits"][0]
    assert (visit["date"], visit["status"], visit["record"]) == ("2026-01-12", "deferred", "b")
    assert schedule.next_due == day("2026-01-12")
    corrected = KeptRecord("b", "deferred", day("2026-01-12"), round=1, in_error=True)
    schedule = injection_schedule(INJECTION_PLAN, [first, corrected], policy)
    assert schedule.body["visits"][0]["date"] == "2026-01-09"


def test_a_given_date_before_the_previous_round_is_refused_on_the_record_date(
    policy: Policy,
) -> None:
    records = [KeptRecord("a", "given", day("2026-01-10"), round=1),
               KeptRecord("b", "given", day("2026-01-08"), round=2)]
    with pytest.raises(InvalidInput) as refused:
        injection_schedule(INJECTION_PLAN, records, policy)
    assert refused.value.errors[0]["loc"] == ["body", "date"]


def test_every_round_closed_completes_the_course(policy: Policy) -> None:
    records = [KeptRecord(str(n), "given" if n != 2 else "omitted",
                          day("2026-01-05") + dt.timedelta(days=14 * (n - 1)), round=n)
               for n in (1, 2, 3)]
    schedule = injection_schedule(INJECTION_PLAN, records, policy)
    assert schedule.complete and schedule.next_due is None and schedule.open_rounds == []
