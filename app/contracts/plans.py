"""Request bodies for the plan endpoints, with the planner's limits built in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated

from pydantic import AfterValidator, Field, JsonValue, Strict, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from app.clinical.chemistry import Basis
from app.contracts.fields import (
    AmountPerArea,
    ApiModel,
    Area,
    BodyWeight,
    Concentration,
    Density,
    IsoDate,
    JsonInteger,
    Mass,
    PlainName,
    PlainText,
    Strength,
    StrictNumber,
    Volume,
    one_way,
    past_date_schema,
)
from app.pharmacy.products import Diluent
from app.topical.amounts import AmountConvention

MAX_SITES = 60
MAX_STEPS = 20
MAX_ROUNDS_PER_SITE = 52
MAX_FIRST_ROUND = 104
MAX_ROUND = MAX_FIRST_ROUND + MAX_ROUNDS_PER_SITE - 1
MAX_TOPICAL_DAYS = 1095
MAX_CLOSED_DATES = 400

Name = Annotated[PlainName, StringConstraints(max_length=80)]
PlanDate = IsoDate
Interval = Annotated[int, Strict(), Field(ge=1, le=365), JsonInteger,
                     Field(description="days between rounds, 1–365")]
Weekday = Annotated[int, Strict(), Field(ge=1, le=7), JsonInteger,
                    Field(description="ISO weekday, 1 = Monday")]
Rounds = Annotated[int, Strict(), Field(ge=1, le=MAX_ROUNDS_PER_SITE), JsonInteger]
FirstRound = Annotated[int, Strict(), Field(ge=1, le=MAX_FIRST_ROUND), JsonInteger]
RoundNumber = Annotated[int, Strict(), Field(ge=1, le=MAX_ROUND), JsonInteger]
StepDays = Annotated[int, Strict(), Field(ge=1, le=MAX_TOPICAL_DAYS), JsonInteger]
PerDay = Annotated[int, Strict(), Field(ge=1, le=6), JsonInteger]
PlanId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
# The date is already tomorrow somewhere while it is today here: a birth date up to the latest
# date on Earth (UTC+14) is taken, so a true one is never refused for a clinic's time zone.
_LATEST_OFFSET = dt.timedelta(hours=14)


def _not_after_today(born: dt.date) -> dt.date:
    """A birth date no later than today, wherever the clinic is."""
    if born > (dt.datetime.now(dt.UTC) + _LATEST_OFFSET).date():
        raise PydanticCustomError(
            "birth_date_in_future", "must not be after today: a birth date is in the past")
    return born


BirthDate = Annotated[
    IsoDate, AfterValidator(_not_after_today),
    Field(description=(
        "optional, ISO date, not after today: sets a child's lidocaine figure (BNF for "
        "Children, 1 month to 11 years) on the visits it applies to; refused when after the "
        "first day or beyond the oldest human age"
    ), json_schema_extra=past_date_schema),  # "not after today" as a pattern
]
WEIGHT_HELP = (
    "optional: sets the STS reference to 250 mg/kg up to 12.5 g (and lidocaine per kg); "
    "without it the plan is compared with the adult reference and says so"
)


class MixIn(ApiModel):
    """How the injection is made up: parts of stock to parts of diluent (volumes additive)."""

    # Written as a client writes it and parsed like input (validate_default), so the schema
    # shows it as text: the type checker sees text where the field holds a Quantity.
    stock: Concentration = "250 mg/mL"  # type: ignore[assignment]
    stock_basis: Basis = Basis.PENTAHYDRATE
    diluent: Diluent = Diluent.SALINE
    stock_parts: Annotated[StrictNumber, Field(ge=0.01, le=100)] = 1
    diluent_parts: Annotated[StrictNumber, Field(ge=0, le=100)] = 0


class SiteIn(ApiModel):
    """A lesion: its volume per round, how many rounds, and the round it starts at."""

    name: Name
    volume: Volume
    rounds: Rounds
    first_round: FirstRound = 1


class GivenIn(ApiModel):
    """What actually happened at a round: the date and/or the volume given at some sites."""

    round: RoundNumber
    date: PlanDate | None = Field(
        None, description="the day round `round` was actually given; later rounds follow from it"
    )
    volumes: dict[Name, Volume] = Field(
        default_factory=dict, max_length=MAX_SITES,
        description="site name → the volume actually given there at this round",
        # A key that is not a plain-text name is refused, so the schema says no other keys.
        json_schema_extra={"additionalProperties": False},
    )


class ProtocolLimitsIn(ApiModel):
    """Volume limits of the protocol template a plan started from (filled in by the template)."""

    id: Annotated[PlainName, StringConstraints(max_length=80)]
    source: Annotated[PlainText, StringConstraints(max_length=400)]
    max_site_volume: Volume | None = None
    max_visit_volume: Volume | None = None


_GIVEN_EXAMPLE: JsonValue = [{"round": 2, "date": "2020-05-25", "volumes": {"elbow": "0.8 mL"}}]


class InjectionPlanRequest(ApiModel):
    """Intralesional rounds: sites, interval, mix, closures and what was actually given."""

    model_config = {
        "json_schema_extra": {
            "examples": [{
                "start_date": "2020-05-07",
                "interval_days": 14,
                "mix": {"stock": "250 mg/mL", "diluent": "saline", "stock_parts": 1,
                        "diluent_parts": 0},
                "sites": [
                    {"name": "right middle MCP", "volume": "1.25 mL", "rounds": 4},
                    {"name": "elbow", "volume": "1.25 mL", "rounds": 3, "first_round": 2},
                ],
                "patient_weight": "60 kg",
                "closed_weekdays": [6, 7],
                "closed_dates": ["2020-05-25"],
                "given": _GIVEN_EXAMPLE,
            }]
        }
    }

    start_date: PlanDate
    interval_days: Interval = 14
    mix: MixIn = Field(default_factory=MixIn)
    sites: Annotated[list[SiteIn], Field(min_length=1, max_length=MAX_SITES)]
    patient_weight: BodyWeight | None = Field(None, description=WEIGHT_HELP)
    patient_birth_date: BirthDate | None = None
    # Closing all seven days is refused; the schema says so with "not every weekday".
    closed_weekdays: Annotated[list[Weekday], Field(max_length=7, json_schema_extra={
        "not": {"allOf": [{"contains": {"const": day}} for day in range(1, 8)]}})] = []
    closed_dates: Annotated[list[IsoDate], Field(max_length=MAX_CLOSED_DATES)] = []
    given: Annotated[list[GivenIn], Field(max_length=MAX_ROUND)] = Field(
        default_factory=list,
        description=(
            "Rescheduling as it happens in clinic (optional). Each entry says round N was "
            "actually given on `date` (later rounds keep the interval from that day, and the "
            "visit is kept on that day even if it is a closed day) and/or with different "
            "`volumes` at named sites. A date not after the previous round's is a 422."
        ),
        examples=[_GIVEN_EXAMPLE],
    )
    protocol_limits: ProtocolLimitsIn | None = Field(
        None, description="set by a protocol template: volumes above these raise warnings"
    )
    plan_id: PlanId | None = Field(
        None, description="a key of your own for stable iCalendar UIDs across edits"
    )


class StepIn(ApiModel):
    """One strength applied for a number of days."""

    strength: Strength
    days: StepDays


class TopicalSiteIn(ApiModel):
    """A treated area."""

    name: Name
    area: Area


class TopicalPlanRequest(ApiModel):
    """Daily application under occlusion in strength steps, with reviews."""

    model_config = {"json_schema_extra": one_way(
        (("amount_convention",), ("amount_per_area", "amount_per_application")),
        (("amount_per_area",), ("amount_per_application", "amount_convention")),
        (("amount_per_application",), ("amount_per_area", "amount_convention")),
        extra={"examples": [{
            "start_date": "2025-01-06",
            "steps": [
                {"strength": "3 % w/w", "days": 28},
                {"strength": "10 % w/w", "days": 56},
            ],
            "applications_per_day": 1,
            "sites": [{"name": "left forearm", "area": "50 cm^2"}],
            "amount_convention": "thin_layer",
            "review_interval_days": 14,
            "strength_basis": "pentahydrate",
        }]},
    )}

    start_date: PlanDate
    steps: Annotated[list[StepIn], Field(min_length=1, max_length=MAX_STEPS)]
    applications_per_day: PerDay = 1
    sites: Annotated[list[TopicalSiteIn], Field(min_length=1, max_length=MAX_SITES)]
    amount_per_area: AmountPerArea | None = None
    amount_per_application: Mass | None = None
    amount_convention: AmountConvention | None = Field(
        None,
        description=(
            "a named convention: thin_layer fills amount_per_area with 1 g per 10 × 10 cm "
            "(Murtagh; 10 mg/cm², a heavy layer, about six times the fingertip-unit density); "
            "ftu_adult_man/woman give each site 0.5 g per 312 cm² / 0.4 g per 257 cm² in "
            "proportion to its area, unrounded; the working names it and its sources, and a "
            "named convention is never refused as implausible"
        ),
    )
    review_interval_days: Interval = 14
    strength_basis: Basis = Basis.PENTAHYDRATE
    density: Density | None = Field(
        None,
        description=(
            "g/mL of the preparation; required when a step is w/v, because the amount applied is "
            "a mass and the planner does not assume 1 g/mL"
        ),
    )
    dispense_step: Mass = Field(
        "5 g",  # type: ignore[arg-type]  # text, parsed like input (see MixIn.stock)
        description="each block's dispensed amount is rounded up to a whole number of these",
    )
    plan_id: PlanId | None = None
    patient_weight: BodyWeight | None = Field(None, description=WEIGHT_HELP.replace(
        " (and lidocaine per kg)", " a day"))
    patient_birth_date: BirthDate | None = None

    @model_validator(mode="after")
    def limits_and_one_amount(self) -> TopicalPlanRequest:
        days = sum(step.days for step in self.steps)
        if days > MAX_TOPICAL_DAYS:
            raise ValueError(f"steps add up to {days} days; at most {MAX_TOPICAL_DAYS} are planned")
        explicit = (self.amount_per_area is not None) + (self.amount_per_application is not None)
        if self.amount_convention is not None and explicit:
            raise ValueError(
                "give amount_convention or an explicit amount_per_area / amount_per_application, "
                "not both"
            )
        if self.amount_convention is None and explicit != 1:
            raise ValueError(
                "give exactly one of amount_per_area or amount_per_application (or name an "
                "amount_convention); got " + ("both" if explicit == 2 else "neither")
            )
        return self


def with_patient(
    plan: Mapping[str, object], birth_date: str | None, weight: str | None = None
) -> dict[str, object]:
    """A kept course's plan with its patient's birth date (and weight, where one is kept) filled
    in where the plan gives none, so the schedule checks the course for its own patient; a
    value the plan states itself is kept. Pure: the caller passes what the course holds."""
    filled = dict(plan)
    for name, value in (("patient_birth_date", birth_date), ("patient_weight", weight)):
        if value is not None and filled.get(name) is None:
            filled[name] = value
    return filled
