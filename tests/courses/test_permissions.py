"""The permissions table: what each role may do, read from one place."""

from __future__ import annotations

import pytest

from app.accounts.roles import PERMISSIONS, ROLES, Action, Role, may

ALLOWED = {
    Role.VIEWER: {Action.READ},
    Role.PHARMACIST: {Action.READ, Action.RECORD, Action.DISPENSE, Action.COMPOUND},
    Role.CLINICIAN: {Action.READ, Action.WRITE_COURSES, Action.RECORD, Action.RECORD_ROUND,
                     Action.DISPENSE, Action.REVIEW},
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
