"""One reference, one patient: how names are compared, and which kept details a new course
contradicts. The same fold makes the search's name key, so both read a name alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypedDict

from app.courses.errors import Conflict

FIELDS = ("name", "birth_date")


class MismatchItem(TypedDict):
    """One field that differs from the kept courses, as the 409 lists it."""

    type: str
    loc: list[str]  # ["body", "patient", field]
    msg: str
    courses: list[str]  # the ids of the courses that say otherwise


def fold(text: str) -> str:
    """Text as names are compared: Unicode NFC, case-folded, runs of white space made one."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _key(field: str, value: object) -> str:
    return fold(str(value)) if field == "name" else str(value)


@dataclass(frozen=True)
class KeptPatient:
    """A course already kept under the reference: its id and the patient it names."""

    course_id: str
    patient: Mapping[str, object]


class PatientMismatch(Conflict):
    """A new course whose reference already names a patient with another name or birth date:
    nothing is written; each differing field says which courses hold the other value."""

    def __init__(self, items: list[MismatchItem]) -> None:
        super().__init__(items[0]["msg"])
        self.items = items

    @property
    def detail(self) -> list[MismatchItem]:
        """The answer's `detail`: one item per field that differs."""
        return self.items


def mismatches(sent: Mapping[str, object], kept: Sequence[KeptPatient]) -> list[MismatchItem]:
    """The fields of `sent` that contradict a kept course (both present and different), each
    with the ids of the courses that say otherwise; empty when the patient is the same."""
    found: list[MismatchItem] = []
    for field in FIELDS:
        mine = sent.get(field)
        if mine is None:
            continue
        other = [k.course_id for k in kept
                 if k.patient.get(field) is not None
                 and _key(field, k.patient[field]) != _key(field, mine)]
        if other:
            words = "name" if field == "name" else "date of birth"
            found.append({
                "type": "patient_mismatch", "loc": ["body", "patient", field],
                "msg": f"this patient reference is already kept for a patient with another "
                f"{words} (on {len(other)} course{'s' * (len(other) != 1)}): check the "
                "reference, or the existing courses",
                "courses": other,
            })
    return found


def check_same_patient(sent: Mapping[str, object], kept: Sequence[KeptPatient]) -> None:
    """Refuse (409) a patient whose details contradict the courses kept under the reference."""
    found = mismatches(sent, kept)
    if found:
        raise PatientMismatch(found)
