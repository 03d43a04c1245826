"""The audit trail in words for the pages: local time, actions as sentences, what each changed,
and runs of course views folded into one line unless every view is asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.quantities import display
from app.services import audit_history
from app.services.audit_history import HistoryEntry, RecordFacts
from app.services.database import Database
from app.web.courses.view import change_words, label, moment

VIEWED = "course.viewed"
# What each status of a record did, after its label ("Round 2 given").
DONE = {"given": "given", "deferred": "deferred", "omitted": "omitted",
        "dispensed": "dispensed", "reviewed": "held"}
ACTIONS = {
    "course.created": "Course created",
    "course.stopped": "Course stopped",
    "course.amended": "Course amended",
    "course.exported": "Course exported",
    VIEWED: "Viewed",
    "courses.searched": "Courses searched",
    "courses.listed": "A patient's courses listed",
}


def _amended(detail: dict[str, object], then: str) -> str:
    """What an amendment changed, from its audit entry's words, then the version it made."""
    changes = detail.get("changes")
    said = [change_words(c) for c in changes if isinstance(c, str)] if isinstance(
        changes, list) else []
    return "; ".join([*said, then] if then else said)


@dataclass(frozen=True)
class HistoryLine:
    """One line of the history: which entries, when (local), who, what happened, what changed."""

    seqs: str
    at: str
    by: str
    what: str
    changed: str


def _about(record: RecordFacts | None, number: object) -> str:
    if record is not None:
        return label(record.round, record.block, record.review)
    return f"Record {number}" if isinstance(number, int) else "A record"


def _record_facts(record: RecordFacts) -> str:
    """The record's date and amounts as stored ("on 5 Jan 2026; elbow 1 mL, knee 0.5 mL")."""
    parts = [f"{'to' if record.status == 'deferred' else 'on'} {display.date(record.date)}"]
    if record.volumes:
        volumes = sorted(record.volumes.items())
        parts.append(", ".join(f"{site} {volume}" for site, volume in volumes))
    if record.amount:
        parts.append(f"amount {record.amount}")
    return "; ".join(parts)


def _status_change(detail: dict[str, object]) -> str:
    status = detail.get("course_status")
    return f"course now {status}" if status in ("completed", "stopped") else ""


def worded(entry: HistoryEntry) -> tuple[str, str]:
    """An entry's action in words and what it changed, from its detail and its record."""
    detail, record = entry.detail, entry.record
    version = detail.get("version")
    then = f"version {version}" if isinstance(version, int) else ""
    if entry.action == "record.added":
        status = str(detail.get("status", record.status if record else ""))
        what = f"{_about(record, detail.get('number'))} {DONE.get(status, status)}".strip()
        facts = _record_facts(record) if record is not None else ""
        return what, "; ".join(p for p in (facts, _status_change(detail), then) if p)
    if entry.action == "record.entered_in_error":
        what = f"{_about(record, None)} marked entered in error"
        facts = "" if record is None else (
            f"was {DONE.get(record.status, record.status)} {_record_facts(record)}")
        return what, "; ".join(p for p in (facts, _status_change(detail), then) if p)
    if entry.action == "course.amended":
        return ACTIONS[entry.action], _amended(detail, then)
    if entry.action in ("courses.searched", "courses.listed"):
        found = detail.get("results", detail.get("count"))
        return ACTIONS[entry.action], f"{found} found" if isinstance(found, int) else ""
    if entry.action == "course.created":
        kind = detail.get("kind")
        return ACTIONS[entry.action], ", ".join(
            p for p in (f"{kind} course" if isinstance(kind, str) else "", then) if p)
    # An action this page has no words for yet is shown by its code, never hidden.
    return ACTIONS.get(entry.action, entry.action), then


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _folded(run: list[HistoryEntry], zone: dt.tzinfo) -> HistoryLine:
    """A run of views as one line: how many, by how many people, from when to when."""
    first, last = run[0], run[-1]
    if len(run) == 1:
        return HistoryLine(str(first.seq), moment(first.at, zone), first.by, "Viewed", "")
    who = sorted({e.by for e in run})
    when = f"{moment(first.at, zone)} – {moment(last.at, zone)}"
    return HistoryLine(f"{first.seq}–{last.seq}", when, ", ".join(who),
                       f"Viewed {len(run)} times by {_people(len(who))}", "")


def lines(entries: Iterable[HistoryEntry], zone: dt.tzinfo, *, every_view: bool = False
          ) -> list[HistoryLine]:
    """The history in words, in the order given; unless `every_view`, each run of views in a
    row is one line."""
    shown: list[HistoryLine] = []
    run: list[HistoryEntry] = []
    for entry in entries:
        if entry.action == VIEWED and not every_view:
            run.append(entry)
            continue
        if run:
            shown.append(_folded(run, zone))
            run = []
        what, changed = worded(entry)
        shown.append(HistoryLine(str(entry.seq), moment(entry.at, zone), entry.by, what, changed))
    if run:
        shown.append(_folded(run, zone))
    return shown


@dataclass(frozen=True)
class HistoryPage:
    """One page of a course's history: its lines, its number (1: the latest), and whether
    earlier or later pages exist."""

    lines: list[HistoryLine]
    page: int
    earlier: bool
    later: bool


def course_page_history(db: Database, course_id: str, zone: dt.tzinfo, every_view: bool,
                        page: int = 1) -> HistoryPage:
    """A page of a course's history in words (page 1 the latest entries), views folded unless
    asked for; when earlier entries are left out, the first line says how many."""
    entries, earlier = audit_history.course_history(db, course_id, page)
    shown = lines(entries, zone, every_view=every_view)
    if earlier:
        shown.insert(0, HistoryLine(f"(earlier {earlier})", "", "", (
            f"{earlier} earlier entries are not shown here"),
            f"the whole trail: GET /api/v1/audit?course={course_id}"))
    return HistoryPage(shown, page, earlier > 0, page > 1)

