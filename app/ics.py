"""iCalendar (RFC 5545) exports of plans: all-day events with UIDs that survive re-planning."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from icalendar import Calendar, Event

from app import display
from app.injection import InjectionPlanResult, Visit
from app.settings import get_settings
from app.topical import TopicalPlanResult, describe_strength
from app.units import MG, ML, G

PRODID = "-//STS Planner//Treatment calendar//EN"
UID_DOMAIN = "sts-planner"


def plan_key(*parts: str) -> str:
    """A short stable key for a plan from what identifies it (not from its dates)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(
    uid: str, day: dt.date, summary: str, description: str, clinic: str, stamp: dt.datetime
) -> Event:
    """An all-day event: DATE values, no time zone, DTEND the next day (exclusive)."""
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", clinic)
    event.add("transp", "TRANSPARENT")
    return event


def _visit_text(visit: Visit) -> str:
    lines = [
        f"{dose.name}: {display.quantity(dose.volume, ML)}" for dose in visit.sites
    ]
    lines.append(
        f"Total {display.quantity(visit.volume, ML)}; STS "
        f"{display.quantity(visit.sts_pentahydrate, MG)} (pentahydrate)"
    )
    if visit.moved_from is not None:
        lines.append(f"Moved from {display.date(visit.moved_from)}")
    lines += [f"Warning: {w.message}" for w in visit.warnings]
    return "\n".join(lines)


def _finish(calendar: Calendar, events: Iterable[Event]) -> bytes:
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def injection_calendar(
    result: InjectionPlanResult, key: str, clinic: str | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """One all-day event per injection visit, UID by plan key and round number."""
    clinic = clinic if clinic is not None else get_settings().clinic_name
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = _calendar(f"{clinic}: STS injections")
    events = (
        _event(
            f"sts-{key}-round-{visit.round}", visit.date,
            f"STS injection, round {visit.round} ({len(visit.sites)} sites)",
            _visit_text(visit), clinic, stamp,
        )
        for visit in result.visits
    )
    return _finish(calendar, events)


def topical_calendar(
    result: TopicalPlanResult, key: str, clinic: str | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """One all-day event per review visit and per strength change (the start counts as one)."""
    clinic = clinic if clinic is not None else get_settings().clinic_name
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = _calendar(f"{clinic}: topical STS")
    events: list[Event] = []
    previous = None
    changes = 0
    for block in result.blocks:
        if previous is not None and block.strength == previous:
            continue
        changes += 1
        strength = describe_strength(block.strength)
        events.append(_event(
            f"sts-{key}-strength-{changes}", block.start, f"Topical STS: start {strength}",
            f"Apply {strength} under occlusion from today; about "
            f"{display.quantity(result.amount_per_application, G)} per application.",
            clinic, stamp,
        ))
        previous = block.strength
    for number, day in enumerate(result.reviews, start=1):
        events.append(_event(
            f"sts-{key}-review-{number}", day, f"Topical STS review {number}",
            f"Review of topical STS at {clinic}.", clinic, stamp,
        ))
    return _finish(calendar, sorted(events, key=lambda e: e.decoded("dtstart")))
