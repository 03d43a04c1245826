"""Every clinical and chemical constant the planner uses, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from app.quantities.registry import (
    CM2,
    DAY,
    DIMENSIONLESS,
    G_PER_MOL,
    KG,
    MG,
    MG_PER_CM2,
    MG_PER_G,
    MG_PER_KG,
    MG_PER_ML,
    ML,
    MMOL_PER_L,
    PERCENT,
    SHOWN_LABELS,
    YEAR,
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
        label = SHOWN_LABELS.get(value.units)
        if value.units == DAY and value.magnitude != 1:
            label = "days"  # '7 days', as a person writes it
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
    "label single IV dose of STS per kg (cyanide antidote, children)",
    Quantity(250, MG_PER_KG),
    "FDA label, Sodium Thiosulfate Injection USP (Hope Pharmaceuticals, 2012): paediatric "
    "cyanide-poisoning dose, 1 mL/kg of 25 %, not more than 50 mL",
)
STS_IV_DOSE_MAX = Fact(
    "label single IV dose of STS (cyanide antidote, adults): per-visit reference",
    Quantity(12.5, G),
    "FDA label, Sodium Thiosulfate Injection USP (Hope Pharmaceuticals, 2012): the adult "
    "cyanide-antidote dose, 50 mL of 25 %. Used here as a conservative per-visit reference, "
    "not a toxicity limit: calciphylaxis regimens give 25 g IV three times a week (renal unit "
    "guides, e.g. University Hospital Galway IV guide)",
)
LIDOCAINE_MAX_PER_KG = Fact(
    "lidocaine (no adrenaline) maximum single dose per kg, US label",
    Quantity(4.5, MG_PER_KG),
    "US lidocaine HCl injection labels (e.g. Xylocaine, Fresenius Kabi): 4.5 mg/kg without "
    "adrenaline",
)
LIDOCAINE_MAX = Fact(
    "lidocaine (no adrenaline) maximum single dose, US label",
    Quantity(300, MG),
    "US lidocaine HCl injection labels (e.g. Xylocaine, Fresenius Kabi): not more than 300 mg "
    "without adrenaline",
)
# Not in force unless a deployment names it (STS_LIDOCAINE_LABEL=uk-ie): the cap is a matter of
# which product and country's label the clinic follows, so the planner never picks it alone.
LIDOCAINE_MAX_UK_IE = Fact(
    "lidocaine (no adrenaline) maximum single dose, UK and Irish SmPCs",
    Quantity(200, MG),
    "UK and Irish SmPCs for lidocaine hydrochloride injection (e.g. Lidocaine Hydrochloride "
    "Injection BP 1 % and 2 %, electronic Medicines Compendium and HPRA): 200 mg maximum "
    "single dose without adrenaline",
)
# Not in force unless a deployment names it (STS_LIDOCAINE_LABEL=uk-ie), like the 200 mg cap.
LIDOCAINE_MAX_PER_KG_UK_IE = Fact(
    "lidocaine (no adrenaline) maximum single dose per kg, UK and Irish SmPCs",
    Quantity(4.5, MG_PER_KG),
    "HPRA SmPC, Lidocaine Hydrochloride 2 % w/v solution for injection: 4.5 mg/kg, not more "
    "than 200 mg without adrenaline; BNF, lidocaine hydrochloride (local anaesthesia)",
)
LIDOCAINE_MAX_PER_KG_CHILD = Fact(
    "lidocaine (no adrenaline) maximum single dose per kg, child 1 month to 11 years",
    Quantity(3, MG_PER_KG),
    "BNF for Children, lidocaine hydrochloride, local anaesthesia (infiltration), child 1 month "
    "to 11 years: up to 3 mg/kg; the adult cap in force still applies above it",
)
STS_LABEL_CAUTIONS = Fact(
    "cautions on the STS label",
    "renal impairment; sulfite sensitivity; pregnancy and breastfeeding; hypotension",
    "FDA label, Sodium Thiosulfate Injection USP (Hope Pharmaceuticals, 2012): substantially "
    "excreted by the kidney, so the risk of toxic reactions may be greater in impaired renal "
    "function; contains trace sulfite; no adequate human data in pregnancy or breastfeeding; "
    "most common adverse reactions hypotension, headache, disorientation and nausea",
)
SODIUM_MOLAR_MASS = Fact(
    "molar mass of sodium", Quantity(22.99, G_PER_MOL),
    "IUPAC standard atomic weight of sodium, 22.98976928 (rounded to 4 figures)",
)
OLDEST_AGE = Fact(
    "oldest patient planned for", Quantity(122, YEAR),
    "the oldest verified human lived 122 years (Jeanne Calment, 1875–1997, Gerontology "
    "Research Group); an earlier birth date is a typing error such as a wrong century",
)
MIN_INTERVAL = Fact(
    "shortest interval between intralesional rounds among the cited sources",
    Quantity(7, DAY),
    "weekly regimen, systemic sclerosis series, Medical Research Archives",
)
TOPICAL_MAX_STRENGTH = Fact(
    "highest published topical strength (compared on the pentahydrate basis)",
    Quantity(250, MG_PER_G),
    "25 % ointment: Bair & Fivenson, J Drugs Dermatol 2011 (in zinc oxide); EAHP good-practice "
    "submission. Neither source states the salt form, so the planner reads 25 % as "
    "pentahydrate, the reading with less thiosulfate, and converts every strength to the "
    "pentahydrate basis before comparing (25 % anhydrous ≈ 39 % pentahydrate)",
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

# Clinical plausibility (issue 11). Two kinds: references that warn, each with its citation,
# and bounds that refuse a request as implausible, each saying why it is absurd beyond them.
_GOLUB = (
    "Golub S, Gladys TE, Helm M, Penn State College of Medicine, poster, 2020: 5 mL of "
    "250 mg/mL over three hand sites at the first session, the largest volume any source the "
    "planner cites reports. A reported amount, not a published limit: beyond it there is no "
    "reported experience"
)
INJECTION_SITE_VOLUME_REPORTED = Fact(
    "intralesional volume per site, the largest reported visit shared evenly", Quantity(1.7, ML),
    _GOLUB + ". The poster does not report the volume at each site: 1.7 mL is 5 mL shared "
    "evenly over the 3 sites, an inference, not a reported figure",
)
INJECTION_VISIT_VOLUME_REPORTED = Fact(
    "intralesional volume per visit, largest reported", Quantity(5, ML), _GOLUB
)
INJECTION_SITE_VOLUME_MAX = Fact(
    "intralesional volume per site, plausibility bound", Quantity(250, ML),
    "planner's plausibility bound, not a published figure: 250 mL is five 50 mL vials of the "
    "25 % injection into one lesion; beyond it a request is taken as a typing error",
)
INJECTION_VISIT_VOLUME_MAX = Fact(
    "intralesional volume per visit, plausibility bound", Quantity(500, ML),
    "planner's plausibility bound, not a published figure: half a litre injected into tissue "
    "at one visit (ten 50 mL vials); beyond it a request is taken as a typing error",
)
BODY_WEIGHT_MIN = Fact(
    "lowest body weight planned for", Quantity(0.2, KG),
    "below the lightest surviving newborns reported (about 0.21–0.25 kg, case reports of "
    "extremely preterm infants, 2018–2021); a lighter weight is a typing error such as 'g' for "
    "'kg'",
)
BODY_SURFACE_MAX = Fact(
    "largest total treated area", Quantity(40000, CM2),
    "4 m², above the body surface of the largest adults (Mosteller RD, N Engl J Med "
    "1987;317:1098: 300 kg at 200 cm ≈ 4.1 m²); treated sites cannot add up to more skin than "
    "a body has",
)
TOPICAL_DENSITY_MAX = Fact(
    "heaviest layer of a topical preparation planned for", Quantity(100, MG_PER_CM2),
    "planner's plausibility bound: 100 mg/cm² is a layer 1 mm thick at 1 g/cm³, ten times the "
    "heaviest published convention (10 mg/cm², Murtagh); beyond it a request is taken as a "
    "typing error",
)
BATCH_TOLERANCE = Fact(
    "batch check tolerance: the strength made against the label, either way",
    Quantity(10, PERCENT),
    "planner's local convention, not a published limit: no source these documents cite gives a "
    "general tolerance for a compounded batch; the batch check uses it unless the pharmacist "
    "sets another for that check",
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
    LIDOCAINE_MAX_UK_IE,
    LIDOCAINE_MAX_PER_KG_UK_IE,
    LIDOCAINE_MAX_PER_KG_CHILD,
    STS_LABEL_CAUTIONS,
    SODIUM_MOLAR_MASS,
    OLDEST_AGE,
    INJECTION_SITE_VOLUME_REPORTED,
    INJECTION_VISIT_VOLUME_REPORTED,
    INJECTION_SITE_VOLUME_MAX,
    INJECTION_VISIT_VOLUME_MAX,
    BODY_WEIGHT_MIN,
    BODY_SURFACE_MAX,
    TOPICAL_DENSITY_MAX,
    BATCH_TOLERANCE,
)


def batch_tolerance_percent() -> float:
    """The batch check's default tolerance (`BATCH_TOLERANCE`) as a number of percent."""
    return BATCH_TOLERANCE.magnitude_in(PERCENT)
