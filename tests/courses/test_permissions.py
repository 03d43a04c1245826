"""The permissions table: what each role may do, read from one place."""

from __future__ import annotations

import pytest

from app.accounts.roles import PERMISSIONS, ROLES, Action, Role, may, may_strike

ALLOWED = {
    Role.VIEWER: {Action.READ},
    Role.PHARMACIST: {Action.READ, Action.RECORD, Action.DISPENSE, Action.COMPOUND,
                      Action.STRIKE},
    Role.CLINICIAN: {Action.READ, Action.WRITE_COURSES, Action.STRIKE, Action.RECORD,
                     Action.RECORD_ROUND, Action.DISPENSE, Action.REVIEW},
    Role.ADMIN: set(Action),
}


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [(role, action, action in ALLOWED[role]) for role in Role for action in Action],
)
def test_each_role_may_do_exactly_its_actions(role: Role, action: Action, allowed: bool) -> None:
    assert may(role, action) is allowed
    assert may(str(role), action) is allowed  # the role as stored: a plain string


def test_an_unknown_role_may_do_nothing() -> None:
    assert not any(may("nurse", action) for action in Action)


def test_every_role_is_in_the_table_and_the_strings_are_the_contract_s() -> None:
    assert set(PERMISSIONS) == set(ROLES) == set(Role)
    assert sorted(ROLES) == ["admin", "clinician", "pharmacist", "viewer"]


@pytest.mark.parametrize(
    ("role", "status", "by", "allowed"),
    [
        ("pharmacist", "dispensed", "me", True),  # their own dispensing record
        ("pharmacist", "dispensed", "someone", False),  # another's
        ("pharmacist", "reviewed", "me", False),  # not a review, even their own
        ("pharmacist", "given", "me", False),  # nor a round
        ("viewer", "dispensed", "me", False),
        ("clinician", "reviewed", "someone", True),
        ("admin", "given", "someone", True),
    ],
)
def test_who_may_strike_which_record(role: str, status: str, by: str, allowed: bool) -> None:
    assert may_strike(role, "me", status, by) is allowed
