"""How a topical course is applied, worded for its page, and each block's pharmacy records."""

from __future__ import annotations

from dataclasses import dataclass

from app.contracts.plans import TopicalPlanRequest
from app.courses.views import CourseView
from app.quantities import display
from app.quantities.registry import CM2, MG, G, Qty, Quantity
from app.topical.models import TopicalPlanResult
from app.web.pharmacy.records import block_worksheets


@dataclass(frozen=True)
class SiteShare:
    """One site: its name and area, and the preparation it gets at each application."""

    name: str
    area: str
    amount: str


@dataclass(frozen=True)
class Application:
    """How to apply: the sites and their shares, the total, how often, and the dressing."""

    sites: list[SiteShare]
    area: str  # all sites together
    per_application: str  # all sites together
    times_a_day: int
    dressings_a_day: int


@dataclass(frozen=True)
class BlockRecords:
    """A block's compounding worksheet and label, opened with its strength and amount."""

    number: int
    worksheet: str
    label: str


def _parts(course: CourseView) -> tuple[TopicalPlanResult, TopicalPlanRequest] | None:
    result, request = course.schedule.result, course.schedule.request
    if isinstance(result, TopicalPlanResult) and isinstance(request, TopicalPlanRequest):
        return result, request
    return None


def _mass(amount: Qty) -> str:
    """Under a gram a share reads better in mg, as the planner's working says it."""
    return display.quantity(amount, MG if amount.to(G).magnitude < 1 else G, 3)


def application(course: CourseView) -> Application | None:
    """How a topical course is applied: each site's share of an application is in proportion
    to its area, as the planner shares it (a total given for all sites is shared the same way)."""
    parts = _parts(course)
    if parts is None:
        return None
    result, request = parts
    area = sum((site.area for site in request.sites), Quantity(0.0, CM2))
    each = result.amount_per_application
    shares = [SiteShare(site.name, display.quantity(site.area, CM2),
                        _mass((each * (site.area / area)).to(G)))
              for site in request.sites]
    dressings = result.calendar[0].dressing_changes if result.calendar else 0
    return Application(shares, display.quantity(area, CM2), _mass(each.to(G)),
                       request.applications_per_day, dressings)


def block_records(course: CourseView) -> list[BlockRecords]:
    """For each block, the worksheet and label of the pharmacy records that make what it
    dispenses, at its strength (the links the topical planner gives)."""
    parts = _parts(course)
    if parts is None:
        return []
    result, request = parts
    return [BlockRecords(n, f"/pharmacy/records/compounding?{query}",
                         f"/pharmacy/records/label?{query}")
            for n, query in enumerate(block_worksheets(result, request.strength_basis), start=1)]
