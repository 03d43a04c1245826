"""Storage of the preparations kept with a course and of their checks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.storage.preparation_tables import PreparationCheck, PreparationRow


def of_course(
    session: Session, course_id: str
) -> list[tuple[PreparationRow, PreparationCheck | None]]:
    """A course's preparations in the order made, each with its check if it has one."""
    query = (
        select(PreparationRow, PreparationCheck)
        .outerjoin(PreparationCheck, PreparationCheck.preparation_id == PreparationRow.id)
        .where(PreparationRow.course_id == course_id)
        .order_by(PreparationRow.position)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def next_position(session: Session, course_id: str) -> int:
    """The position the next preparation of a course takes."""
    last = session.scalar(
        select(func.max(PreparationRow.position)).where(PreparationRow.course_id == course_id))
    return 1 if last is None else last + 1
