"""A topical plan's patient checks: the daily systemic reference, sodium per day, cautions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.clinical import cautions
from app.clinical.chemistry import sodium
from app.clinical.patient import Patient, Reference, reference
from app.clinical.plausibility import check_weight
from app.clinical.working import Caution, Working
from app.quantities import display
from app.quantities.fast import in_unit, quantity_of
from app.quantities.registry import MG, MMOL, Qty

if TYPE_CHECKING:
    import datetime as dt

    from app.policy import Policy


def daily_reference(patient: Patient, first_day: dt.date, working: Working,
                    policy: Policy) -> Reference:
    """The STS a day's applications are compared with: 250 mg/kg up to 12.5 g, the label's
    single IV dose; the adult figure alone without a weight, and the working says so."""
    check_weight(patient.weight, policy)
    patient.check(first_day)
    per_kg, cap = policy.sts_dose_per_kg, policy.sts_dose_max
    for fact in (cap, per_kg) if patient.weight is not None else (cap,):
        working.cite(fact)
    found = reference(per_kg, cap, patient.weight)
    working.add(
        "reference per day, STS (the label's cyanide-antidote single IV dose, a conservative "
        f"reference, not a toxicity limit): {found.basis}"
    )
    if patient.weight is None:
        working.add("no patient weight given: compared with the adult reference; for a child, "
                    "give the weight")
    age = patient.age_on(first_day)
    if age is not None:
        working.add(f"patient aged {age} on the first day")
    return found


def sodium_per_day(sts_pentahydrate_per_application: Qty, per_day: int) -> Qty:
    """The sodium a day's applications carry (mmol), were all of it absorbed."""
    day = sodium(sts_pentahydrate_per_application * per_day)
    return quantity_of(float(in_unit(day, MMOL).magnitude), MMOL)


def plan_cautions(patient: Patient, first_day: dt.date, found: Reference,
                  daily_sodium: Sequence[Qty], policy: Policy) -> tuple[Caution, ...]:
    """The label's cautions, the most sodium a day carries, absorption, and a missing weight."""
    said = cautions.label_cautions()
    most = max(daily_sodium, key=lambda amount: float(in_unit(amount, MMOL).magnitude))
    said.append(cautions.sodium_load(
        most, "a day at most",
        " if all of it were absorbed (how much crosses the skin is not known)"))
    said.append(cautions.absorption(patient, first_day))
    if patient.weight is None:
        said.append(cautions.weight_not_given(found, policy.sts_dose_per_kg))
    return tuple(said)


def explain_sodium(label: str, amount: Qty, working: Working) -> None:
    """A working line for the sodium a day at one strength carries."""
    mass = cautions.sodium_mg(amount)
    working.add(
        f"sodium a day at {label}: 2 × thiosulfate = {display.quantity(amount, MMOL)} = "
        f"{display.quantity(mass, MG)} (were it all absorbed)"
    )
