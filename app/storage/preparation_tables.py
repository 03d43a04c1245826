"""The tables of preparations kept with a course, and of their second-person checks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import Base, UtcDateTime


class PreparationRow(Base):
    """A batch compounded for one block of a topical course; never changed once written. The
    components, the batch check and the working are kept as written (`made`), and the BUD as
    the date the rules gave when it was made."""

    __tablename__ = "preparations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order within the course
    block: Mapped[int] = mapped_column(Integer)
    batch: Mapped[str] = mapped_column(String(64))
    compounded: Mapped[dt.date] = mapped_column(Date)
    beyond_use: Mapped[dt.date] = mapped_column(Date)
    made: Mapped[dict[str, object]] = mapped_column(JSON)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PreparationCheck(Base):
    """The second person's check of a preparation: a row of its own, so the preparation itself
    is never changed; one per preparation."""

    __tablename__ = "preparation_checks"

    preparation_id: Mapped[str] = mapped_column(ForeignKey("preparations.id"), primary_key=True)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
