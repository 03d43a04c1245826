"""A course's JSON answer worded for its page: rounds, records, corrections, the record form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.clinical.text import plain
from app.quantities import display
from app.quantities.registry import MG, ML, Quantity

STATUS_WORDS = {"planned": "planned", "given": "given", "deferred": "deferred (moved)",
                "omitted": "omitted", "dispensed": "dispensed", "reviewed": "reviewed"}


def amount(value: dict[str, Any] | None, unit: Any) -> str:
    """A {value, unit} object from the API in the page's words, e.g. '1.25 mL'."""
    if value is None:
        return ""
    return display.quantity(Quantity(value["value"], value["unit"]), unit)


def day(iso: str | None) -> str:
    """An ISO date in words, or '' for none."""
    return "" if not iso else display.date(dt.date.fromisoformat(iso))


def moment(iso: str, zone: dt.tzinfo) -> str:
    """An ISO date-time as the clinic's local date and time."""
    local = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(zone)
    return f"{display.date(local.date())} {local:%H:%M}"


@dataclass(frozen=True)
class RecordView:
    """One record in words; `struck` when it was entered in error (with why, by whom)."""

    id: str
    number: int | None
    label: str  # 'Round 2', 'Block 1' or 'Review 3'
    status: str
    date: str
    volumes: list[tuple[str, str]]
    lot: str
    expiry: str
    reason: str
    note: str
    by: str
    at: str
    struck: bool
    correction: str
    amount: str = ""  # as dispensed, for a topical block


@dataclass(frozen=True)
class RoundView:
    """One round of the schedule as it now stands, with every record about it."""

    number: int
    date: str
    status: str
    moved_from: str
    sites: list[tuple[str, str, str]]  # name, volume, STS
    volume: str
    sts: str
    warnings: list[Any]
    records: list[RecordView]


@dataclass
class RecordForm:
    """The next round's record form: planned values filled in, or what the nurse typed."""

    round: int
    date: str
    status: str = "given"
    volumes: list[tuple[str, str]] = field(default_factory=list)
    lot: str = ""
    expiry: str = ""
    reason: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)


def label(record: dict[str, Any]) -> str:
    """What a record is about: 'Round 2', 'Block 1' or 'Review 3'."""
    for key in ("round", "block", "review"):
        if record.get(key) is not None:
            return f"{key.capitalize()} {record[key]}"
    return "Record"


def record_view(body: dict[str, Any], zone: dt.tzinfo) -> RecordView:
    """A record from the course answer, worded."""
    error = body.get("entered_in_error")
    correction = "" if error is None else (
        f"Entered in error — {error['reason']} ({error['by']}, {moment(error['at'], zone)})")
    return RecordView(
        id=body["id"], number=body.get("round") or body.get("block") or body.get("review"),
        label=label(body),
        status=STATUS_WORDS.get(body["status"], body["status"]), date=day(body["date"]),
        volumes=sorted((body.get("volumes") or {}).items()), lot=body.get("lot") or "",
        expiry=day(body.get("expiry")), reason=body.get("reason") or "",
        note=body.get("note") or "", by=body["by"], at=moment(body["at"], zone),
        struck=error is not None, correction=correction, amount=body.get("amount") or "",
    )


def rounds(course: dict[str, Any], zone: dt.tzinfo) -> list[RoundView]:
    """An injection course's rounds, each with its records (corrections included)."""
    records = [r for r in course["records"] if r.get("round") is not None]
    shown = []
    for visit in course["schedule"].get("visits", []):
        mine = [record_view(r, zone) for r in records if r["round"] == visit["round"]]
        shown.append(RoundView(
            number=visit["round"], date=day(visit["date"]),
            status=STATUS_WORDS.get(visit.get("status", "planned"), "planned"),
            moved_from=day(visit.get("moved_from")),
            sites=[(s["name"], amount(s["volume"], ML), amount(s["sts_pentahydrate"], MG))
                   for s in visit["sites"]],
            volume=amount(visit["volume"], ML), sts=amount(visit["sts_pentahydrate"], MG),
            warnings=visit.get("warnings", []), records=mine,
        ))
    return shown


def next_open(course: dict[str, Any]) -> dict[str, Any] | None:
    """The first round neither given nor omitted, while the course is active."""
    if course["status"] != "active":
        return None
    return next((v for v in course["schedule"].get("visits", [])
                 if v.get("status") in ("planned", "deferred")), None)


def record_form(course: dict[str, Any], today: dt.date) -> RecordForm | None:
    """The next round's form, pre-filled with its planned volumes and today's date."""
    visit = next_open(course)
    if visit is None:
        return None
    planned = {plain(s["name"]): s["volume"] for s in course["plan"].get("sites", [])}
    volumes = [(s["name"], str(planned.get(s["name"], ""))) for s in visit["sites"]]
    return RecordForm(round=visit["round"], date=today.isoformat(), volumes=volumes)


def record_words(record: dict[str, Any]) -> str:
    """A record in one plain sentence, for the page that reports a conflict."""
    what = f"{label(record)}: {record['status']} on {day(record['date'])}"
    if record.get("amount"):
        what += f" ({record['amount']})"
    if record.get("volumes"):
        what += " (" + ", ".join(f"{n} {v}" for n, v in sorted(record["volumes"].items())) + ")"
    if record.get("lot"):
        what += f", lot {record['lot']}, expiry {day(record.get('expiry'))}"
    if record.get("reason"):
        what += f"; reason: {record['reason']}"
    by = f" — recorded by {record['by']}" if record.get("by") else ""
    return what + by


@dataclass(frozen=True)
class DueRow:
    """One open round on the due list, worded."""

    course_id: str
    reference: str
    round: int
    date: str
    sites: list[str]
    volume: str
    sts: str


def due_row(entry: dict[str, Any]) -> DueRow:
    """A due-list entry from the service, worded for the page."""
    return DueRow(entry["course_id"], entry["patient"]["reference"], entry["round"],
                  day(entry["date"]), entry["sites"], amount(entry["visit_volume"], ML),
                  amount(entry["sts_pentahydrate"], MG))
