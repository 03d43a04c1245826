"""The regular expressions the API's schema states for quantity text (a number in range and its
unit) and for dates up to a given day; pure text, checked against the validators by tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.quantities.registry import Quantity

# A range as written in a pattern: the lowest and highest numbers and the unit's text.
Written = tuple[Decimal, Decimal, str]
# Per cent of a mass per mass or a mass per volume: 1 % is 10 mg/g or 10 mg/mL.
_PERCENT_OF = {"mg/g": "% w/w", "mg/mL": "% w/v"}


def _decimal(magnitude: float) -> Decimal:
    """A limit's number as a decimal with one significant digit (0.01, 0.2, 500, 10000)."""
    number = Decimal(repr(magnitude)).normalize()
    if len(number.as_tuple().digits) != 1:
        raise ValueError(f"a pattern's limit has one significant digit, not {number}")
    return number


def written_ranges(minima: tuple[str, ...], maxima: tuple[str, ...], units: tuple[str, ...],
                   *, percent: bool) -> tuple[Written, ...]:
    """Each (minimum, maximum) pair as numbers in `units` (or the minimum's own unit), with the
    percentage that writes the same range where the kind takes one."""
    ranges: list[Written] = []
    units = units or tuple(text.split()[1] for text in minima)
    for low, high, unit in zip(minima, maxima, units, strict=True):
        ranges.append((_in(low, unit), _in(high, unit), unit.replace("**", "^")))
        if percent and unit in _PERCENT_OF:
            ranges.append((ranges[-1][0] / 10, ranges[-1][1] / 10, _PERCENT_OF[unit]))
    return tuple(ranges)


def _in(limit: str, unit: str) -> Decimal:
    """A limit written as text, such as '10 kg', as a number of `unit` ('g': 10000)."""
    number, written = limit.split()
    return _decimal(Quantity(float(number), written).to(unit).magnitude)


def _at_least(low: Decimal) -> list[str]:
    """Patterns for the fraction (the digits after '0.') of a number from `low` up to 1."""
    zeros = -low.adjusted() - 1  # 0.01 has one zero after the point before its digit
    digit = int(low.as_tuple().digits[0])
    shorter = [f"{'0' * count}[1-9]" for count in range(zeros)]
    return [*shorter, f"{'0' * zeros}[{digit}-9]"]


def number_pattern(low: Decimal, high: Decimal) -> str:
    """A regular expression for a decimal number from `low` (below 1) to `high` (1 or more),
    each with one significant digit, written without an exponent or leading zeros."""
    places, top = high.adjusted(), int(high.as_tuple().digits[0])
    fraction = r"(?:\.[0-9]+)?"
    whole = [f"[1-9][0-9]{{0,{places - 1}}}"] if places else []
    if top > 1:
        whole.append(f"[1-{top - 1}]" + (f"[0-9]{{{places}}}" if places else ""))
    below_one = f"0?\\.(?:{'|'.join(_at_least(low))})[0-9]*"
    exactly_high = f"{top}{'0' * places}(?:\\.0+)?"
    return f"(?:{below_one}|(?:{'|'.join(whole)}){fraction}|{exactly_high})"


def quantity_pattern(ranges: tuple[Written, ...], allow_zero: bool) -> str:
    """The pattern of a quantity's text: a number in range, an optional space, its unit."""
    # Written out rather than escaped by `re`, which escapes a space: ECMA's unicode mode refuses.
    spelled = [unit.replace("^", "\\^").replace(" ", " ?") for _, _, unit in ranges]
    ways = [f"{number_pattern(low, high)} ?{unit}"
            for (low, high, _), unit in zip(ranges, spelled, strict=True)]
    if allow_zero:
        ways.extend(f"0(?:\\.0+)? ?{unit}" for unit in spelled)
    return f"^(?:{'|'.join(ways)})$"


def _not_above(limit: str) -> list[str]:
    """Patterns for the digit strings as long as `limit` and not above it ('25': [0-1]x, 2[0-5])."""
    ways = []
    for place, digit in enumerate(limit):
        if digit != "0":
            lower = "0" if digit == "1" else f"[0-{int(digit) - 1}]"
            rest = len(limit) - place - 1
            ways.append(limit[:place] + lower + ("[0-9]" * rest))
    return [*ways, limit]


def date_pattern_up_to(day: dt.date) -> str:
    """The years 1900–2200 as DATE_PATTERN has them, but no later than `day`."""
    last = f"{day.year - 1:04d}"  # the years before `day`'s, from 1900
    years = [f"19(?:{'|'.join(_not_above(last[2:]))})"] if last < "2000" else [
        "19[0-9]{2}", f"2(?:{'|'.join(_not_above(last[1:]))})"]
    ways = [f"(?:{'|'.join(years)})-[0-9]{{2}}-[0-9]{{2}}"]
    if day.month > 1:
        ways.append(f"{day.year}-(?:{'|'.join(_not_above(f'{day.month - 1:02d}'))})-[0-9]{{2}}")
    ways.append(f"{day.year}-{day.month:02d}-(?:{'|'.join(_not_above(f'{day.day:02d}'))})")
    return f"^(?:{'|'.join(ways)})$"
