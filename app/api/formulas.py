"""Routes for data the calculators use: formulas (and scaling one to a batch) and products."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.api.calculators import SourceOut, WarningOut, weighed_fields
from app.api.fields import ApiModel, BatchMass, QuantityOut, out
from app.api.strict_json import StrictJsonRoute
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.clinical.working import value_text
from app.pharmacy import formulas
from app.pharmacy.products import PRODUCTS, Product
from app.quantities.registry import MG_PER_G, MG_PER_ML, G

# JSON without a Content-Type header is read as JSON: see app/api/calculators.py.
router = APIRouter(prefix="/api/v1", tags=["formulas and products"], strict_content_type=False,
                   route_class=StrictJsonRoute)


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
            salt_form=value_text(formula.salt_form.value),
            source=formula.source,
            note=formula.note,
        )


@router.get("/formulas", response_model=list[FormulaOut])
async def list_formulas() -> list[FormulaOut]:
    """The multi-ingredient formulas the planner can scale, with their sources."""
    return [FormulaOut.of(formula) for formula in formulas.FORMULAS]


class FormulaRequest(ApiModel):
    """Scale a formula to a batch; the salt form of its STS must be stated."""

    formula: str = Field(max_length=64, examples=["eahp-sts-25-ointment"])
    quantity: BatchMass
    strength_basis: Basis | None = Field(
        None, description="required: the source does not say which salt form its STS is"
    )
    powder: Basis = Basis.PENTAHYDRATE


class FormulaResult(BaseModel):
    """What to weigh of each ingredient, and the STS the batch holds."""

    formula: str
    quantity: QuantityOut
    ingredients: list[IngredientOut]
    powder: QuantityOut
    sts_pentahydrate: QuantityOut
    sts_anhydrous: QuantityOut
    strength: QuantityOut
    working: list[str]
    warnings: list[WarningOut]
    sources: list[SourceOut]


@router.post("/compound/formula", response_model=FormulaResult)
async def compound_formula(request: FormulaRequest) -> FormulaResult:
    """Scale a formula such as the EAHP 25 % ointment to any batch mass."""
    formula = formulas.get_formula(request.formula)
    if request.strength_basis is None:
        raise InputError(
            "strength_basis",
            "is required: the source does not say whether its STS is the pentahydrate or the "
            "anhydrous salt; give 'pentahydrate' or 'anhydrous'",
        )
    batch = formulas.scale(formula, request.quantity, request.strength_basis, request.powder)
    return FormulaResult(
        formula=formula.id,
        quantity=out(batch.quantity, G),
        ingredients=[
            IngredientOut(name=line.name, mass=out(line.mass, G), sts=line.is_sts, qs=line.qs)
            for line in batch.lines
        ],
        **weighed_fields(batch),
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


@router.get("/products", response_model=list[ProductOut])
async def list_products() -> list[ProductOut]:
    """The STS products the planner knows, each with the basis its label states."""
    return [ProductOut.of(product) for product in PRODUCTS]
