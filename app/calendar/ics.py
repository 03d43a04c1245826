"""iCalendar (RFC 5545) exports of plans: all-day events with UIDs that survive re-planning."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.i18n.catalogues import SOURCE
from app.i18n.language import Language, language
from app.injection.plan import InjectionPlanResult, Visit
from app.quantities.registry import MG, ML, G
from app.topical.plan import TopicalPlanResult

# icalendar is imported where a file is made, not here: it is a tenth of a second of every
# server start, and most starts never export a calendar.
if TYPE_CHECKING:
    from icalendar import Alarm, Event

PRODID = "-//STS Planner//Treatment calendar//EN"
UID_DOMAIN = "sts-planner"


def plan_key(*parts: str) -> str:
    """A short stable key for a plan from what identifies it (not from its dates)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class _Export:
    """What every event of one calendar file shares: the clinic, when the file was made, and
    the patient's language its words are in."""

    clinic: str
    stamp: dt.datetime
    words: Language

    @classmethod
    def of(cls, clinic: str, stamp: dt.datetime | None, words: Language | None) -> _Export:
        """The clinic named, the time now unless a stamp is given, English unless a language
        is."""
        return cls(clinic, stamp or dt.datetime.now(dt.UTC), words or language(SOURCE))

    def event(
        self, uid: str, day: dt.date, summary: str, description: str, *,
        visit: bool = False, at: dt.time | None = None,
    ) -> Event:
        """An all-day event (DATE values, DTEND the next day, exclusive), or one starting at the
        clinic's visit time (floating local time: the clinic's clock, wherever the phone is).
        A clinic visit is busy time and carries a reminder the day before."""
        from icalendar import Event

        event = Event()
        event.add("uid", f"{uid}@{UID_DOMAIN}")
        event.add("dtstamp", self.stamp)
        if at is None:
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
        else:
            event.add("dtstart", dt.datetime.combine(day, at))
        event.add("summary", summary)
        event.add("description", description)
        event.add("location", self.clinic)
        event.add("transp", "OPAQUE" if visit else "TRANSPARENT")
        if visit:
            tomorrow = self.words.gettext("Tomorrow: %(summary)s") % {"summary": summary}
            event.add_component(_day_before(tomorrow, at))
        return event

    def calendar(self, name: str, events: Iterable[Event]) -> bytes:
        """The calendar file, named for the clinic, holding the events."""
        from icalendar import Calendar

        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", f"{self.clinic}: {name}")
        for event in events:
            calendar.add_component(event)
        return bytes(calendar.to_ical())


def _day_before(description: str, at: dt.time | None) -> Alarm:
    """A reminder the day before: at the visit's time, or at 09:00 for an all-day visit."""
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    # An all-day event starts at midnight; 15 hours before it is 09:00 the day before.
    alarm.add("trigger", -dt.timedelta(days=1) if at is not None else -dt.timedelta(hours=15))
    return alarm


def count(number: int, noun: str) -> str:
    """'1 site', '2 sites': a count that reads as English."""
    return f"{number} {noun if number == 1 else noun + 's'}"


def _visit_text(visit: Visit, words: Language) -> str:
    lines = [f"{dose.name}: {words.quantity(dose.volume, ML)}" for dose in visit.sites]
    lines.append(words.gettext("Total %(volume)s; STS %(sts)s (pentahydrate)") % {
        "volume": words.quantity(visit.volume, ML),
        "sts": words.quantity(visit.sts_pentahydrate, MG)})
    if visit.moved_from is not None:
        lines.append(words.gettext("Moved from %(date)s") % {
            "date": words.long_date(visit.moved_from)})
    # No planner warning: each is the prescriber's to act on before the plan is given out
    # (docs/translations.md), and the patient's calendar is the wrong place for it.
    return "\n".join(lines)


def _visit_summary(visit: Visit, words: Language) -> str:
    sites = len(visit.sites)
    return words.ngettext(
        "STS injection, round %(round)d (%(count)d site)",
        "STS injection, round %(round)d (%(count)d sites)", sites,
    ) % {"round": visit.round, "count": sites}


def injection_calendar(
    result: InjectionPlanResult, key: str, clinic: str, stamp: dt.datetime | None = None,
    at: dt.time | None = None, words: Language | None = None,
) -> bytes:
    """One event per injection visit (all day, or at the visit time), UID by plan key and round,
    worded in the patient's language."""
    export = _Export.of(clinic, stamp, words)
    return export.calendar(export.words.gettext("STS injections"), (
        export.event(
            f"sts-{key}-round-{visit.round}", visit.date, _visit_summary(visit, export.words),
            _visit_text(visit, export.words), visit=True, at=at,
        )
        for visit in result.visits
    ))


def topical_calendar(
    result: TopicalPlanResult, key: str, clinic: str, stamp: dt.datetime | None = None,
    at: dt.time | None = None, done: frozenset[int] = frozenset(),
    words: Language | None = None,
) -> bytes:
    """One all-day event per review visit and per strength change (the start counts as one);
    reviews numbered in `done` (already held) are left out, the others keep their numbers."""
    export = _Export.of(clinic, stamp, words)
    say = export.words
    events: list[Event] = []
    previous = None
    changes = 0
    for block in result.blocks:
        if previous is not None and block.strength == previous:
            continue
        changes += 1
        strength = say.strength(block.strength)
        events.append(export.event(
            f"sts-{key}-strength-{changes}", block.start,
            say.gettext("Topical STS: start %(strength)s") % {"strength": strength},
            say.gettext("Apply %(strength)s under occlusion from today; about %(amount)s per "
                        "application.") % {
                # Two figures, as the patient's calendar says it: a smear is not weighed.
                "strength": strength,
                "amount": say.quantity(result.amount_per_application, G, 2)},
        ))
        previous = block.strength
    for number, day in enumerate(result.reviews, start=1):
        if number in done:
            continue
        events.append(export.event(
            f"sts-{key}-review-{number}", day,
            say.gettext("Topical STS review %(number)d") % {"number": number},
            say.gettext("Review of topical STS at %(clinic)s.") % {"clinic": export.clinic},
            visit=True, at=at,
        ))
    return export.calendar(say.gettext("topical STS"), sorted(events, key=_starts))


def _starts(event: Event) -> dt.datetime:
    """When an event starts, as a date-time: all-day strength changes (dates) sort among the
    reviews at the visit time (date-times), which Python will not compare with a date."""
    start = event.decoded("dtstart")
    return start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
