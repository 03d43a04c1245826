"""Request bodies of the course endpoints: strict types, bounded text, ISO dates as strings only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
)

from app.clinical.text import MultilineText, MultilineTextOrEmpty, PlainName, PlainText
from app.contracts.fields import Mass, Volume
from app.contracts.plans import MAX_ROUND, MAX_SITES, Name
from app.i18n import catalogues

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: object) -> dt.date:
    """Only 'YYYY-MM-DD' text: no numbers, no date-times, nothing a JSON client did not write."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"is not a calendar date: {error}") from error
    if not dt.date(1900, 1, 1) <= day <= dt.date(2200, 12, 31):
        raise ValueError("must lie between 1900-01-01 and 2200-12-31")
    return day


def _named_date(value: object, info: ValidationInfo) -> dt.date:
    try:
        return iso_date(value)
    except ValueError as error:
        raise ValueError(f"{info.field_name} {error}") from None


IsoDate = Annotated[dt.date, BeforeValidator(_named_date)]
Reference = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9/-]{1,40}$")]
# Free text follows the one rule of app.clinical.text: names that identify a patient or a lot
# are plain names (one line, one script per word); reasons and notes may run to several lines.
PersonName = Annotated[PlainName, StringConstraints(max_length=200)]
Lot = Annotated[PlainName, StringConstraints(max_length=64)]
Reason = Annotated[MultilineText, StringConstraints(max_length=1000)]
Note = Annotated[MultilineTextOrEmpty, StringConstraints(max_length=4000)]
Number = Annotated[int, Field(strict=True, ge=1, le=MAX_ROUND)]


# The clinic visit time a plan is saved with, on the 24-hour clock: kept beside the plan.
VisitTime = Annotated[str, StringConstraints(max_length=5, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class StrictModel(BaseModel):
    """A request object that refuses unknown fields (round, block and review numbers are strict)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=False)


def _language(value: object) -> str:
    """A language there is a catalogue for; anything else (a number too) is told which there are."""
    return catalogues.checked(value if isinstance(value, str) else "")


LanguageCode = Annotated[str, StringConstraints(max_length=16), BeforeValidator(_language)]


class PatientIn(StrictModel):
    """Who the course is for: a hospital reference, and optionally a name, a birth date and the
    language the patient's printouts are in."""

    reference: Reference
    name: PersonName | None = None
    birth_date: IsoDate | None = None
    language: LanguageCode | None = None


class CourseIn(StrictModel):
    """A new course: the patient, its kind, and the exact body of the matching plan request."""

    patient: PatientIn
    kind: Literal["injection", "topical"]
    plan: Annotated[dict[str, object], Field(max_length=40)]
    visit_time: VisitTime | None = None


class RecordIn(StrictModel):
    """What happened at a round, block or review; which fields are needed depends on `status`."""

    status: Literal["given", "deferred", "omitted", "dispensed", "reviewed"]
    date: IsoDate
    round: Number | None = None
    block: Number | None = None
    review: Number | None = None
    volumes: Annotated[dict[Name, Volume], Field(max_length=MAX_SITES)] | None = None
    amount: Mass | None = None
    lot: Lot | None = None
    expiry: IsoDate | None = None
    reason: Reason | None = None
    note: Note | None = None


class ReasonIn(StrictModel):
    """Why a record is entered in error, or a course stopped."""

    reason: Reason


# What each record status needs, and which kind of course takes it.
NEEDED: dict[str, tuple[str, ...]] = {
    "given": ("round", "lot", "expiry"),
    "deferred": ("round", "reason"),
    "omitted": ("round", "reason"),
    "dispensed": ("block", "amount", "lot", "expiry"),
    "reviewed": ("review",),
}
KIND_OF: dict[str, str] = {
    "given": "injection", "deferred": "injection", "omitted": "injection",
    "dispensed": "topical", "reviewed": "topical",
}


class AmendIn(StrictModel):
    """A course's new plan (the exact body of its plan request) and why it changes."""

    plan: Annotated[dict[str, object], Field(max_length=40)]
    reason: Reason


def _search_length(value: str) -> str:
    if not 2 <= len(value) <= 80:
        raise ValueError(f"q must hold 2 to 80 characters besides spaces at either end; it has "
                         f"{len(value)}")
    return value


# What a search looks for: one line of plain text, 2–80 characters once trimmed.
SearchText = Annotated[PlainText, AfterValidator(_search_length),
                       Field(json_schema_extra={"minLength": 2, "maxLength": 80})]
Status = Literal["active", "completed", "stopped"]
Cursor = Annotated[str, StringConstraints(max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]


class SearchIn(StrictModel):
    """A search of courses: text starting a reference or inside a name, kind, statuses, a page."""

    q: SearchText | None = None
    kind: Literal["injection", "topical"] | None = None
    status: Annotated[list[Status], Field(min_length=1, max_length=3)] | None = None
    limit: Annotated[int, Field(strict=True, ge=1, le=200)] = 50
    cursor: Cursor | None = None
