"""An injection plan's cautions: the label's, the sodium of the heaviest visit, the patient's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.clinical import cautions
from app.clinical.patient import Patient, Reference
from app.clinical.working import Caution
from app.quantities import display
from app.quantities.fast import in_unit
from app.quantities.registry import MG, MMOL

if TYPE_CHECKING:
    from app.injection.models import Visit
    from app.policy import Policy


def lidocaine_without_weight(lidocaine_cap: Reference, child_per_kg_text: str) -> Caution:
    """Lidocaine in the mix and no weight: only the adult cap could be checked."""
    return Caution(
        "lidocaine_without_weight",
        "Lidocaine is in the mix but no patient weight was given, so each visit was checked "
        f"only against the adult cap of {display.quantity(lidocaine_cap.amount, MG)}. A child's "
        f"limit is far lower ({child_per_kg_text} for a child aged 1 month to 11 years, BNF for "
        "Children): give the patient's weight.",
        lidocaine_cap.source,
    )


def plan_cautions(visits: Sequence[Visit], patient: Patient, sts: Reference,
                  with_lidocaine: bool, policy: Policy) -> tuple[Caution, ...]:
    """The label's cautions, the sodium of the heaviest visit, and what the patient lacks."""
    said = cautions.label_cautions()
    if visits:
        heaviest = max(visits, key=lambda v: float(in_unit(v.sodium, MMOL).magnitude))
        extra = ""
        if heaviest.diluent_sodium is not None:
            saline = heaviest.diluent_sodium
            extra = (f", plus {display.quantity(cautions.sodium_mg(saline), MG)} "
                     f"({display.quantity(saline, MMOL)}) from the saline it is mixed with")
        said.append(cautions.sodium_load(heaviest.sodium, "at the largest visit", extra))
    if patient.weight is None:
        said.append(cautions.weight_not_given(sts, policy.sts_dose_per_kg))
    elif with_lidocaine and patient.birth_date is None:
        said.append(cautions.lidocaine_age_not_given(policy.lidocaine_child_per_kg,
                                                     patient.weight))
    return tuple(said)
