"""The planners' print views: the round sheet and the two patient calendars, each also a PDF."""

from __future__ import annotations

from fastapi import APIRouter

from app.web.planners import calendars, round_sheet
from app.web.printing.views import register

router = APIRouter(include_in_schema=False)

register(router, "/injection/round-sheet", "print/round_sheet.html", round_sheet.round_sheet,
         "sts-clinic-round-sheet.pdf")
register(router, "/injection/calendar", "print/injection_calendar.html",
         calendars.injection_calendar, "sts-injection-calendar.pdf")
register(router, "/topical/calendar", "print/topical_calendar.html", calendars.topical_calendar,
         "sts-topical-calendar.pdf")
