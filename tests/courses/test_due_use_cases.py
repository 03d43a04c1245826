"""The due list's use cases called directly: typed entries in the list's order, the clinic's
board (overdue first, the pharmacist's view), the day sheet and the export's range rule."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from app.contracts.courses import CourseIn
from app.courses.commands import new_record, validated
from app.courses.due import DueBoard
from app.courses.errors import InvalidInput
from app.policy import PUBLISHED
from app.services import courses, due
from app.services.accounts import Actor
from app.storage.engine import Database
from tests.courses.conftest import INJECTION_PLAN, TOPICAL_PLAN

CLINICIAN = Actor("nurse", "clinician")
TODAY = dt.date(2026, 1, 19)  # round 2, block 2 and review 1 fall on it


@pytest.fixture
def kept(client: TestClient, database: Database) -> dict[str, str]:
    """An injection course (H1, named) and a topical one (T1, no name): their ids by kind."""
    ids = {}
    for kind, reference, plan in (("injection", "H1", INJECTION_PLAN),
                                  ("topical", "T1", TOPICAL_PLAN)):
        patient = {"reference": reference, **({"name": "Ann Example"} if kind == "injection"
                                              else {})}
        request = validated(CourseIn, {"patient": patient, "kind": kind, "plan": plan})
        ids[kind] = courses.create_course(
            database, client.app.state.policy, CLINICIAN, request,  # type: ignore[attr-defined]
            TODAY).id
    return ids


def words(board_items: list[object]) -> list[tuple[str, str, int, str | None]]:
    """(reference, what, number, name) of each named entry."""
    return [(n.entry.reference, n.entry.what, n.entry.number, n.name)  # type: ignore[attr-defined]
            for n in board_items]


def test_the_board_puts_what_is_overdue_first_then_each_day_with_names(
    kept: dict[str, str], database: Database
) -> None:
    board = due.due_board(database, PUBLISHED, TODAY)
    assert isinstance(board, DueBoard) and (board.first, board.last) == (
        TODAY, dt.date(2026, 2, 1))
    assert words(board.overdue) == [("H1", "round", 1, "Ann Example"), ("T1", "dispense", 1, None)]
    assert [(day, words(items)) for day, items in board.days] == [(TODAY, [
        ("H1", "round", 2, "Ann Example"), ("T1", "dispense", 2, None), ("T1", "review", 1, None),
    ])]  # round 3 and review 2 (2 February) are after the two weeks


def test_the_pharmacists_view_is_the_blocks_to_dispense_this_week(
    kept: dict[str, str], database: Database, client: TestClient
) -> None:
    board = due.due_board(database, PUBLISHED, TODAY, "dispense")
    assert board.last == dt.date(2026, 1, 25)
    assert words(board.overdue) == [("T1", "dispense", 1, None)]
    assert [words(items) for _, items in board.days] == [[("T1", "dispense", 2, None)]]
    record = new_record({"status": "dispensed", "block": 1, "date": "2026-01-05",
                         "amount": "5 g", "lot": "J1", "expiry": "2027-01-01"})
    courses.add_record(database, client.app.state.policy,  # type: ignore[attr-defined]
                       CLINICIAN, kept["topical"], record, 1, TODAY)
    assert due.due_board(database, PUBLISHED, TODAY, "dispense").overdue == []


def test_the_day_sheet_adds_what_is_overdue_only_for_today(
    kept: dict[str, str], database: Database
) -> None:
    today = due.day_sheet(database, PUBLISHED, TODAY, TODAY)
    assert len(today.overdue) == 2 and [len(items) for _, items in today.days] == [3]
    earlier = due.day_sheet(database, PUBLISHED, dt.date(2026, 1, 5), TODAY)
    assert earlier.overdue == []
    assert [words(items) for _, items in earlier.days] == [[("H1", "round", 1, "Ann Example"),
                                                            ("T1", "dispense", 1, None)]]


def test_the_list_gives_typed_entries_with_their_quantities(
    kept: dict[str, str], database: Database
) -> None:
    entries = due.due_list(database, PUBLISHED, TODAY, TODAY).entries()
    round_2, block_2, review_1 = entries
    assert round_2.sites == ("elbow", "knee")
    assert round_2.visit_volume.to("mL").magnitude == pytest.approx(1.5)
    assert block_2.strength.to("mg/g").magnitude == pytest.approx(100)
    assert block_2.amount.to("g").magnitude > 0 and review_1.amount is None


@pytest.mark.parametrize(("start", "end", "said"), [
    ("2026-01-02", "2026-01-01", "got 0"),
    ("2026-01-01", "2026-04-03", "at most 92 days counting both ends; got 93"),
])
def test_a_range_backwards_or_over_92_days_is_refused_at_to(
    database: Database, start: str, end: str, said: str
) -> None:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    for call in (due.due_list, due.export):
        with pytest.raises(InvalidInput) as refused:
            call(database, PUBLISHED, first, last)
        (item,) = refused.value.errors
        assert item["loc"] == ["query", "to"] and said in item["msg"]
    assert due.export(database, PUBLISHED, first, first) == []
