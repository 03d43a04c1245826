"""The roles, and the permissions table: what each role may do. The API's dependencies
(app/api/auth.py), the pages' (app/web/accounts/access.py) and the course services all ask
`may()`."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """An account's role, as the courses contract lists them."""

    ADMIN = "admin"
    CLINICIAN = "clinician"
    PHARMACIST = "pharmacist"
    VIEWER = "viewer"


class Action(StrEnum):
    """One thing an account may be allowed to do."""

    READ = "read"  # courses, their records and the due list
    WRITE_COURSES = "write_courses"  # keep a new course, stop one, strike any record out
    STRIKE = "strike"  # strike records out at all (which ones: may_strike below)
    RECORD = "record"  # send records to a course at all (which ones: the three below)
    RECORD_ROUND = "record_round"  # an injection round given, deferred or omitted
    DISPENSE = "dispense"  # a topical block dispensed
    REVIEW = "review"  # a topical course's clinic review held
    COMPOUND = "compound"  # a preparation made for a course, or checked by a second person
    READ_AUDIT = "read_audit"
    ADMIN_ACCOUNTS = "admin_accounts"


_CLINICAL = frozenset({Action.READ, Action.WRITE_COURSES, Action.STRIKE, Action.RECORD,
                       Action.RECORD_ROUND, Action.DISPENSE, Action.REVIEW})
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.READ}),
    Role.PHARMACIST: frozenset({Action.READ, Action.RECORD, Action.DISPENSE, Action.COMPOUND,
                                Action.STRIKE}),
    Role.CLINICIAN: _CLINICAL,
    Role.ADMIN: frozenset(Action),
}
ROLES: frozenset[Role] = frozenset(Role)


def may(role: str, action: Action) -> bool:
    """True when `role` holds `action` (an unknown role holds none)."""
    return action in PERMISSIONS.get(role, frozenset())  # type: ignore[call-overload]


# The one record kind an account without WRITE_COURSES may strike out, and only its own.
OWN_STRIKABLE = "dispensed"


def may_strike(role: str, username: str, status: str, by: str) -> bool:
    """True when `role` may mark this record (its status and who recorded it) entered in error:
    any record with WRITE_COURSES, else only a dispensing record the account itself made."""
    if may(role, Action.WRITE_COURSES):
        return True
    return may(role, Action.STRIKE) and status == OWN_STRIKABLE and by == username
