"""The roles and the permissions each holds, as the courses contract lists them."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    """One thing an account may be allowed to do."""

    READ_COURSES = "read_courses"
    WRITE_COURSES = "write_courses"
    DISPENSE = "dispense"
    MANAGE_ACCOUNTS = "manage_accounts"
    READ_AUDIT = "read_audit"


ROLES: dict[str, frozenset[Permission]] = {
    "viewer": frozenset({Permission.READ_COURSES}),
    "pharmacist": frozenset({Permission.READ_COURSES, Permission.DISPENSE}),
    "clinician": frozenset(
        {Permission.READ_COURSES, Permission.WRITE_COURSES, Permission.DISPENSE}
    ),
    "admin": frozenset(Permission),
}


def may(role: str, permission: Permission) -> bool:
    """True when `role` holds `permission` (an unknown role holds none)."""
    return permission in ROLES.get(role, frozenset())
