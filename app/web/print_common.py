"""Pieces the print views share: worded table lines, amounts rounded to what can be measured."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from app import measure
from app.display import fixed
from app.facts import BALANCE_RESOLUTION
from app.units import ML, G
from app.web import forms


@dataclass(frozen=True)
class Line:
    """One row of a printed table: what, how much (already worded), and a note."""

    what: str
    amount: str
    note: str = ""


def places(step: Any) -> int:
    """Decimal places a measuring step such as 0.2 mL or 0.01 g is written with."""
    exponent = Decimal(repr(float(step.magnitude))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def drawn(what: str, volume: Any, working: Any) -> Line:
    """A volume to draw up, written to its syringe's marks, with the sentence saying how."""
    result = measure.draw_up(volume)
    working.cite(result.fact)
    step = measure.syringe_for(volume).graduation
    return Line(what, fixed(result.quantity, ML, places(step)), result.how)


def weighed(what: str, mass: Any, working: Any) -> Line:
    """A mass to weigh, written to the balance's resolution, with the sentence saying how."""
    result = measure.weigh(mass)
    working.cite(result.fact)
    return Line(what, fixed(result.quantity, G, places(BALANCE_RESOLUTION.value)), result.how)


def sources_of(working: Any) -> list[dict[str, str]]:
    """The facts a calculation cited, each with its value and source."""
    return list(working.sources()) if working is not None else []


def nothing_to_print(form: forms.Form[Any], what: str) -> dict[str, str]:
    """The form's errors, or a sentence saying the form is still empty."""
    if form.errors:
        return dict(form.errors)
    return {"form": f"There is nothing to print yet: fill in the {what} first."}


def plan_query(params: QueryParams) -> str:
    """The plan's own query string, without the print-only parameter."""
    return urlencode([(k, v) for k, v in params.multi_items() if k != "paper"])
