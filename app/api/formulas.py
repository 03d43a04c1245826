"""Routes for data the calculators use: formulas (and scaling one to a batch) and products."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.calculator_responses import FormulaBatchOut, FormulaOut, ProductOut
from app.api.strict_json import StrictJsonRoute
from app.contracts.calculators import FormulaRequest
from app.http.deps import PolicyDep
from app.services import calculators

# JSON without a Content-Type header is read as JSON: see app/api/calculators.py.
router = APIRouter(prefix="/api/v1", tags=["formulas and products"],
                   strict_content_type=False,
                   route_class=StrictJsonRoute)


@router.get("/formulas", response_model=list[FormulaOut])
async def list_formulas() -> list[FormulaOut]:
    """The multi-ingredient formulas the planner can scale, with their sources."""
    return [FormulaOut.of(formula) for formula in calculators.formulas_known()]


@router.post("/compound/formula", response_model=FormulaBatchOut)
async def compound_formula(request: FormulaRequest, policy: PolicyDep) -> FormulaBatchOut:
    """Scale a formula such as the EAHP 25 % ointment to any batch mass."""
    return FormulaBatchOut.of(calculators.scale_formula(request, policy))


@router.get("/products", response_model=list[ProductOut])
async def list_products() -> list[ProductOut]:
    """The STS products the planner knows, each with the basis its label states."""
    return [ProductOut.of(product) for product in calculators.products_known()]
