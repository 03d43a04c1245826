"""Dates and numbers as the patient reads them: Italian from the locale data, English as it was,
and the same rounding in every language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.i18n.language import language
from app.quantities.registry import CM2, MG, ML, PCT_WW, G, Quantity

IT = language("it")
EN = language("en")
THU = dt.date(2020, 5, 7)


@pytest.mark.parametrize(("day", "table", "full", "cell"), [
    (THU, "7 mag 2020", "giovedì 7 maggio 2020", "giovedì 7 mag"),
    (dt.date(2020, 3, 3), "3 marzo 2020", "martedì 3 marzo 2020", "martedì 3 marzo"),
    (dt.date(2025, 10, 2), "2 ott 2025", "giovedì 2 ottobre 2025", "giovedì 2 ott"),
    (dt.date(2026, 12, 6), "6 dic 2026", "domenica 6 dicembre 2026", "domenica 6 dic"),
])
def test_italian_dates(day: dt.date, table: str, full: str, cell: str) -> None:
    assert (IT.date(day), IT.long_date(day), IT.grid_day(day)) == (table, full, cell)


@pytest.mark.parametrize("day", [THU, dt.date(2020, 3, 3), dt.date(2025, 9, 30)])
def test_english_dates_are_as_they_always_were(day: dt.date) -> None:
    assert EN.date(day) == EN.long_date(day) == f"{day:%a} {day.day} {day:%b %Y}"
    assert EN.grid_day(day) == f"{day:%a} {day.day} {day:%b}"


def test_no_italian_date_of_a_year_has_a_two_digit_year_or_a_weekday_for_a_month() -> None:
    weekdays = {short for _long, short in IT.weekdays()}
    day = dt.date(2024, 1, 1)
    while day.year == 2024:
        words = IT.date(day).split()
        assert words[-1] == "2024" and words[1] not in weekdays, IT.date(day)
        assert IT.grid_day(day).split()[-1] not in weekdays
        day += dt.timedelta(days=1)


def test_italian_weeks_run_monday_to_sunday() -> None:
    assert [name for name, _short in IT.weekdays()] == [
        "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]


@pytest.mark.parametrize(("amount", "unit", "italian", "english"), [
    (Quantity(1.25, ML), ML, "1,25 mL", "1.25 mL"),
    (Quantity(1250, MG), MG, "1.250 mg", "1,250 mg"),
    (Quantity(937.5, MG), MG, "937,5 mg", "937.5 mg"),
    (Quantity(12345.6, MG), MG, "12.346 mg", "12,346 mg"),  # rounded once, the same way
    (Quantity(0.1, G), G, "0,1 g", "0.1 g"),
    (Quantity(50, CM2), CM2, "50 cm²", "50 cm²"),
])
def test_numbers_take_the_language_s_marks_after_the_one_rounding(
    amount: Quantity, unit: object, italian: str, english: str
) -> None:
    assert IT.quantity(amount, unit) == italian  # type: ignore[arg-type]
    assert EN.quantity(amount, unit) == english  # type: ignore[arg-type]


def test_a_strength_keeps_its_words_and_takes_the_marks() -> None:
    strength = Quantity(2.5, PCT_WW)
    assert IT.strength(strength, "pentahydrate") == "2,5 % w/w (25 mg/g, pentahydrate)"
    assert IT.strength(strength, concentration=False) == "2,5 % w/w"
    assert EN.strength(strength, "pentahydrate") == "2.5 % w/w (25 mg/g, pentahydrate)"
    assert IT.marked("1,250.5 mg; 3, 4") == "1.250,5 mg; 3, 4"
    assert re.fullmatch(r"\d+", IT.number(1000)) is None and IT.number(1000) == "1.000"
