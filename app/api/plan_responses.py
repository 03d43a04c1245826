"""Response models of the plan endpoints: the schema OpenAPI publishes for their bodies."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.api.calculator_responses import SourceOut, WarningOut
from app.contracts.fields import QuantityOut


class CautionOut(BaseModel):
    """A caution of the label or for this patient, always listed: a code, words and a source."""

    code: str = Field(description=(
        "renal_impairment, sulfite_sensitivity, pregnancy_breastfeeding, hypotension, "
        "sodium_load; topical: absorption_under_occlusion; and weight_not_given or "
        "lidocaine_age_not_given when the patient's weight or birth date is missing"
    ))
    text: str
    source: str


_CAUTIONS = Field(description="the label's cautions, with this plan's sodium and patient: "
                              "always present, never blocking")


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
    cautions: list[CautionOut] = _CAUTIONS


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
    sts_pentahydrate_dispensed: QuantityOut = Field(
        description="STS in the amount dispensed (sts_pentahydrate is what the block needs)")
    sts_anhydrous_dispensed: QuantityOut
    sodium_per_day: QuantityOut | None = Field(
        None, description="mmol of sodium in a day's applications, were it all absorbed")


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
    sts_pentahydrate_dispensed: QuantityOut = Field(
        description="STS in what is dispensed; sts_pentahydrate counts only what is needed")
    sts_anhydrous_dispensed: QuantityOut


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
    cautions: list[CautionOut] = _CAUTIONS
