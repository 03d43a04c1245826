"""The plan endpoints' JSON bodies, built from the domain results as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic_core import to_json as to_json_bytes

from app.clinical.working import Caution, Working
from app.contracts.json_values import JsonObject
from app.injection.plan import InjectionPlanResult, Visit
from app.quantities.fast import magnitude_in, to_json
from app.quantities.registry import (
    MG,
    MG_PER_ML,
    ML,
    MMOL,
    UNIT_LABELS,
    G,
    PintUnit,
    Qty,
    strength_unit,
)
from app.topical.plan import Block, TopicalPlanResult

# The bodies are built as plain dicts and serialised once: building the pydantic models and
# having FastAPI validate and serialise them again cost more than planning the seed case. The
# models in app/api/plan_responses.py stay the schema (OpenAPI; tests/test_plan_json.py checks
# every body against them); these builders must follow them field for field.
Body = JsonObject


def _expressed_in(unit: PintUnit) -> Callable[[Qty], Body]:
    """A function giving a quantity's {value, unit} object in `unit`, as `to_json` does, with
    the unit's label looked up once rather than per amount (a long plan has thousands)."""
    label = UNIT_LABELS[unit]

    def as_json(quantity: Qty) -> Body:
        return {"value": float(magnitude_in(quantity, unit)), "unit": label}

    return as_json


# By role: injected volumes in mL, injection doses in mg, moles in mmol, topical masses in g.
_volume, _dose, _moles, _topical_mass = (_expressed_in(unit) for unit in (ML, MG, MMOL, G))


def _maybe(quantity: Qty | None, unit: PintUnit) -> dict[str, float | str] | None:
    return None if quantity is None else to_json(quantity, unit)


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _tail(warnings: tuple[Caution, ...], working: Working,
          cautions: tuple[Caution, ...]) -> Body:
    """The fields every plan ends with: warnings, working, sources and the label's cautions."""
    return {
        "warnings": [w.as_dict() for w in warnings],
        "working": working.lines,
        "sources": working.sources(),
        "cautions": [{"code": c.code, "text": c.message, "source": c.source} for c in cautions],
    }


def _visit(visit: Visit) -> Body:
    return {
        "round": visit.round,
        "date": visit.date.isoformat(),
        "moved_from": _day(visit.moved_from),
        "given": visit.given,
        "sites": [
            {"name": d.name, "volume": _volume(d.volume),
             "sts_pentahydrate": _dose(d.sts_pentahydrate), "changed": d.changed}
            for d in visit.sites
        ],
        "volume": _volume(visit.volume),
        "sts_pentahydrate": _dose(visit.sts_pentahydrate),
        "sts_anhydrous": _dose(visit.sts_anhydrous),
        "sodium": _moles(visit.sodium),
        "lidocaine": _maybe(visit.lidocaine, MG),
        "warnings": [w.as_dict() for w in visit.warnings],
        "diluent_sodium": _maybe(visit.diluent_sodium, MMOL),
    }


def injection_body(result: InjectionPlanResult) -> Body:
    """The API body for an injection plan, as JSON-ready data shaped like InjectionPlanOut."""
    totals = result.totals
    return {
        "concentration": to_json(result.concentration, MG_PER_ML),
        "concentration_anhydrous": to_json(result.concentration_anhydrous, MG_PER_ML),
        "lidocaine_concentration": _maybe(result.lidocaine_concentration, MG_PER_ML),
        "visits": [_visit(v) for v in result.visits],
        "totals": {
            "volume": _volume(totals.volume),
            "sts_pentahydrate": _dose(totals.sts_pentahydrate),
            "sts_anhydrous": _dose(totals.sts_anhydrous),
            "sodium": _moles(totals.sodium),
            "lidocaine": _maybe(totals.lidocaine, MG),
            "diluent_sodium": _maybe(totals.diluent_sodium, MMOL),
        },
        **_tail(result.warnings, result.working, result.cautions),
    }


def _block(block: Block, strength: dict[str, float | str]) -> Body:
    return {
        "start": block.start.isoformat(),
        "end": block.end.isoformat(),
        "days": block.days,
        "strength": strength,
        "applications": block.applications,
        "preparation": _topical_mass(block.preparation),
        "preparation_volume": _maybe(block.preparation_volume, ML),
        "sts_pentahydrate": _topical_mass(block.sts_pentahydrate),
        "sts_anhydrous": _topical_mass(block.sts_anhydrous),
        "dispense": {
            "amount": _topical_mass(block.dispense.amount),
            "step": _topical_mass(block.dispense.step),
            "note": block.dispense.note,
        },
        "sts_pentahydrate_dispensed": _topical_mass(block.sts_pentahydrate_dispensed),
        "sts_anhydrous_dispensed": _topical_mass(block.sts_anhydrous_dispensed),
        "sodium_per_day": _maybe(block.sodium_per_day, MMOL),
    }


def _strength(strength: Qty) -> dict[str, float | str]:
    return to_json(strength, strength_unit(strength))


def _key(strength: Qty) -> tuple[float, PintUnit]:
    return strength.magnitude, strength.units


def topical_body(result: TopicalPlanResult) -> Body:
    """The API body for a topical plan, as JSON-ready data shaped like TopicalPlanOut."""
    totals = result.totals
    # Days repeat their block's strength: each strength is expressed once, not once per day.
    strengths = {_key(b.strength): _strength(b.strength) for b in result.blocks}
    return {
        "end_date": result.end_date.isoformat(),
        "reviews": [day.isoformat() for day in result.reviews],
        "amount_per_application": _topical_mass(result.amount_per_application),
        "blocks": [_block(b, strengths[_key(b.strength)]) for b in result.blocks],
        "calendar": [
            {
                "date": d.date.isoformat(),
                "strength": strengths.get(_key(d.strength)) or _strength(d.strength),
                "applications": d.applications,
                "dressing_changes": d.dressing_changes,
                "review": d.review,
            }
            for d in result.calendar
        ],
        "totals": {
            "days": totals.days,
            "applications": totals.applications,
            "preparation": _topical_mass(totals.preparation),
            "sts_pentahydrate": _topical_mass(totals.sts_pentahydrate),
            "sts_anhydrous": _topical_mass(totals.sts_anhydrous),
            "dispense": _topical_mass(totals.dispense),
            "sts_pentahydrate_dispensed": _topical_mass(totals.sts_pentahydrate_dispensed),
            "sts_anhydrous_dispensed": _topical_mass(totals.sts_anhydrous_dispensed),
        },
        **_tail(result.warnings, result.working, result.cautions),
    }


def json_bytes(body: Body) -> bytes:
    """A body as compact UTF-8 JSON, byte for byte what the model's model_dump_json() gives (the
    same serialiser, at a quarter of json.dumps' time)."""
    return to_json_bytes(body)
