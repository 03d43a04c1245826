"""The rules a new record must meet against its course and the schedule as it stands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from app.contracts.courses import KIND_OF, NEEDED, RecordIn
from app.courses.errors import Conflict, InvalidInput
from app.courses.kinds import FIXES_ROUND, CourseKind, CourseStatus, RecordStatus
from app.courses.schedule import KeptRecord, Schedule
from app.topical.models import TopicalPlanResult

_FOREIGN = {
    CourseKind.INJECTION: ("block", "review", "amount"),
    CourseKind.TOPICAL: ("round", "volumes"),
}
# Records of something that has happened cannot be dated in the future. A deferral can, and so
# can an omission: "the round will not be given" is decided ahead, often on the planned date.
# A deferral further than this after the planned date is a typing error, not a plan.
MAX_DEFERRAL_DAYS = 365
# Past these a course is no longer a plan being followed, and its page and schedule grow without
# bound: a round put off this often needs a new plan, and a course this long a new course.
MAX_DEFERRALS = 20
MAX_RECORDS = 2000
_PAST_ONLY = frozenset({RecordStatus.GIVEN, RecordStatus.DISPENSED, RecordStatus.REVIEWED})


def check_fields(kind: str, record: RecordIn, today: dt.date) -> None:
    """Refuse a record whose fields do not fit its status, its course's kind, or the calendar."""
    status = RecordStatus(record.status)
    if KIND_OF[status] != kind:
        raise InvalidInput.at(
            "status", message=f"status '{status}' is a record of {KIND_OF[status]} courses; "
            f"this is a{'n' * (kind == CourseKind.INJECTION)} {kind} course",
        )
    for name in _FOREIGN[CourseKind(kind)]:
        if getattr(record, name) is not None:
            raise InvalidInput.at(name, message=f"{name} is not part of a {kind} record")
    for name in NEEDED[status]:
        if getattr(record, name) is None:
            raise InvalidInput.at(name, message=f"{name} is required for a '{status}' record")
    if status != RecordStatus.GIVEN and record.volumes:
        raise InvalidInput.at("volumes", message="volumes are recorded only for a given round")
    if status in _PAST_ONLY and record.date > today:
        raise InvalidInput.at(
            "date", message=f"date {record.date.isoformat()} is after today "
            f"({today.isoformat()} in the clinic's time zone): record what has happened",
        )
    used = status in (RecordStatus.GIVEN, RecordStatus.DISPENSED)
    if used and record.expiry is not None and record.expiry < record.date:
        raise InvalidInput.at(
            "expiry", message=f"the product had expired: expiry {record.expiry.isoformat()} is "
            f"before the date it was used, {record.date.isoformat()}",
        )


def check_against(
    record: RecordIn, current: Schedule, kept: Sequence[KeptRecord], blocks: int
) -> None:
    """Refuse a round, block or review the plan does not have, or sites not treated (422)."""
    if record.round is not None:
        if record.round not in current.visit_dates:
            raise InvalidInput.at(
                "round", message=f"round {record.round} is not a visit of this course's plan",
            )
        treated = current.sites_at[record.round]
        for name in record.volumes or {}:
            if name not in treated:
                raise InvalidInput.at(
                    "volumes", name,
                    message=f"site '{name}' is not injected at round {record.round}",
                )
        if RecordStatus(record.status) is RecordStatus.DEFERRED:
            _check_deferral(record.date, current.visit_dates[record.round])
    if record.block is not None and record.block > blocks:
        raise InvalidInput.at("block", message=f"block {record.block} is not in the plan, "
                              f"which has {blocks}")
    if record.block is not None and record.expiry is not None:
        last = _block_end(current, record.block)
        if last is not None and record.expiry < last:
            raise InvalidInput.at(
                "expiry", message=f"the stock expires {record.expiry.isoformat()}, before the "
                f"block's last day {last.isoformat()}: dispense stock that lasts the block",
            )
    if record.review is not None and record.review not in current.visit_dates:
        raise InvalidInput.at("review", message=f"review {record.review} is not in the plan, "
                              f"which has {len(current.visit_dates)}")


def _check_deferral(date: dt.date, planned: dt.date) -> None:
    """A deferred round moves later, by at most MAX_DEFERRAL_DAYS: further is a typing error."""
    if date <= planned:
        raise InvalidInput.at(
            "date", message=f"a deferred round needs a date after its planned date "
            f"{planned.isoformat()}; got {date.isoformat()}",
        )
    if (date - planned).days > MAX_DEFERRAL_DAYS:
        raise InvalidInput.at(
            "date", message=f"a round may be deferred at most {MAX_DEFERRAL_DAYS} days after its "
            f"planned date {planned.isoformat()}; {date.isoformat()} is "
            f"{(date - planned).days} days after it",
        )


def _block_end(current: Schedule, block: int) -> dt.date | None:
    """The last day of a topical block of the plan, when the schedule is a topical one."""
    if not isinstance(current.result, TopicalPlanResult):
        return None
    blocks = current.result.blocks
    return blocks[block - 1].end if 1 <= block <= len(blocks) else None


def check_bounds(record: RecordIn, kept: Sequence[KeptRecord]) -> None:
    """Refuse a record past the most a course keeps, or a deferral past the most one round
    takes (409, saying what to do instead); `kept` is every record, struck ones too."""
    if len(kept) >= MAX_RECORDS:
        raise Conflict(f"the course already keeps {MAX_RECORDS} records, the most one course "
                       "may: stop it and start a new course for what follows")
    if RecordStatus(record.status) is not RecordStatus.DEFERRED:
        return
    deferrals = sum(1 for k in kept if not k.in_error and k.round == record.round
                    and k.status == RecordStatus.DEFERRED)
    if deferrals >= MAX_DEFERRALS:
        raise Conflict(f"round {record.round} has been deferred {deferrals} times, the most one "
                       "round may be: record it omitted, or stop the course and plan again")


def check_conflicts(status: str, record: RecordIn, kept: Sequence[KeptRecord]) -> None:
    """Refuse what contradicts the records (409): a stopped course, a round already closed, a
    block dispensed or a review held twice."""
    if status == CourseStatus.STOPPED:
        raise Conflict("the course is stopped and takes no new records")
    for earlier in kept:
        if earlier.status != record.status:
            continue
        if record.block is not None and earlier.block == record.block:
            raise Conflict(
                f"block {record.block} is already recorded as dispensed ({earlier.id}); mark "
                "that entered in error first to correct it"
            )
        if record.review is not None and earlier.review == record.review:
            raise Conflict(
                f"review {record.review} is already recorded ({earlier.id}); mark that entered "
                "in error first to correct it"
            )
    if record.round is None:
        return
    for earlier in kept:
        if earlier.round == record.round and earlier.status in FIXES_ROUND:
            raise Conflict(
                f"round {record.round} already has a '{earlier.status}' record "
                f"({earlier.id}); mark that entered in error first to correct it"
            )


def check_refused_now(refused_now: str | None, record: RecordIn) -> None:
    """Refuse (409) a round given or a block dispensed on a course whose plan the planner now
    refuses: what is handed over must follow a plan the limits in force accept."""
    if refused_now is None:
        return
    if RecordStatus(record.status) in (RecordStatus.GIVEN, RecordStatus.DISPENSED):
        what = "round" if record.round is not None else "block"
        raise Conflict(f"the planner now refuses this course's plan ({refused_now}): amend the "
                       f"plan before recording a {what} {record.status}")
