"""The label's cautions every plan carries, with the patient's own figures where they apply."""

from __future__ import annotations

import datetime as dt

from app.clinical.facts import SODIUM_MOLAR_MASS, STS_LABEL_CAUTIONS, Fact
from app.clinical.patient import Patient, Reference
from app.clinical.working import Caution
from app.quantities import display
from app.quantities.fast import in_unit, quantity_of
from app.quantities.registry import KG, MG, MG_PER_KG, MMOL, G, Qty, Quantity

# The label's sections, each caution citing its own (the full list is the STS_LABEL_CAUTIONS fact).
_LABEL = "FDA label, Sodium Thiosulfate Injection USP (Hope Pharmaceuticals, 2012)"
_SODIUM_SOURCE = (
    "2 sodium per thiosulfate (formula) and the molar mass of sodium (IUPAC); sodium intake "
    "matters in heart failure, high blood pressure and kidney disease (consumer medicine "
    "leaflets for sodium-containing medicines)"
)
_ABSORPTION_SOURCE = (
    "general dermatology pharmacology: more of a medicine crosses the skin under occlusion, on "
    "broken or ulcerated skin, and in young children, whose skin surface is larger for their "
    "weight (a caution, not a figure)"
)


def label_cautions() -> list[Caution]:
    """The four cautions of the STS label that hold for every plan, by either route."""
    return [
        Caution("renal_impairment",
                "Kidney function: STS is mostly removed by the kidneys, so the risk of toxic "
                "effects may be greater when they work poorly. Check kidney function first.",
                f"{_LABEL}, use in specific populations: renal impairment"),
        Caution("sulfite_sensitivity",
                "Sulfite: the injection contains trace sulfite. Ask about sulfite sensitivity "
                "(allergic reactions, asthma) before use.",
                f"{_LABEL}, warnings: sulfite sensitivity"),
        Caution("pregnancy_breastfeeding",
                "Pregnancy and breastfeeding: there are no adequate human data. Ask, and weigh "
                "the need before treating.",
                f"{_LABEL}, use in specific populations: pregnancy, nursing mothers"),
        Caution("hypotension",
                "Side effects: the label's most common reactions to STS given into a vein are "
                "low blood pressure, headache, disorientation and nausea; watch for them.",
                f"{_LABEL}, adverse reactions; {STS_LABEL_CAUTIONS.name}"),
    ]


def sodium_mg(sodium: Qty) -> Qty:
    """The mass of an amount of sodium (mmol → mg, by the molar mass of sodium)."""
    per_mmol = SODIUM_MOLAR_MASS.magnitude_in(MG / MMOL)
    return quantity_of(float(in_unit(sodium, MMOL).magnitude) * per_mmol, MG)


def sodium_load(sodium: Qty, when: str, extra: str = "") -> Caution:
    """The sodium one visit or one day carries, in mg and mmol, and who it matters for."""
    mass = sodium_mg(sodium)
    return Caution(
        "sodium_load",
        f"Sodium: {display.quantity(mass, MG)} ({display.quantity(sodium, MMOL)}) {when} from "
        f"the STS{extra}. This matters for a patient with heart failure, high blood pressure or "
        "kidney disease, or on a low-sodium diet.",
        f"{_SODIUM_SOURCE}; {SODIUM_MOLAR_MASS.source}",
    )


def absorption(patient: Patient, first_day: dt.date) -> Caution:
    """Topical: absorption rises under occlusion, on ulcers and in young children."""
    age = patient.age_on(first_day)
    child = patient.is_lidocaine_child(first_day)
    said = f" This patient is {age} old at the start: a child absorbs more for their weight." \
        if age is not None and child else ""
    return Caution(
        "absorption_under_occlusion",
        "Absorption: more STS crosses the skin under an occlusive dressing, on ulcerated skin "
        f"and in young children; how much is not known.{said}",
        _ABSORPTION_SOURCE,
    )


def weight_not_given(reference: Reference, per_kg: Fact) -> Caution:
    """No weight: the plan was compared with the adult reference; a child's weight is asked."""
    example = display.quantity(per_kg.value * Quantity(20, KG), G)
    return Caution(
        "weight_not_given",
        f"No patient weight was given, so the STS was compared with the adult reference of "
        f"{display.quantity(reference.amount, G)}. For a child, give the weight: the label's "
        f"dose is {display.quantity(per_kg.value, MG_PER_KG)} "
        f"({example} at 20 kg).",
        reference.source,
    )


def lidocaine_age_not_given(child_per_kg: Fact, weight: Qty) -> Caution:
    """Lidocaine with a weight but no birth date: the adult figure was used; the child's shown."""
    amount = (child_per_kg.value * weight).to(MG)
    return Caution(
        "lidocaine_age_not_given",
        "No birth date was given, so the lidocaine limit used is the adult figure. For a child "
        "aged 1 month to 11 years it is "
        f"{display.quantity(child_per_kg.value, MG_PER_KG)}: "
        f"{display.quantity(amount, MG)} at this weight.",
        child_per_kg.source,
    )
