"""First-run links as rows: kept as hashes, found while live, and all marked used at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.storage.models import FirstRunLink


def add_link(session: Session, token_hash: str, now: dt.datetime, expires: dt.datetime) -> None:
    """Keep a new link's hash."""
    session.add(FirstRunLink(token_hash=token_hash, created_at=now, expires_at=expires))


def _live(now: dt.datetime) -> Select[FirstRunLink]:
    return (select(FirstRunLink)
            .where(FirstRunLink.used_at.is_(None), FirstRunLink.expires_at > now)
            .order_by(FirstRunLink.id))


def live_hashes(session: Session, now: dt.datetime) -> list[str]:
    """The hashes of the unused, unexpired links."""
    return [link.token_hash for link in session.scalars(_live(now))]


def use_all(session: Session, now: dt.datetime) -> list[str]:
    """Mark every live link used and say which they were. The rows are locked in id order, so
    of two first-run forms sent at once the second waits, then finds none left."""
    links = list(session.scalars(_live(now).with_for_update()))
    for link in links:
        link.used_at = now
    return [link.token_hash for link in links]
