"""Response bodies of the plan endpoints, and their construction from the domain results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from app.api.calculators import SourceOut, WarningOut
from app.api.fields import QuantityOut, maybe_out, out
from app.compounding import strength_unit
from app.injection import InjectionPlanResult, Visit
from app.topical import Block, TopicalPlanResult
from app.units import MG, MG_PER_ML, ML, MMOL, UNIT_LABELS, G
from app.working import Warning, Working


def _out(quantity: Any, unit: Any) -> QuantityOut:
    """`out` without a conversion when the quantity is already in `unit`: big plans add up."""
    if quantity.units == unit:
        return QuantityOut(value=float(quantity.magnitude), unit=UNIT_LABELS[unit])
    return out(quantity, unit)


def _warnings(found: tuple[Warning, ...]) -> list[WarningOut]:
    return [WarningOut(**w.as_dict()) for w in found]


def _sources(working: Working) -> list[SourceOut]:
    return [SourceOut(**s) for s in working.sources()]


class SiteDoseOut(BaseModel):
    """One site at one visit."""

    name: str
    volume: QuantityOut
    sts_pentahydrate: QuantityOut
    changed: bool = Field(description="true when a `given` entry changed this volume")


class VisitOut(BaseModel):
    """One clinic visit."""

    round: int
    date: dt.date
    moved_from: dt.date | None = Field(
        description="the planned date, when a closure (or a `given` date) put the visit elsewhere"
    )
    given: bool = Field(description="true when the date came from a `given` entry")
    sites: list[SiteDoseOut]
    volume: QuantityOut
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    sodium: QuantityOut
    lidocaine: QuantityOut | None
    warnings: list[WarningOut]
    diluent_sodium: QuantityOut | None = Field(
        None, description="mmol of sodium from a saline diluent, apart from the STS `sodium`"
    )


class InjectionTotalsOut(BaseModel):
    """The course added up: the sums of the visits."""

    volume: QuantityOut
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    sodium: QuantityOut
    lidocaine: QuantityOut | None
    diluent_sodium: QuantityOut | None = Field(
        None, description="mmol of sodium from a saline diluent, apart from the STS `sodium`"
    )


class InjectionPlanOut(BaseModel):
    """A course of intralesional rounds."""

    concentration: QuantityOut
    concentration_anhydrous: QuantityOut
    lidocaine_concentration: QuantityOut | None
    visits: list[VisitOut]
    totals: InjectionTotalsOut
    warnings: list[WarningOut] = Field(
        description=(
            "every warning of the plan: plan-level ones (e.g. short_interval) first, then each "
            "visit's warnings again (their message names the round), so none is missed"
        )
    )
    working: list[str]
    sources: list[SourceOut]


def _visit(visit: Visit) -> VisitOut:
    return VisitOut(
        round=visit.round,
        date=visit.date,
        moved_from=visit.moved_from,
        given=visit.given,
        sites=[
            SiteDoseOut(
                name=d.name, volume=_out(d.volume, ML),
                sts_pentahydrate=_out(d.sts_pentahydrate, MG), changed=d.changed,
            )
            for d in visit.sites
        ],
        volume=_out(visit.volume, ML),
        sts_pentahydrate=_out(visit.sts_pentahydrate, MG),
        sts_anhydrous=out(visit.sts_anhydrous, MG),
        sodium=out(visit.sodium, MMOL),
        lidocaine=maybe_out(visit.lidocaine, MG),
        warnings=_warnings(visit.warnings),
        diluent_sodium=maybe_out(visit.diluent_sodium, MMOL),
    )


def injection_out(result: InjectionPlanResult) -> InjectionPlanOut:
    """The API body for an injection plan."""
    totals = result.totals
    return InjectionPlanOut(
        concentration=out(result.concentration, MG_PER_ML),
        concentration_anhydrous=out(result.concentration_anhydrous, MG_PER_ML),
        lidocaine_concentration=maybe_out(result.lidocaine_concentration, MG_PER_ML),
        visits=[_visit(v) for v in result.visits],
        totals=InjectionTotalsOut(
            volume=out(totals.volume, ML),
            sts_pentahydrate=out(totals.sts_pentahydrate, MG),
            sts_anhydrous=out(totals.sts_anhydrous, MG),
            sodium=out(totals.sodium, MMOL),
            lidocaine=maybe_out(totals.lidocaine, MG),
            diluent_sodium=maybe_out(totals.diluent_sodium, MMOL),
        ),
        warnings=_warnings(result.warnings),
        working=result.working.lines,
        sources=_sources(result.working),
    )


class DispenseOut(BaseModel):
    """The amount to hand out: the preparation rounded up to a whole step, the rounding said."""

    amount: QuantityOut
    step: QuantityOut
    note: str


class BlockOut(BaseModel):
    """Days at one strength between reviews and what they need (preparation unrounded)."""

    start: dt.date
    end: dt.date
    days: int
    strength: QuantityOut
    applications: int
    preparation: QuantityOut
    preparation_volume: QuantityOut | None = Field(description="mL, for a w/v strength")
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    dispense: DispenseOut


class DayOut(BaseModel):
    """One day of the patient's sheet."""

    date: dt.date
    strength: QuantityOut
    applications: int
    dressing_changes: int
    review: bool


class TopicalTotalsOut(BaseModel):
    """The course added up: the sums of the blocks."""

    days: int
    applications: int
    preparation: QuantityOut
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    dispense: QuantityOut


class TopicalPlanOut(BaseModel):
    """A topical course under occlusion."""

    end_date: dt.date
    reviews: list[dt.date]
    amount_per_application: QuantityOut
    blocks: list[BlockOut]
    calendar: list[DayOut]
    totals: TopicalTotalsOut
    warnings: list[WarningOut]
    working: list[str]
    sources: list[SourceOut]


def _block(block: Block) -> BlockOut:
    return BlockOut(
        start=block.start,
        end=block.end,
        days=block.days,
        strength=out(block.strength, strength_unit(block.strength)),
        applications=block.applications,
        preparation=out(block.preparation, G),
        preparation_volume=maybe_out(block.preparation_volume, ML),
        sts_pentahydrate=out(block.sts_pentahydrate, G),
        sts_anhydrous=out(block.sts_anhydrous, G),
        dispense=DispenseOut(
            amount=out(block.dispense.amount, G), step=out(block.dispense.step, G),
            note=block.dispense.note,
        ),
    )


def topical_out(result: TopicalPlanResult) -> TopicalPlanOut:
    """The API body for a topical plan."""
    totals = result.totals
    strengths = {id(b.strength): out(b.strength, strength_unit(b.strength)) for b in result.blocks}
    return TopicalPlanOut(
        end_date=result.end_date,
        reviews=list(result.reviews),
        amount_per_application=out(result.amount_per_application, G),
        blocks=[_block(b) for b in result.blocks],
        calendar=[
            DayOut(
                date=d.date,
                strength=strengths.get(id(d.strength))
                or out(d.strength, strength_unit(d.strength)),
                applications=d.applications,
                dressing_changes=d.dressing_changes, review=d.review,
            )
            for d in result.calendar
        ],
        totals=TopicalTotalsOut(
            days=totals.days,
            applications=totals.applications,
            preparation=out(totals.preparation, G),
            sts_pentahydrate=out(totals.sts_pentahydrate, G),
            sts_anhydrous=out(totals.sts_anhydrous, G),
            dispense=out(totals.dispense, G),
        ),
        warnings=_warnings(result.warnings),
        working=result.working.lines,
        sources=_sources(result.working),
    )
