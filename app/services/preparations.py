"""Preparations kept with a topical course: plan one for a block, keep what was made (its
components, batch check and beyond-use date), have a second person check it, and list them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts.roles import Action, may
from app.accounts.secrets import new_id
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.contracts.plans import TopicalPlanRequest
from app.contracts.preparations import CheckIn, PreparationIn
from app.courses.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.courses.kinds import CourseKind
from app.courses.preparations import Preparation
from app.courses.schedule import kept_schedule
from app.courses.views import Signed
from app.pharmacy import measuring
from app.pharmacy.beyond_use import Form
from app.policy import Policy
from app.quantities.display import quantity as quantity_text
from app.quantities.registry import ML, G, Qty
from app.services import pharmacy_records as records
from app.services.accounts import Actor
from app.services.course_rows import kept
from app.storage import audit
from app.storage import courses as course_store
from app.storage import preparations as store
from app.storage.engine import Database
from app.storage.models import Course
from app.storage.preparation_tables import PreparationCheck, PreparationRow
from app.topical.models import Block, TopicalPlanResult


@dataclass(frozen=True)
class Planned:
    """What a block needs made: its strength, the amount to dispense and each component's
    planned amount, worded to the balance's marks."""

    block: int
    blocks: int
    last_day: dt.date
    batch: records.PlannedBatch
    lines: tuple[tuple[str, str], ...]  # (component, planned amount in words)
    amount: str  # the amount to make, in words


def _amount(amount: Qty) -> str:
    return quantity_text(amount, ML if amount.dimensionality == ML.dimensionality else G)


def _course(session: Session, course_id: str, *, for_write: bool = False) -> Course:
    course = course_store.get(session, course_id, for_write=for_write)
    if course is None:
        raise NotFound("no such course")
    return course


def _block(session: Session, course: Course, number: int, policy: Policy
           ) -> tuple[Block, int, Basis]:
    """Block `number` of a topical course as its schedule now stands, the number of blocks
    and the salt basis the plan's strengths are on."""
    if course.kind != CourseKind.TOPICAL:
        raise Conflict("preparations are kept for topical courses only")
    rows = course_store.records(session, course.id)
    current = kept_schedule(course.kind, course.plan, [kept(r, c) for r, c in rows], policy,
                            course.patient)
    result, request = current.result, current.request
    assert isinstance(result, TopicalPlanResult) and isinstance(request, TopicalPlanRequest)
    if not 1 <= number <= len(result.blocks):
        raise InvalidInput.at("block", message=f"block must be 1 to {len(result.blocks)}")
    return result.blocks[number - 1], len(result.blocks), request.strength_basis


def _planned(block: Block, number: int, blocks: int, basis: Basis, powder: Basis,
             quantity: Qty | None, policy: Policy) -> Planned:
    record = records.topical_record(block.strength, basis)
    try:
        batch = records.plan_batch(record, quantity or block.dispense.amount, basis, powder,
                                   policy)
    except InputError as error:
        raise InvalidInput.at(error.field, message=f"{error.field} {error.message}") from None
    lines = tuple(
        (line.name, "q.s." if line.amount is None else measuring.weigh(line.amount).shown)
        for line in batch.lines)
    return Planned(number, blocks, block.end, batch, lines, _amount(batch.quantity))


def plan_preparation(db: Database, policy: Policy, course_id: str, number: int,
                     powder: Basis) -> Planned:
    """What block `number` of a course needs made from `powder`, for the preparation form."""
    with db.reading() as session:
        course = _course(session, course_id)
        block, blocks, basis = _block(session, course, number, policy)
        return _planned(block, number, blocks, basis, powder, None, policy)


