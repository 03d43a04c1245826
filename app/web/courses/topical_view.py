"""A topical course worded for its page: supply blocks, reviews and their forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.courses.kinds import CourseStatus
from app.courses.preparations import Preparation
from app.courses.views import CourseRecord, CourseView
from app.i18n.language import Language
from app.quantities import display
from app.quantities.registry import G
from app.topical.models import Block, TopicalPlanResult


@dataclass(frozen=True)
class BlockView:
    """One supply block: its days, strength, planned amount, and each dispensing recorded."""

    number: int
    days: str
    strength: str
    planned: str
    dispensed: list[str]


@dataclass(frozen=True)
class ReviewView:
    """One clinic review: its date, and whether (and when) it was recorded."""

    number: int
    date: str
    done: str


@dataclass
class DispenseForm:
    """The next block's dispensing form: its strength and planned amount filled in, or as typed."""

    block: int
    date: str
    amount: str
    strength: str = ""
    days: str = ""
    lot: str = ""
    expiry: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ReviewForm:
    """The next review's form: today's date filled in, or as typed."""

    review: int
    date: str
    note: str = ""
    errors: list[str] = field(default_factory=list)


def _blocks(course: CourseView) -> tuple[Block, ...]:
    result = course.schedule.result
    assert isinstance(result, TopicalPlanResult)
    return result.blocks


def _dispensed(course: CourseView) -> list[list[str]]:
    """The ids of each block's dispensing records that count, block by block."""
    return [list(ids) for ids in course.schedule.dispensed]


def _days(block: Block) -> str:
    return f"{display.date(block.start)} to {display.date(block.end)}"


def _kept(course: CourseView) -> dict[str, CourseRecord]:
    return {r.id: r for r in course.records if not r.in_error}


def _day(value: dt.date | None) -> str:
    return "" if value is None else display.date(value)


def dispensing_words(record: CourseRecord) -> str:
    """One dispensing record in a few words, e.g. 'Mon 6 Jan 2025: 10 g, lot L1 (by ann)'."""
    return (f"{_day(record.date)}: {record.amount}, lot {record.lot}, expiry "
            f"{_day(record.expiry)} (by {record.by})")


def blocks(course: CourseView) -> list[BlockView]:
    """Every supply block of the schedule, with the dispensing records that still count."""
    kept = _kept(course)
    shown = []
    for number, (block, ids) in enumerate(zip(_blocks(course), _dispensed(course), strict=True),
                                          start=1):
        records = [kept[i] for i in ids if i in kept]
        shown.append(BlockView(
            number=number, days=_days(block), strength=display.strength(block.strength),
            planned=display.quantity(block.dispense.amount, G),
            dispensed=[dispensing_words(r) for r in records],
        ))
    return shown


def reviews(course: CourseView) -> list[ReviewView]:
    """Every clinic review of the schedule, marked done with the record's date and author."""
    kept = _kept(course)
    result = course.schedule.result
    assert isinstance(result, TopicalPlanResult)
    records = course.schedule.review_records or (None,) * len(result.reviews)
    shown = []
    for number, (when, record_id) in enumerate(zip(result.reviews, records,
                                                   strict=False), start=1):
        record = kept.get(record_id) if record_id else None
        done = "" if record is None else f"reviewed on {_day(record.date)} by {record.by}"
        shown.append(ReviewView(number, _day(when), done))
    return shown


def dispense_form(course: CourseView, today: dt.date) -> DispenseForm | None:
    """The first block with nothing dispensed yet, its planned amount and strength filled in."""
    if course.status != CourseStatus.ACTIVE:
        return None
    for number, (block, ids) in enumerate(zip(_blocks(course), _dispensed(course), strict=True),
                                          start=1):
        if not ids:
            return DispenseForm(
                block=number, date=today.isoformat(),
                amount=display.quantity(block.dispense.amount, G),
                strength=display.strength(block.strength), days=_days(block),
            )
    return None


def review_form(course: CourseView, today: dt.date) -> ReviewForm | None:
    """The first review not yet recorded, dated today."""
    if course.status != CourseStatus.ACTIVE:
        return None
    records = course.schedule.review_records
    for number, record_id in enumerate(records, start=1):
        if record_id is None:
            return ReviewForm(review=number, date=today.isoformat())
    return None


def with_plan(typed: DispenseForm, course: CourseView) -> DispenseForm:
    """A typed dispensing form shown again, with its block's strength and days from the plan."""
    found = _blocks(course)
    if 1 <= typed.block <= len(found):
        block = found[typed.block - 1]
        typed.strength = display.strength(block.strength)
        typed.days = _days(block)
    return typed


def given_out(course: CourseView, words: Language | None = None) -> dict[int, list[str]]:
    """For the patient's calendar: each block's dispensings, e.g. 'Mon 6 Jan 2025 (10 g)', with
    the dates and numbers of the patient's language when one is given ('6 gen 2025 (10 g)')."""
    kept = _kept(course)

    def said(record: CourseRecord) -> str:
        if words is None:
            return f"{_day(record.date)} ({record.amount})"
        return f"{words.date(record.date)} ({words.marked(record.amount or '')})"

    return {number: [said(kept[i]) for i in ids if i in kept]
            for number, ids in enumerate(_dispensed(course), start=1)}


@dataclass(frozen=True)
class PreparationLine:
    """A kept preparation on the course page: batch, block, BUD and whether it may be given."""

    id: str
    batch: str
    block: int
    beyond_use: str
    state: str


def preparation_lines(found: list[Preparation]) -> list[PreparationLine]:
    """Each preparation kept with the course, said in a few words."""
    lines = []
    for p in found:
        if not p.within_tolerance:
            state = "outside the tolerance: not to be dispensed"
        elif p.checked is None:
            state = "waiting for a second person's check"
        elif not p.lasts_its_block:
            state = f"checked by {p.checked.by}; its BUD is before the block's last day"
        else:
            state = f"checked by {p.checked.by}"
        lines.append(PreparationLine(p.id, p.batch, p.block, display.date(p.beyond_use), state))
    return lines


def from_preparation(form: DispenseForm | None, found: list[Preparation]) -> None:
    """Fill a fresh dispensing form's lot, expiry and note from the newest preparation made for
    its block that may be given (checked, within tolerance, lasting the block)."""
    if form is None or form.lot:
        return
    usable = [p for p in found if p.block == form.block and p.usable and p.lasts_its_block]
    if usable:
        chosen = usable[-1]
        form.lot, form.expiry = chosen.batch, chosen.beyond_use.isoformat()
        form.note = f"Preparation {chosen.batch}"

