"""Every clinical and chemical constant the planner uses, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from app.quantities.registry import (
    DAY,
    DIMENSIONLESS,
    G_PER_MOL,
    MG,
    MG_PER_G,
    MG_PER_KG,
    MG_PER_ML,
    ML,
    MMOL_PER_L,
    UNIT_LABELS,
    G,
    PintUnit,
    Quantity,
)


@dataclass(frozen=True)
class Fact:
    """A constant the planner relies on and where it comes from."""

    name: str
    value: Any  # a Quantity, a table of Quantity pairs, or words
    source: str

    @cached_property
    def text(self) -> str:
        """The value as text, formatted once: pint's formatting is slow and facts never change."""
        return fact_value_text(self.value)

    def magnitude_in(self, unit: PintUnit) -> float:
        """The value's magnitude in `unit`, converted once per unit: a fact never changes, and a
        pint conversion costs more than planning a visit. A float is kept, never a Quantity."""
        # Frozen dataclasses refuse attribute assignment, not a cache kept in their __dict__.
        known: dict[Any, float] = self.__dict__.setdefault("_magnitudes", {})
        if unit not in known:
            known[unit] = float(self.value.to(unit).magnitude)
        return known[unit]


def fact_value_text(value: Any) -> str:
    """A fact's value as text: a quantity, a table of quantity pairs, or words."""
    if isinstance(value, Quantity):
        label = UNIT_LABELS.get(value.units)
        return f"{value.magnitude:g} {label}" if label else f"{value:~P}"
    if isinstance(value, tuple):
        return "; ".join(
            " → ".join(fact_value_text(part) for part in row) if isinstance(row, tuple)
            else fact_value_text(row)
            for row in value
        )
    return str(value)


MOLAR_MASS_PENTAHYDRATE = Fact(
    "molar mass of STS pentahydrate, Na2S2O3·5H2O",
    Quantity(248.18, G_PER_MOL),
    "USP monograph Sodium Thiosulfate (the bulk monograph prints 248.19)",
)
MOLAR_MASS_ANHYDROUS = Fact(
    "molar mass of anhydrous STS, Na2S2O3",
    Quantity(158.11, G_PER_MOL),
    "USP monograph Sodium Thiosulfate",
)
SODIUM_PER_THIOSULFATE = Fact(
    "sodium per thiosulfate", Quantity(2, DIMENSIONLESS), "formula Na2S2O3: 2 mol Na per mol"
)
LIDOCAINE_1_PERCENT = Fact(
    "lidocaine 1 %", Quantity(10, MG_PER_ML), "1 % w/v = 10 mg/mL (lidocaine HCl injection labels)"
)
LIDOCAINE_2_PERCENT = Fact(
    "lidocaine 2 %", Quantity(20, MG_PER_ML), "2 % w/v = 20 mg/mL (lidocaine HCl injection labels)"
)
STS_IV_DOSE_PER_KG = Fact(
    "label single IV dose of STS per kg",
    Quantity(250, MG_PER_KG),
    "FDA label, Sodium Thiosulfate Injection USP (paediatric cyanide dose, 1 mL/kg of 25 %)",
)
STS_IV_DOSE_MAX = Fact(
    "label single IV dose of STS, maximum",
    Quantity(12.5, G),
    "FDA label, Sodium Thiosulfate Injection USP (adult dose, 50 mL of 25 %)",
)
LIDOCAINE_MAX_PER_KG = Fact(
    "lidocaine (no adrenaline) maximum single dose per kg",
    Quantity(4.5, MG_PER_KG),
    "lidocaine HCl injection labels",
)
LIDOCAINE_MAX = Fact(
    "lidocaine (no adrenaline) maximum single dose",
    Quantity(300, MG),
    "lidocaine HCl injection labels",
)
MIN_INTERVAL = Fact(
    "shortest published interval between intralesional rounds",
    Quantity(7, DAY),
    "weekly regimen, systemic sclerosis series, Medical Research Archives",
)
TOPICAL_MAX_STRENGTH = Fact(
    "highest published topical strength",
    Quantity(250, MG_PER_G),
    "25 % ointment: Bair & Fivenson, J Drugs Dermatol 2011; EAHP good-practice submission",
)
SALINE_SODIUM = Fact(
    "sodium in 0.9 % sodium chloride",
    Quantity(154, MMOL_PER_L),
    "0.9 % sodium chloride injection labels (9 mg/mL NaCl = 154 mmol/L Na)",
)
SYRINGE_GRADUATIONS = Fact(
    "standard syringe sizes and their graduations (capacity, smallest marked step)",
    (
        (Quantity(1, ML), Quantity(0.01, ML)),
        (Quantity(3, ML), Quantity(0.1, ML)),
        (Quantity(5, ML), Quantity(0.2, ML)),
        (Quantity(10, ML), Quantity(0.2, ML)),
        (Quantity(20, ML), Quantity(1, ML)),
    ),
    "reading-a-syringe guides (RMIT University nursing skills: tuberculin 1 mL 0.01 mL, 3 mL "
    "0.1 mL, 5 and 10 mL 0.2 mL); 20 mL Luer syringes commonly 1 mL (manufacturer catalogues). "
    "Brands differ (ISO 7886-1 sets the scale): check the syringe in hand",
)
BALANCE_RESOLUTION = Fact(
    "default balance resolution (readability) for weighing",
    Quantity(0.01, G),
    "a common pharmacy dispensing balance reads to 0.01 g; set the one in use",
)
EAHP_OINTMENT_SALT_FORM = Fact(
    "salt form of the STS in the EAHP 25 % ointment",
    "not stated",
    "EAHP good-practice submission (25 % ointment): the source does not say pentahydrate or "
    "anhydrous, so the planner asks",
)


# Every fact above, in the order /sources and docs/sources.md list them.
ALL_FACTS: tuple[Fact, ...] = (
    MOLAR_MASS_PENTAHYDRATE,
    MOLAR_MASS_ANHYDROUS,
    SODIUM_PER_THIOSULFATE,
    LIDOCAINE_1_PERCENT,
    LIDOCAINE_2_PERCENT,
    STS_IV_DOSE_PER_KG,
    STS_IV_DOSE_MAX,
    LIDOCAINE_MAX_PER_KG,
    LIDOCAINE_MAX,
    MIN_INTERVAL,
    TOPICAL_MAX_STRENGTH,
    SALINE_SODIUM,
    SYRINGE_GRADUATIONS,
    BALANCE_RESOLUTION,
    EAHP_OINTMENT_SALT_FORM,
)
