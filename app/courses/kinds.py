"""The words a kept course is made of, each defined once: its kind, its status, and the status of
each record. They are StrEnums, so the JSON and the database carry the same strings as before."""

from __future__ import annotations

from enum import StrEnum


class CourseKind(StrEnum):
    """What a course plans: injection rounds, or a topical preparation's blocks and reviews."""

    INJECTION = "injection"
    TOPICAL = "topical"


class CourseStatus(StrEnum):
    """Where a course stands: open, stopped by someone, or with nothing left to do."""

    ACTIVE = "active"
    STOPPED = "stopped"
    COMPLETED = "completed"


class RecordStatus(StrEnum):
    """What a record says happened: at an injection round, a topical block or a review."""

    GIVEN = "given"
    DEFERRED = "deferred"
    OMITTED = "omitted"
    DISPENSED = "dispensed"
    REVIEWED = "reviewed"


# A round of an injection course with no record that fixes or moves it.
PLANNED = "planned"
# The round states that still leave a round to give (a deferred round is given later).
OPEN_ROUND = frozenset({PLANNED, RecordStatus.DEFERRED})
# The records that settle a round for good: it was given, or it will not be.
FIXES_ROUND = frozenset({RecordStatus.GIVEN, RecordStatus.OMITTED})
