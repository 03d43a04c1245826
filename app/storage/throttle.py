"""Sign-in attempts per client address, and refusals per account and address, each counted in one
statement so that every process agrees."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, case, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.storage.models import SignInRefusal, SignInThrottle, User, UtcDateTime

TABLE: Table = SignInThrottle.__table__  # type: ignore[assignment]
REFUSALS: Table = SignInRefusal.__table__  # type: ignore[assignment]


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


def count_refusal(
    session: Session, user_id: int, address: str, now: dt.datetime, window: dt.timedelta
) -> int:
    """Add one refused sign-in to the account from `address` and give the refusals now counted
    there; a window older than `window` starts afresh. One INSERT … ON CONFLICT … RETURNING, as
    count_attempt."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stale = REFUSALS.c.window_start <= now - window
    started = literal(now, UtcDateTime())
    statement = insert(REFUSALS).values(user_id=user_id, address=address, refusals=1,
                                        window_start=now, last_at=now)
    return int(session.execute(statement.on_conflict_do_update(
        index_elements=[REFUSALS.c.user_id, REFUSALS.c.address],
        set_={"refusals": case((stale, 1), else_=REFUSALS.c.refusals + 1),
              "window_start": case((stale, started), else_=REFUSALS.c.window_start),
              "last_at": started},
    ).returning(REFUSALS.c.refusals)).scalar_one())


def refusals_from(session: Session, user_id: int, address: str, since: dt.datetime
                  ) -> tuple[int, dt.datetime | None]:
    """The refusals counted to the account from `address` in a window begun after `since`, and
    when that window began (0 and None when none)."""
    row = session.execute(
        select(SignInRefusal.refusals, SignInRefusal.window_start)
        .where(SignInRefusal.user_id == user_id, SignInRefusal.address == address,
               SignInRefusal.window_start > since)
    ).one_or_none()
    return (0, None) if row is None else (int(row.refusals), row.window_start)


def locked_addresses(session: Session, user_id: int, refusals: int, since: dt.datetime) -> int:
    """How many addresses have had at least `refusals` refusals to the account in windows begun
    after `since`."""
    return int(session.scalar(
        select(func.count()).select_from(SignInRefusal)
        .where(SignInRefusal.user_id == user_id, SignInRefusal.refusals >= refusals,
               SignInRefusal.window_start > since)
    ) or 0)


def clear_refusals(session: Session, user_id: int, address: str | None = None) -> None:
    """The account signed in from `address` (or its password was reset: every address): its
    refusals from there no longer count."""
    where = [SignInRefusal.user_id == user_id]
    if address is not None:
        where.append(SignInRefusal.address == address)
    session.execute(update(SignInRefusal).where(*where).values(refusals=0))


def refusing_addresses(session: Session, since: dt.datetime) -> dict[str, int]:
    """By user name, how many addresses had sign-ins to the account refused since `since`."""
    query = (
        select(User.username, func.count())
        .join(SignInRefusal, SignInRefusal.user_id == User.id)
        .where(SignInRefusal.last_at > since, SignInRefusal.refusals > 0)
        .group_by(User.username)
    )
    return {username: int(count) for username, count in session.execute(query)}
