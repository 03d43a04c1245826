"""One language's words, dates and numbers, chosen per printout and never kept between them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel import dates as cldr
from babel.support import Translations

from app.i18n.catalogues import SOURCE, translations
from app.quantities import display
from app.quantities.registry import PintUnit, Qty

# A point or comma with a digit on each side is a number's decimal or grouping mark; a comma
# followed by a space ("30 mg/g, pentahydrate") is punctuation and stays.
_MARK = re.compile(r"(?<=\d)[.,](?=\d)")


@dataclass(frozen=True)
class Language:
    """A language's messages and its way of writing dates and numbers (English as it always was:
    the messages are written in it, and its dates never changed)."""

    code: str
    messages: Translations

    @property
    def is_source(self) -> bool:
        """True for the language the messages are written in."""
        return self.code == SOURCE

    def gettext(self, message: str) -> str:
        """The message in this language."""
        return self.messages.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural message for `count`, as this language counts."""
        return self.messages.ngettext(singular, plural, count)

    def marked(self, text: str) -> str:
        """Text whose numbers (already rounded by app.quantities.display) take this language's
        decimal and grouping marks: '1,25 mL', '1.250 mg' in Italian."""
        if self.is_source:
            return text
        decimal, group = _marks(self.code)
        return _MARK.sub(lambda m: decimal if m.group() == "." else group, text)

    def number(self, value: float, significant: int = 4) -> str:
        """A number rounded as everywhere else, written with this language's marks."""
        return self.marked(display.number(value, significant))

    def quantity(self, value: Qty, unit: PintUnit, significant: int = 4) -> str:
        """A quantity rounded as everywhere else, written with this language's marks."""
        return self.marked(display.quantity(value, unit, significant))

    def fixed(self, value: Qty, unit: PintUnit, places: int) -> str:
        """A quantity to fixed places, written with this language's marks."""
        return self.marked(display.fixed(value, unit, places))

    def strength(
        self, value: Qty, basis: str | None = None, *, concentration: bool = True
    ) -> str:
        """A strength as the jar's label words it, with this language's marks."""
        return self.marked(display.strength(value, basis, concentration=concentration))

    def date(self, day: dt.date) -> str:
        """A date for a table: 'Thu 7 May 2020'; '7 mag 2020' (the locale's medium date, its
        year in four digits, its month in full where the short name is also a weekday's:
        '3 marzo 2020', as 'mar' is martedì too)."""
        if self.is_source:
            return display.date(day)
        return _cldr(self.code, day, _unambiguous(self.code, day, _medium(self.code)))

    def long_date(self, day: dt.date) -> str:
        """A date where there is room: 'Thu 7 May 2020'; 'giovedì 7 maggio 2020'."""
        return display.date(day) if self.is_source else _cldr(self.code, day, "full")

    def grid_day(self, day: dt.date) -> str:
        """A day in its calendar cell: 'Thu 7 May'; 'giovedì 7 mag' (a weekday in full, since
        some languages abbreviate a weekday and a month alike: 'mar')."""
        if self.is_source:
            return f"{day:%a} {day.day} {day:%b}"
        month = _unambiguous(self.code, day, "skeleton:MMMd")
        return f"{_cldr(self.code, day, 'EEEE')} {_cldr(self.code, day, month)}"

    def weekdays(self) -> list[tuple[str, str]]:
        """Monday to Sunday, each in full and short (the grid's header on a narrow screen, where
        in a row of weekdays 'mar' can only be martedì)."""
        if self.is_source:
            names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            return [(name, name[:3]) for name in names]
        wide = cldr.get_day_names("wide", locale=self.code)
        short = cldr.get_day_names("abbreviated", locale=self.code)
        return [(str(wide[n]), str(short[n])) for n in range(7)]

    def time(self, at: dt.time) -> str:
        """A clinic time on the 24-hour clock, '09:30', as the planner takes it."""
        return f"{at:%H:%M}"


@lru_cache(maxsize=16)
def language(code: str) -> Language:
    """The language of a catalogue there is (a ValueError naming those there are otherwise)."""
    return Language(code, translations(code))


@lru_cache(maxsize=16)
def _medium(code: str) -> str:
    """The locale's medium date pattern, its year always in full ('d MMM y' in Italian)."""
    pattern = str(Locale.parse(code).date_formats["medium"].pattern)
    return pattern if "yy" not in pattern or "yyyy" in pattern else pattern.replace("yy", "y")


@lru_cache(maxsize=256)
def _unambiguous(code: str, day: dt.date, pattern: str) -> str:
    """The pattern, with the month written in full when its short name could be a weekday."""
    weekdays = {str(name).lower() for name in cldr.get_day_names("abbreviated", locale=code)
                .values()}
    short = _cldr(code, day, "LLL").lower().rstrip(".")
    if short not in weekdays:
        return pattern
    if pattern.startswith("skeleton:"):
        return pattern.replace("MMM", "MMMM")
    return pattern if "MMMM" in pattern else pattern.replace("MMM", "MMMM")


@lru_cache(maxsize=16)
def _marks(code: str) -> tuple[str, str]:
    symbols = Locale.parse(code).number_symbols["latn"]
    return str(symbols["decimal"]), str(symbols["group"])


@lru_cache(maxsize=8192)  # a nine-month calendar writes each of its days more than once
def _cldr(code: str, day: dt.date, pattern: str) -> str:
    if pattern.startswith("skeleton:"):
        return str(cldr.format_skeleton(pattern.removeprefix("skeleton:"), day, locale=code))
    return str(cldr.format_date(day, pattern, locale=code))
