"""A plan's warnings for a printout: each once, with the rounds it is for and dates in words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.clinical.working import Caution
from app.quantities.display import date as display_date

# The planner words a visit's warning as "Round 2 (2020-05-21): …"; the sheet lists the rounds.
_ROUND = re.compile(r"Round (\d+) \((\d{4}-\d{2}-\d{2})\): ")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def dates_in_words(text: str) -> str:
    """Every ISO date in `text` written as on the rest of the sheet, e.g. 'Thu 21 May 2020'."""
    return _ISO_DATE.sub(lambda m: display_date(dt.date.fromisoformat(m.group(0))), text)


@dataclass
class SheetWarning:
    """One warning as printed: its number, what it says, its source, and the rounds it is for."""

    number: int
    message: str
    source: str
    rounds: list[tuple[int, str]] = field(default_factory=list)

    @property
    def when(self) -> str:
        """'Round 1 (Thu 7 May 2020)', 'Rounds 1 (…) and 2 (…)', or '' for the whole plan."""
        said = [f"{number} ({day})" for number, day in self.rounds]
        if not said:
            return ""
        listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
        return ("Round " if len(said) == 1 else "Rounds ") + listed


def grouped(warnings: Iterable[Caution]) -> list[SheetWarning]:
    """The warnings with the same words and source merged, in the order first met."""
    found: dict[tuple[str, str], SheetWarning] = {}
    for warning in warnings:
        message = str(warning.message)
        match = _ROUND.match(message)
        words = dates_in_words(message[match.end():] if match else message)
        key = (words, str(warning.source))
        entry = found.setdefault(key, SheetWarning(len(found) + 1, words, str(warning.source)))
        if match:
            day = display_date(dt.date.fromisoformat(match.group(2)))
            entry.rounds.append((int(match.group(1)), day))
    return list(found.values())


def numbers_for(groups: list[SheetWarning], round_number: int) -> list[int]:
    """The numbers of the warnings that apply to one round, for a pointer beside its table."""
    return [g.number for g in groups if any(n == round_number for n, _day in g.rounds)]
