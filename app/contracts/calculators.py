"""Request bodies of the pharmacy calculators: mix, compound, batch check and formula scaling."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from app.clinical.chemistry import Basis
from app.clinical.facts import batch_tolerance_percent
from app.contracts.fields import (
    ApiModel,
    BatchAmount,
    BatchMass,
    Concentration,
    Mass,
    PlainName,
    Strength,
    StrictNumber,
    Volume,
    VolumeOrZero,
    one_way,
)
from app.pharmacy.formulas import FORMULAS
from app.pharmacy.products import Diluent


class MixRequest(ApiModel):
    """Dilute an STS stock: give stock and diluent volumes, or a target and a final volume."""

    model_config = ConfigDict(json_schema_extra=one_way(
        (("stock_volume", "diluent_volume"), ()), (("target", "final_volume"), ()),
    ))

    stock: Concentration = "250 mg/mL"  # type: ignore[assignment]  # text, parsed like input
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


class CompoundRequest(ApiModel):
    """Make a topical preparation of a stated strength and quantity."""

    strength: Strength
    quantity: BatchAmount
    strength_basis: Basis = Basis.PENTAHYDRATE
    powder: Basis = Basis.PENTAHYDRATE


class CheckRequest(ApiModel):
    """A batch that was made, to compare with its label."""

    strength: Strength
    powder_mass: Mass
    total_mass: Mass | None = None
    total_volume: Volume | None = None
    powder: Basis = Basis.PENTAHYDRATE
    strength_basis: Basis = Basis.PENTAHYDRATE
    tolerance_percent: Annotated[StrictNumber, Field(ge=0.01, le=100)] = batch_tolerance_percent()


def _formula_schema(schema: dict[str, Any]) -> None:
    """State in the schema what the server enforces: a known formula id, and a salt form."""
    properties = schema["properties"]
    properties["formula"]["enum"] = [formula.id for formula in FORMULAS]
    properties["strength_basis"] = {"type": "string", "enum": [basis.value for basis in Basis],
                                    "description": properties["strength_basis"]["description"]}
    schema["required"] = [*schema.get("required", []), "strength_basis"]


class FormulaRequest(ApiModel):
    """Scale a formula to a batch; the salt form of its STS must be stated."""

    model_config = ConfigDict(json_schema_extra=_formula_schema)

    formula: Annotated[PlainName, Field(max_length=64, examples=["eahp-sts-25-ointment"])]
    quantity: BatchMass
    strength_basis: Basis | None = Field(
        None, description="required: the source does not say which salt form its STS is"
    )
    powder: Basis = Basis.PENTAHYDRATE
