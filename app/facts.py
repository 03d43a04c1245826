"""Every clinical and chemical constant the planner uses, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.units import Quantity

FACTS_FILE = "shared/reference/sts-facts.md"


@dataclass(frozen=True)
class Fact:
    """A constant the planner relies on and where it comes from."""

    name: str
    value: Any
    source: str


MOLAR_MASS_PENTAHYDRATE = Fact(
    "molar mass of STS pentahydrate, Na2S2O3·5H2O",
    Quantity(248.18, "g/mol"),
    "USP monograph Sodium Thiosulfate (the bulk monograph prints 248.19)",
)
MOLAR_MASS_ANHYDROUS = Fact(
    "molar mass of anhydrous STS, Na2S2O3",
    Quantity(158.11, "g/mol"),
    "USP monograph Sodium Thiosulfate",
)
SODIUM_PER_THIOSULFATE = Fact(
    "sodium per thiosulfate", Quantity(2, "dimensionless"), "formula Na2S2O3: 2 mol Na per mol"
)
LIDOCAINE_1_PERCENT = Fact(
    "lidocaine 1 %", Quantity(10, "mg/mL"), "1 % w/v = 10 mg/mL (lidocaine HCl injection labels)"
)
LIDOCAINE_2_PERCENT = Fact(
    "lidocaine 2 %", Quantity(20, "mg/mL"), "2 % w/v = 20 mg/mL (lidocaine HCl injection labels)"
)
STS_IV_DOSE_PER_KG = Fact(
    "label single IV dose of STS per kg",
    Quantity(250, "mg/kg"),
    "FDA label, Sodium Thiosulfate Injection USP (paediatric cyanide dose, 1 mL/kg of 25 %)",
)
STS_IV_DOSE_MAX = Fact(
    "label single IV dose of STS, maximum",
    Quantity(12.5, "g"),
    "FDA label, Sodium Thiosulfate Injection USP (adult dose, 50 mL of 25 %)",
)
LIDOCAINE_MAX_PER_KG = Fact(
    "lidocaine (no adrenaline) maximum single dose per kg",
    Quantity(4.5, "mg/kg"),
    "lidocaine HCl injection labels",
)
LIDOCAINE_MAX = Fact(
    "lidocaine (no adrenaline) maximum single dose",
    Quantity(300, "mg"),
    "lidocaine HCl injection labels",
)
MIN_INTERVAL = Fact(
    "shortest published interval between intralesional rounds",
    Quantity(7, "day"),
    "weekly regimen, systemic sclerosis series, Medical Research Archives",
)
TOPICAL_MAX_STRENGTH = Fact(
    "highest published topical strength",
    Quantity(250, "mg/g"),
    "25 % ointment: Bair & Fivenson, J Drugs Dermatol 2011; EAHP good-practice submission",
)
SALINE_SODIUM = Fact(
    "sodium in 0.9 % sodium chloride",
    Quantity(154, "mmol/L"),
    "0.9 % sodium chloride injection labels (9 mg/mL NaCl = 154 mmol/L Na)",
)