def _made(command: PreparationIn, planned: Planned) -> tuple[dict[str, object], dt.date]:
    """What is kept of a preparation: what was entered, and the BUD and batch check worked out."""
    try:
        bud = records.nonsterile_beyond_use(Form(command.form), command.compounded,
                                            command.components)
        check = records.check_against_label(planned.batch, Basis(command.powder),
                                            command.powder_mass, command.total)
    except InputError as error:
        loc = error.field.split(".")
        raise InvalidInput.at(*[int(p) if p.isdigit() else p for p in loc],
                              message=f"{loc[-1]} {error.message}") from None
    planned_of = dict(planned.lines)
    made: dict[str, object] = {
        "strength": quantity_text(planned.batch.record.strength, planned.batch.record.strength.u),
        "basis": planned.batch.basis.value, "powder": command.powder,
        "quantity": _amount(command.quantity), "form": command.form,
        "rule": bud.rule.kind, "storage": bud.rule.storage, "limited_by": bud.limited_by,
        "components": [{
            "name": c.name, "maker": c.maker, "lot": c.lot, "expiry": c.expiry.isoformat(),
            "planned": planned_of.get(c.name, ""), "actual": _amount(c.actual),
        } for c in command.components],
        "check": {"powder_mass": _amount(command.powder_mass), "total": _amount(command.total),
                  "deviation_percent": round(check.deviation_percent, 2),
                  "within_tolerance": check.within_tolerance},
        "deviations": command.deviations,
        "working": [*planned.batch.working.lines, *bud.working.lines, *check.working.lines],
        "last_day": planned.last_day.isoformat(),
    }
    day = bud.moment if isinstance(bud.moment, dt.date) else bud.moment.date()
    return made, day


def _view(row: PreparationRow, check: PreparationCheck | None) -> Preparation:
    return Preparation(
        row.id, row.course_id, row.block, row.batch, row.compounded, row.beyond_use, row.made,
        Signed(row.by, row.at), None if check is None else Signed(check.by, check.at, check.note))


def record_preparation(db: Database, policy: Policy, actor: Actor, course_id: str,
                       command: PreparationIn, today: dt.date) -> Preparation:
    """Keep a batch made for one block of a topical course, with its BUD and batch check."""
    if not may(actor.role, Action.COMPOUND):
        raise Forbidden(f"the role '{actor.role}' may not record preparations")
    with db.writing() as session:
        course = _course(session, course_id, for_write=True)
        if course.stopped_at is not None:
            raise Conflict("the course is stopped: nothing more is made for it")
        if command.compounded > today:
            raise InvalidInput.at("compounded", message="compounded is after today")
        block, blocks, basis = _block(session, course, command.block, policy)
        planned = _planned(block, command.block, blocks, basis, Basis(command.powder),
                           command.quantity, policy)
        made, bud = _made(command, planned)
        row = PreparationRow(
            id=new_id(), course_id=course.id, position=store.next_position(session, course.id),
            block=command.block, batch=command.batch, compounded=command.compounded,
            beyond_use=bud, made=made, by=actor.username, at=dt.datetime.now(dt.UTC))
        session.add(row)
        session.flush()
        audit.append(session, actor.username, "preparation.recorded", course.id,
                     {"preparation_id": row.id, "block": command.block})
        return _view(row, None)


def check_preparation(db: Database, actor: Actor, course_id: str, preparation_id: str,
                      command: CheckIn, second_person: bool) -> Preparation:
    """A second person checks a preparation (the maker may not, where the clinic says so)."""
    if not may(actor.role, Action.COMPOUND):
        raise Forbidden(f"the role '{actor.role}' may not check preparations")
    with db.writing() as session:
        course = _course(session, course_id, for_write=True)
        found = next(((r, c) for r, c in store.of_course(session, course.id)
                      if r.id == preparation_id), None)
        if found is None:
            raise NotFound("no such preparation in this course")
        row, check = found
        if check is not None:
            raise Conflict(f"this preparation was already checked by {check.by}")
        if second_person and row.by == actor.username:
            raise Conflict(f"a preparation is checked by a second person: {row.by} made this "
                           "one, so another pharmacist must check it")
        check = PreparationCheck(preparation_id=row.id, by=actor.username,
                                 at=dt.datetime.now(dt.UTC), note=command.note)
        session.add(check)
        audit.append(session, actor.username, "preparation.checked", course.id,
                     {"preparation_id": row.id, "block": row.block})
        return _view(row, check)


def preparations(db: Database, course_id: str) -> list[Preparation]:
    """A course's preparations in the order made, each with its check."""
    with db.reading() as session:
        _course(session, course_id)
        return [_view(r, c) for r, c in store.of_course(session, course_id)]
