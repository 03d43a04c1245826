"""Response bodies of the calculators and the reference lists, built from the domain results."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.clinical.chemistry import Basis
from app.clinical.facts import fact_value_text
from app.clinical.working import Working
from app.contracts.fields import QuantityOut, maybe_out, out
from app.pharmacy import compounding, formulas, mixing
from app.pharmacy.products import Product
from app.quantities.registry import MG, MG_PER_G, MG_PER_ML, ML, MMOL, G, strength_unit


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


class LidocaineOut(BaseModel):
    """Lidocaine in a mix made with a lidocaine diluent."""

    concentration: QuantityOut
    amount: QuantityOut


class MixOut(BaseModel):
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
    lidocaine: LidocaineOut | None = Field(
        description="null when the mix holds no lidocaine (no lidocaine diluent, or none of it)"
    )
    working: list[str]
    sources: list[SourceOut]

    @classmethod
    def of(cls, result: mixing.MixResult) -> MixOut:
        """The response for a mix."""
        lidocaine = None
        if result.mixture.lidocaine is not None and result.lidocaine_amount is not None:
            lidocaine = LidocaineOut(
                concentration=out(result.mixture.lidocaine, MG_PER_ML),
                amount=out(result.lidocaine_amount, MG),
            )
        return cls(
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


class WeighedOut(BaseModel):
    """What a compound and a formula answer share: the powder, the STS, strength and working."""

    powder: QuantityOut
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    strength: QuantityOut
    working: list[str]
    warnings: list[WarningOut]
    sources: list[SourceOut]


def _weighed(made: compounding.Preparation | formulas.FormulaBatch) -> dict[str, object]:
    """The shared fields of a preparation or a formula batch, checked as a WeighedOut."""
    return dict(WeighedOut(
        powder=out(made.powder, G),
        sts_pentahydrate=out(made.sts_pentahydrate, G),
        sts_anhydrous=out(made.sts_anhydrous, G),
        strength=out(made.strength, strength_unit(made.strength)),
        working=made.working.lines,
        warnings=[WarningOut(**w.as_dict()) for w in made.warnings],
        sources=sources(made.working),
    ))


class CompoundOut(WeighedOut):
    """What to weigh, and the STS the batch holds."""

    vehicle: QuantityOut | None

    @classmethod
    def of(cls, prep: compounding.Preparation) -> CompoundOut:
        """The response for a preparation."""
        return cls(vehicle=maybe_out(prep.vehicle, G), **_weighed(prep))


class CheckOut(BaseModel):
    """How far the batch is from its label."""

    actual_strength: QuantityOut
    deviation_percent: float
    within_tolerance: bool
    working: list[str]
    sources: list[SourceOut]

    @classmethod
    def of(cls, result: compounding.BatchCheck) -> CheckOut:
        """The response for a batch check."""
        return cls(
            actual_strength=out(result.actual_strength, strength_unit(result.actual_strength)),
            deviation_percent=result.deviation_percent,
            within_tolerance=result.within_tolerance,
            working=result.working.lines,
            sources=sources(result.working),
        )


class IngredientOut(BaseModel):
    """One ingredient of a formula, per the formula's stated batch or scaled to a batch."""

    name: str
    mass: QuantityOut
    sts: bool = Field(description="true for the sodium thiosulfate itself")
    qs: bool = Field(description="true for the ingredient that makes the batch up to its mass")


class FormulaOut(BaseModel):
    """A published formula as the source gives it."""

    id: str
    title: str
    batch: QuantityOut
    strength: QuantityOut
    ingredients: list[IngredientOut]
    salt_form: str = Field(description="what the source says about the STS salt form")
    source: str
    note: str

    @classmethod
    def of(cls, formula: formulas.Formula) -> FormulaOut:
        """The formula as the source states it, per its own batch."""
        return cls(
            id=formula.id,
            title=formula.title,
            batch=out(formula.batch, G),
            strength=out(formula.strength, MG_PER_G),
            ingredients=[
                IngredientOut(name=i.name, mass=out(i.amount, G), sts=i.is_sts, qs=i.qs)
                for i in formula.ingredients
            ],
            salt_form=fact_value_text(formula.salt_form.value),
            source=formula.source,
            note=formula.note,
        )


class FormulaBatchOut(WeighedOut):
    """What to weigh of each ingredient, and the STS the batch holds."""

    formula: str
    quantity: QuantityOut
    ingredients: list[IngredientOut]

    @classmethod
    def of(cls, batch: formulas.FormulaBatch) -> FormulaBatchOut:
        """The response for a formula scaled to a batch."""
        return cls(
            formula=batch.formula.id,
            quantity=out(batch.quantity, G),
            ingredients=[
                IngredientOut(name=line.name, mass=out(line.mass, G), sts=line.is_sts, qs=line.qs)
                for line in batch.lines
            ],
            **_weighed(batch),
        )


class ProductOut(BaseModel):
    """A marketed STS stock solution."""

    id: str
    name: str
    strength: QuantityOut
    basis: Basis
    note: str
    source: str

    @classmethod
    def of(cls, product: Product) -> ProductOut:
        """The product as its label states it."""
        return cls(
            id=product.id,
            name=product.name,
            strength=out(product.strength, MG_PER_ML),
            basis=product.basis,
            note=product.note,
            source=product.source,
        )
