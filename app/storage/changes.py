"""Which courses were written since a moment, read from the audit trail (every write to a
course appends an entry there in the same transaction), for the nightly FHIR feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import AuditEntry


def courses_written_since(
    session: Session, since: dt.datetime, reads: Collection[str]
) -> list[str]:
    """The ids of courses with an audit entry at or after `since` whose action is not one of
    `reads`, in id order. Reads are named rather than writes, so that a write action added
    later is fed without a change here."""
    query = (
        select(AuditEntry.course_id)
        .where(AuditEntry.at >= since, AuditEntry.course_id.is_not(None),
               AuditEntry.action.not_in(list(reads)))
        .distinct()
        .order_by(AuditEntry.course_id)
    )
    return [course_id for course_id in session.scalars(query) if course_id is not None]
