"""Sign-in attempts per client address, counted in one statement so that every process agrees."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, case, literal, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.storage.models import SignInThrottle, UtcDateTime

TABLE: Table = SignInThrottle.__table__  # type: ignore[assignment]


def count_attempt(
    session: Session, address: str, now: dt.datetime, window: dt.timedelta
) -> tuple[int, dt.datetime]:
    """Add one attempt from `address` and give the attempts now counted and when their window
    began; a window older than `window` starts afresh. One INSERT … ON CONFLICT … RETURNING,
    so concurrent attempts through several processes are each counted (no read-then-write)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stale = TABLE.c.window_start <= now - window
    started = literal(now, UtcDateTime())
    statement = insert(TABLE).values(address=address, attempts=1, window_start=now)
    upsert = statement.on_conflict_do_update(
        index_elements=[TABLE.c.address],
        set_={"attempts": case((stale, 1), else_=TABLE.c.attempts + 1),
              "window_start": case((stale, started), else_=TABLE.c.window_start)},
    ).returning(TABLE.c.attempts, TABLE.c.window_start)
    attempts, window_start = session.execute(upsert).one()
    return int(attempts), window_start


def forget_attempt(session: Session, address: str) -> None:
    """Take back one attempt from `address` once it has succeeded: only failures stay counted,
    and only this address's."""
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.address == address, SignInThrottle.attempts > 0)
        .values(attempts=SignInThrottle.attempts - 1)
    )
