"""The roles, and the permissions table: what each role may do. The API's dependencies
(app/api/auth.py), the pages' (app/web/csrf.py) and the course services all ask `may()`."""

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
    WRITE_COURSES = "write_courses"  # keep a new course, stop one, strike a record out
    RECORD = "record"  # send records to a course at all (which ones: the three below)
    RECORD_ROUND = "record_round"  # an injection round given, deferred or omitted
    DISPENSE = "dispense"  # a topical block dispensed
    REVIEW = "review"  # a topical course's clinic review held
    COMPOUND = "compound"  # a preparation made for a course, or checked by a second person
    READ_AUDIT = "read_audit"
    ADMIN_ACCOUNTS = "admin_accounts"


_CLINICAL = frozenset({Action.READ, Action.WRITE_COURSES, Action.RECORD, Action.RECORD_ROUND,
                       Action.DISPENSE, Action.REVIEW})
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.READ}),
    Role.PHARMACIST: frozenset({Action.READ, Action.RECORD, Action.DISPENSE, Action.COMPOUND}),
    Role.CLINICIAN: _CLINICAL,
    Role.ADMIN: frozenset(Action),
}
ROLES: frozenset[Role] = frozenset(Role)


def may(role: str, action: Action) -> bool:
    """True when `role` holds `action` (an unknown role holds none)."""
    return action in PERMISSIONS.get(role, frozenset())  # type: ignore[call-overload]
