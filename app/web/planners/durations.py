"""Durations as clinicians write them ('21 days', '6 weeks', '3 months'), read as days."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.quantities import display

# A month is counted as 30 days: the form says so beside the field and in the plan, so a
# prescriber who means calendar months (28 to 31 days) can give the days instead.
DAYS_PER_MONTH = 30
DAYS_PER_WEEK = 7
_UNITS = {
    "d": 1, "day": 1, "days": 1,
    "w": DAYS_PER_WEEK, "wk": DAYS_PER_WEEK, "wks": DAYS_PER_WEEK,
    "week": DAYS_PER_WEEK, "weeks": DAYS_PER_WEEK,
    "mo": DAYS_PER_MONTH, "month": DAYS_PER_MONTH, "months": DAYS_PER_MONTH,
}
_DURATION = re.compile(r"(\d{1,4})\s*([a-z]*)")
MONTH_RULE = f"a month is counted as {DAYS_PER_MONTH} days"


@dataclass(frozen=True)
class Duration:
    """A typed duration: the words as typed, the count and unit, and the days they come to."""

    typed: str
    days: int
    unit_days: int

    @property
    def working(self) -> str:
        """How the days were reached, e.g. '3 months = 90 days (a month is counted as 30 days)'."""
        if self.unit_days == 1:
            return display.days(self.days)
        rule = f" ({MONTH_RULE})" if self.unit_days == DAYS_PER_MONTH else ""
        return f"{self.typed} = {display.days(self.days)}{rule}"


def parse_duration(text: str) -> Duration | None:
    """The duration in `text`, or None when it is not a whole number of days, weeks or months."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None or match.group(2) not in {"", *_UNITS}:
        return None
    unit_days = _UNITS.get(match.group(2), 1)
    return Duration(" ".join(text.split()), int(match.group(1)) * unit_days, unit_days)
