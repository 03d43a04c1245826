"""Routes for the pharmacy calculators: mix, compound and batch check."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from app.api.fields import (
    ApiModel,
    BatchAmount,
    Concentration,
    Mass,
    QuantityOut,
    Strength,
    StrictNumber,
    Volume,
    VolumeOrZero,
    maybe_out,
    out,
)
from app.api.strict_json import StrictJsonRoute
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.clinical.working import Working
from app.pharmacy import compounding, formulas, mixing
from app.pharmacy.compounding import strength_unit
from app.pharmacy.products import Diluent
from app.quantities.registry import MG, MG_PER_ML, ML, MMOL, G, is_weight_per_weight

# A JSON body sent without a Content-Type header (requests' `data=json.dumps(...)`) is read as
# JSON rather than refused: the API keeps no state and takes no cookies, so there is no CSRF to
# guard against, and outside clients do send such bodies.
router = APIRouter(prefix="/api/v1", tags=["calculators"], strict_content_type=False,
                   route_class=StrictJsonRoute)


class WarningOut(BaseModel):
    """A caution that never blocks a result."""

    code: str
    message: str
    source: str


class SourceOut(BaseModel):
    """A constant the calculation used and where it comes from."""

    name: str
    value: str
    source: str


def sources(working: Working) -> list[SourceOut]:
    """The facts a calculation cited, for the response."""
    return [SourceOut(**source) for source in working.sources()]


def weighed_fields(made: compounding.Preparation | formulas.FormulaBatch) -> dict[str, Any]:
    """The fields a compound and a formula result share: powder, STS, strength and working."""
    return {
        "powder": out(made.powder, G),
        "sts_pentahydrate": out(made.sts_pentahydrate, G),
        "sts_anhydrous": out(made.sts_anhydrous, G),
        "strength": out(made.strength, strength_unit(made.strength)),
        "working": made.working.lines,
        "warnings": [WarningOut(**w.as_dict()) for w in made.warnings],
        "sources": sources(made.working),
    }


class MixRequest(ApiModel):
    """Dilute an STS stock: give stock and diluent volumes, or a target and a final volume."""

    stock: Concentration = "250 mg/mL"
    stock_basis: Basis = Basis.PENTAHYDRATE
    diluent: Diluent = Diluent.SALINE
    stock_volume: Volume | None = None
    diluent_volume: VolumeOrZero | None = None
    target: Concentration | None = None
    final_volume: Volume | None = None

    @model_validator(mode="after")
    def one_way_of_mixing(self) -> MixRequest:
        by_volumes = self.stock_volume is not None and self.diluent_volume is not None
        to_target = self.target is not None and self.final_volume is not None
        if by_volumes == to_target:
            raise PydanticCustomError(
                "value_error",
                "give either stock_volume and diluent_volume, or target and final_volume "
                "(not both, not neither)",
            )
        return self


class LidocaineOut(BaseModel):
    """Lidocaine in a mix made with a lidocaine diluent."""

    concentration: QuantityOut
    amount: QuantityOut


class MixResult(BaseModel):
    """What a mix contains, on both salt bases, with its working."""

    stock_volume: QuantityOut
    diluent_volume: QuantityOut
    final_volume: QuantityOut
    concentration: QuantityOut
    concentration_anhydrous: QuantityOut
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    thiosulfate: QuantityOut
    sodium: QuantityOut
    diluent_sodium: QuantityOut | None = Field(
        None, description="sodium from a saline diluent, reported apart from the STS sodium"
    )
    lidocaine: LidocaineOut | None
    working: list[str]
    sources: list[SourceOut]


def run_mix(request: MixRequest) -> mixing.MixResult:
    """Call the mixing core the way the request asks."""
    if request.target is not None and request.final_volume is not None:
        return mixing.to_target(
            request.stock, request.stock_basis, request.diluent, request.target,
            request.final_volume,
        )
    assert request.stock_volume is not None and request.diluent_volume is not None
    return mixing.by_volumes(
        request.stock, request.stock_basis, request.diluent, request.stock_volume,
        request.diluent_volume,
    )


@router.post("/mix", response_model=MixResult)
async def mix(request: MixRequest) -> MixResult:
    """Dilute an STS stock by volumes or to a target strength."""
    # Pure arithmetic of a few hundred µs: cheaper on the event loop than handed to a thread.
    return mix_result(request)


def mix_result(request: MixRequest) -> MixResult:
    """The mix response for a request: call the core and express what it found."""
    result = run_mix(request)
    lidocaine = None
    if result.mixture.lidocaine is not None and result.lidocaine_amount is not None:
        lidocaine = LidocaineOut(
            concentration=out(result.mixture.lidocaine, MG_PER_ML),
            amount=out(result.lidocaine_amount, MG),
        )
    return MixResult(
        stock_volume=out(result.stock_volume, ML),
        diluent_volume=out(result.diluent_volume, ML),
        final_volume=out(result.final_volume, ML),
        concentration=out(result.mixture.concentration, MG_PER_ML),
        concentration_anhydrous=out(result.mixture.concentration_anhydrous, MG_PER_ML),
        sts_pentahydrate=out(result.sts_pentahydrate, MG),
        sts_anhydrous=out(result.sts_anhydrous, MG),
        thiosulfate=out(result.thiosulfate, MMOL),
        sodium=out(result.sodium, MMOL),
        diluent_sodium=maybe_out(result.diluent_sodium, MMOL),
        lidocaine=lidocaine,
        working=result.working.lines,
        sources=sources(result.working),
    )


class CompoundRequest(ApiModel):
    """Make a topical preparation of a stated strength and quantity."""

    strength: Strength
    quantity: BatchAmount
    strength_basis: Basis = Basis.PENTAHYDRATE
    powder: Basis = Basis.PENTAHYDRATE


class CompoundResult(BaseModel):
    """What to weigh, and the STS the batch holds."""

    powder: QuantityOut
    vehicle: QuantityOut | None
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    strength: QuantityOut
    working: list[str]
    warnings: list[WarningOut]
    sources: list[SourceOut]


@router.post("/compound", response_model=CompoundResult)
async def compound(request: CompoundRequest) -> CompoundResult:
    """Work out the powder and base to weigh for a w/w or w/v preparation."""
    prep = compounding.compound(
        request.strength, request.quantity, request.strength_basis, request.powder
    )
    return CompoundResult(vehicle=maybe_out(prep.vehicle, G), **weighed_fields(prep))


class CheckRequest(ApiModel):
    """A batch that was made, to compare with its label."""

    strength: Strength
    powder_mass: Mass
    total_mass: Mass | None = None
    total_volume: Volume | None = None
    powder: Basis = Basis.PENTAHYDRATE
    strength_basis: Basis = Basis.PENTAHYDRATE
    tolerance_percent: Annotated[StrictNumber, Field(ge=0.01, le=100)] = 10


class CheckResult(BaseModel):
    """How far the batch is from its label."""

    actual_strength: QuantityOut
    deviation_percent: float
    within_tolerance: bool
    working: list[str]
    sources: list[SourceOut]


@router.post("/compound/check", response_model=CheckResult)
async def check(request: CheckRequest) -> CheckResult:
    """Compare the strength of a batch that was made with its label."""
    wants_mass = is_weight_per_weight(request.strength)
    total = request.total_mass if wants_mass else request.total_volume
    if total is None:
        field = "total_mass" if wants_mass else "total_volume"
        kind: Literal["mass", "volume"] = "mass" if wants_mass else "volume"
        raise InputError(field, f"is needed: a {'w/w' if wants_mass else 'w/v'} label needs the "
                         f"total {kind} of the batch")
    result = compounding.check_batch(
        request.strength, request.powder_mass, total, request.powder, request.strength_basis,
        request.tolerance_percent,
    )
    return CheckResult(
        actual_strength=out(result.actual_strength, strength_unit(result.actual_strength)),
        deviation_percent=result.deviation_percent,
        within_tolerance=result.within_tolerance,
        working=result.working.lines,
        sources=sources(result.working),
    )
