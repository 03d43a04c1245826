"""Named conventions for how much topical preparation one application uses, each with its source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from app.clinical.facts import Fact
from app.clinical.working import Working
from app.quantities import display
from app.quantities.arithmetic import over
from app.quantities.registry import CM2, MG, MG_PER_CM2, G, Qty, Quantity


class AmountConvention(StrEnum):
    """The presets a request may name instead of an explicit amount."""

    FTU_ADULT_MAN = "ftu_adult_man"
    FTU_ADULT_WOMAN = "ftu_adult_woman"
    THIN_LAYER = "thin_layer"


class Sited(Protocol):
    """Anything with a name and an area: a treated site."""

    @property
    def name(self) -> str: ...

    @property
    def area(self) -> Qty: ...


_FTU_SOURCE = "DermNet NZ, fingertip unit (an adult FTU; a 4-year-old's is about 1/3 of it)"
_FTU_AREA_SOURCE = (
    "Long CC, Finlay AY. The finger-tip unit: a new practical measure. Clin Exp Dermatol "
    "1991;16(6):444–447 (one FTU covers 286 cm² on average: men 312, women 257)"
)
FTU_ADULT_MAN = Fact("fingertip unit, adult man", Quantity(0.5, G), _FTU_SOURCE)
FTU_ADULT_WOMAN = Fact("fingertip unit, adult woman", Quantity(0.4, G), _FTU_SOURCE)
FTU_AREA_MAN = Fact("area one adult man's fingertip unit covers", Quantity(312, CM2),
                    _FTU_AREA_SOURCE)
FTU_AREA_WOMAN = Fact("area one adult woman's fingertip unit covers", Quantity(257, CM2),
                      _FTU_AREA_SOURCE)
THIN_LAYER = Fact(
    "1 g per 10 × 10 cm (Murtagh; a heavy layer, about six times the fingertip-unit density)",
    Quantity(10, MG_PER_CM2),
    "Murtagh's General Practice: 1 g per 100 cm² (= 10 mg/cm²) 'for smaller lesions'. The same "
    "text puts a whole adult at about 30 g (≈ 1.7 mg/cm²), so this reading is about six times "
    "the fingertip-unit density (0.5 g / 312 cm² ≈ 1.6 mg/cm²)",
)
# Below this many fingertip units a site's amount is said as a fraction of a unit, which a
# nurse can picture, rather than as a decimal of one.
SMEAR_BELOW_UNITS = 0.25


def units_in_words(units: float) -> str:
    """'about 1/6 of a fingertip unit: a thin smear over the lesion', or 'about 3.5 fingertip
    units' counted to the nearest half: words for the page, never for the arithmetic."""
    if units < SMEAR_BELOW_UNITS:
        return f"about 1/{round(1 / units):,} of a fingertip unit: a thin smear over the lesion"
    halves = max(round(units * 2), 1) / 2
    if halves == 0.5:
        return "about half a fingertip unit"
    return f"about {display.number(halves)} fingertip unit{'s' * (halves != 1)}"


@dataclass(frozen=True)
class Preset:
    """A convention: its facts, and whether it is a density or fingertip units per site."""

    fact: Fact
    meaning: str
    covers: Fact | None = None  # the area one fingertip unit covers; None for a density

    @property
    def per_area(self) -> bool:
        """True for a density (mg/cm²) applied over each site's area."""
        return self.covers is None

    @property
    def value(self) -> Qty:
        """The density in mg/cm², or the mass of one fingertip unit in g."""
        value: Qty = self.fact.value.to(MG_PER_CM2 if self.per_area else G)
        return value

    @property
    def density(self) -> Qty:
        """The amount per area the convention stands for, in mg/cm²."""
        if self.covers is None:
            return self.value
        return over(self.fact.value, self.covers.value).to(MG_PER_CM2)

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact the convention rests on, for the working's citations."""
        return (self.fact,) if self.covers is None else (self.fact, self.covers)

    @property
    def amount_text(self) -> str:
        """The amount as people read it, e.g. '0.5 g per 312 cm² (≈ 1.6 mg/cm²)'."""
        if self.covers is None:
            return display.quantity(self.value, MG_PER_CM2)
        return (
            f"{display.quantity(self.value, G)} per {display.quantity(self.covers.value, CM2)} "
            f"(≈ {display.quantity(self.density, MG_PER_CM2, 2)})"
        )

    @property
    def source(self) -> str:
        """The sources of every fact the convention rests on."""
        return "; ".join(fact.source for fact in self.facts)

    def describe(self) -> str:
        """A working line saying which convention filled the amount and what it means."""
        sources = self.source
        if self.per_area:
            return (
                f"amount_per_area = {display.quantity(self.value, MG_PER_CM2)} from the named "
                f"convention '{self.fact.name}' ({self.meaning}; source: {sources})"
            )
        assert self.covers is not None
        return (
            f"named convention '{self.fact.name}': {display.quantity(self.value, G)} per "
            f"fingertip unit, one unit per {display.quantity(self.covers.value, CM2)} "
            f"(≈ {display.quantity(self.density, MG_PER_CM2, 2)}); each site gets its area ÷ "
            f"{display.quantity(self.covers.value, CM2)} of a unit, in proportion and unrounded "
            f"(source: {sources})"
        )

    def per_application(self, sites: Sequence[Sited], working: Working) -> Qty:
        """Fingertip units per site in proportion to its area, unrounded, and their mass (g)."""
        assert self.covers is not None
        covers = self.covers.value.to(CM2).magnitude
        grams = self.value.to(G).magnitude
        total = 0.0
        for site in sites:
            units = site.area.to(CM2).magnitude / covers
            total += units
            # Under a gram a site's share reads better in mg (3.21 mg, not 0.00321 g).
            shown = display.quantity(Quantity(units * grams, G), MG if units * grams < 1 else G, 3)
            working.add(
                f"{site.name}: {display.quantity(site.area, CM2)} ÷ "
                f"{display.quantity(self.covers.value, CM2)} = {display.number(units, 3)} FTU × "
                f"{display.quantity(self.value, G)} = {shown} ({units_in_words(units)})"
            )
        amount = Quantity(total * grams, G)
        working.add(
            f"per application, all sites: {display.number(total, 3)} FTU × "
            f"{display.quantity(self.value, G)} = {display.quantity(amount, G)}"
        )
        return amount


PRESETS: dict[AmountConvention, Preset] = {
    AmountConvention.FTU_ADULT_MAN: Preset(
        FTU_ADULT_MAN, "adult-man fingertip units in proportion to each site's area", FTU_AREA_MAN
    ),
    AmountConvention.FTU_ADULT_WOMAN: Preset(
        FTU_ADULT_WOMAN, "adult-woman fingertip units in proportion to each site's area",
        FTU_AREA_WOMAN,
    ),
    AmountConvention.THIN_LAYER: Preset(
        THIN_LAYER,
        "10 mg on each cm² of each site, against the fingertip unit's ≈ 1.6 mg/cm²",
    ),
}


def preset(name: AmountConvention) -> Preset:
    """The preset a convention name stands for."""
    return PRESETS[name]
