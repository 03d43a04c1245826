"""Pieces the print views share: worded table lines, amounts rounded to what can be measured."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from app.clinical.working import Working
from app.pharmacy import measuring as measure
from app.quantities.registry import Qty
from app.web import forms


@dataclass(frozen=True)
class Line:
    """One row of a printed table: what, how much (already worded), and a note."""

    what: str
    amount: str
    note: str = ""


def drawn(what: str, volume: Qty, working: Working) -> Line:
    """A volume to draw up, written to its syringe's marks, with the sentence saying how."""
    result = measure.draw_up(volume)
    working.cite(result.fact)
    return Line(what, result.shown, result.how)


def weighed(what: str, mass: Qty, working: Working) -> Line:
    """A mass to weigh, written to the balance's resolution, with the sentence saying how."""
    result = measure.weigh(mass)
    working.cite(result.fact)
    return Line(what, result.shown, result.how)


def sources_of(working: Working | None) -> list[dict[str, str]]:
    """The facts a calculation cited, each with its value and source."""
    return list(working.sources()) if working is not None else []


def nothing_to_print(form: forms.Form[forms.Model], what: str) -> dict[str, str]:
    """The form's errors, or a sentence saying the form is still empty."""
    if form.errors:
        return dict(form.errors)
    return {"form": f"There is nothing to print yet: fill in the {what} first."}


def plan_query(params: QueryParams) -> str:
    """The plan's own query string, without the print-only parameter."""
    return urlencode([(k, v) for k, v in params.multi_items() if k != "paper"])
