"""Routes for the pharmacy calculators: mix, compound and batch check."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.calculator_responses import CheckOut, CompoundOut, MixOut
from app.api.strict_json import StrictJsonRoute
from app.contracts.calculators import CheckRequest, CompoundRequest, MixRequest
from app.http.deps import PolicyDep
from app.services import calculators

# A JSON body sent without a Content-Type header (requests' `data=json.dumps(...)`) is read as
# JSON rather than refused: the API keeps no state and takes no cookies, so there is no CSRF to
# guard against, and outside clients do send such bodies.
router = APIRouter(prefix="/api/v1", tags=["calculators"], strict_content_type=False,
                   route_class=StrictJsonRoute)


# Async: pure arithmetic of a few hundred µs is cheaper on the event loop than in a thread.
@router.post("/mix", response_model=MixOut)
async def mix(request: MixRequest) -> MixOut:
    """Dilute an STS stock by volumes or to a target strength."""
    return MixOut.of(calculators.mix(request))


@router.post("/compound", response_model=CompoundOut)
async def compound(request: CompoundRequest, policy: PolicyDep) -> CompoundOut:
    """Work out the powder and base to weigh for a w/w or w/v preparation."""
    return CompoundOut.of(calculators.compound(request, policy))


@router.post("/compound/check", response_model=CheckOut)
async def check(request: CheckRequest) -> CheckOut:
    """Compare the strength of a batch that was made with its label."""
    return CheckOut.of(calculators.check_batch(request))
