"""The tables: accounts, API tokens, sessions, courses, their records, the due index, the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment stored in UTC and read back as an aware UTC datetime on every engine."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a stored moment must carry its time zone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        # SQLite keeps no offset: what was written is UTC.
        moment: dt.datetime = value
        return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """The declarative base every table derives from."""


class User(Base):
    """An account: its name, role, password hash and the count of failed logins."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ApiToken(Base):
    """An API token, kept only as the SHA-256 of its text."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class WebSession(Base):
    """A signed-in browser, kept as the SHA-256 of its cookie so logout works on every process."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Course(Base):
    """One patient's kept plan; `status`, `next_due` and `due_entries` are refreshed on write."""

    __tablename__ = "courses"
    __table_args__ = (Index("ix_courses_created", "created_at", "id"),)  # newest first

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    patient_reference: Mapped[str] = mapped_column(String(40), index=True)
    patient: Mapped[dict[str, object]] = mapped_column(JSON)
    plan: Mapped[dict[str, object]] = mapped_column(JSON)
    next_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    stopped_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    stopped_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    stop_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The patient's name folded as the search compares it (app/courses/patients.py), and the
    # clinic visit time the plan was saved with ("09:30"), which the plan body has no field for.
    name_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    visit_time: Mapped[str | None] = mapped_column(String(5), nullable=True)


class Record(Base):
    """What happened at a round, block or review; never changed once written."""

    __tablename__ = "records"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order within the course
    status: Mapped[str] = mapped_column(String(16))
    round: Mapped[int | None] = mapped_column(Integer, nullable=True)
    block: Mapped[int | None] = mapped_column(Integer, nullable=True)
    review: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date: Mapped[dt.date] = mapped_column(Date)
    volumes: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    amount: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lot: Mapped[str | None] = mapped_column(String(64), nullable=True)
    expiry: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Amendment(Base):
    """A course's plan replaced: who, when, why, and the plan it replaced (kept, never lost)."""

    __tablename__ = "course_amendments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)  # the course's version the amendment made
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)
    previous_plan: Mapped[dict[str, object]] = mapped_column(JSON)


class Correction(Base):
    """A record marked entered in error: a row of its own, so the record itself is never changed."""

    __tablename__ = "record_corrections"

    record_id: Mapped[str] = mapped_column(ForeignKey("records.id"), primary_key=True)
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)


# References sort by their bytes on both engines (SQLite's own order; PostgreSQL's "C"), so the
# due list's order does not hang on the server's locale.
REFERENCE_ORDER = String(40).with_variant(String(40, collation="C"), "postgresql")


class DueRow(Base):
    """One entry of the due list (an open round of an active injection course, or a block to
    dispense or a review to hold of an active topical course): derived from the course's schedule
    and rewritten in the same transaction as every write to the course. Keyed in the list's own
    order, so that on SQLite (a table without rowid) a date range is one contiguous run of rows;
    `what` is round, dispense or review, `number` its round, block or review, and `line` the
    entry's JSON as the list writes it."""

    __tablename__ = "due_entries"
    __table_args__ = (
        PrimaryKeyConstraint("date", "patient_reference", "course_id", "what", "number",
                             name="pk_due_entries"),
        Index("ix_due_entries_course", "course_id", "what", "number", unique=True),
        {"sqlite_with_rowid": False},
    )

    date: Mapped[dt.date] = mapped_column(Date)
    patient_reference: Mapped[str] = mapped_column(REFERENCE_ORDER)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"))
    what: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(Integer)
    line: Mapped[str] = mapped_column(Text)
    # The limits the course's plan was last judged under (app/courses/due.py judged_under).
    policy: Mapped[str | None] = mapped_column(String(16), nullable=True)


class AuditEntry(Base):
    """One entry of the append-only, hash-chained audit trail."""

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    course_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    detail: Mapped[dict[str, object]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Issue 24: the hash of the course's rows a write left (app/storage/row_state.py), and the
    # keyed hash of the entry with the id of the key that made it (app/storage/seal.py).
    row_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditHead(Base):
    """The one row naming the last audit entry; writers lock it so `seq` has no gaps."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class PasswordReset(Base):
    """A one-time link to set a new password, kept only as the SHA-256 of its token."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class FirstRunLink(Base):
    """A one-time link to make the first admin, kept only as the SHA-256 of its token; each
    app process prints its own, and making the admin marks every one used (none is deleted)."""

    __tablename__ = "first_run_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class SignInRefusal(Base):
    """Sign-ins to one account refused from one client address (its counted key) since
    `window_start`: kept so that an admin sees an account tried from many addresses at once.
    Only the number of addresses is ever shown, never an address."""

    __tablename__ = "sign_in_refusals"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    refusals: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


class SignInThrottle(Base):
    """Sign-in attempts not yet known to have succeeded from one client address, in the window
    that began at `window_start`; shared by every app process through the database."""

    __tablename__ = "sign_in_throttle"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[dt.datetime] = mapped_column(UtcDateTime)
