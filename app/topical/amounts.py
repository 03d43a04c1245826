"""Named conventions for how much topical preparation one application uses, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.clinical.facts import Fact
from app.quantities import display
from app.quantities.registry import G_PER_M2, MG_PER_CM2, G, Qty, Quantity


class AmountConvention(StrEnum):
    """The presets a request may name instead of an explicit amount."""

    FTU_ADULT_MAN = "ftu_adult_man"
    FTU_ADULT_WOMAN = "ftu_adult_woman"
    THIN_LAYER = "thin_layer"
    BODY_SURFACE_40 = "body_surface_40"
    BODY_SURFACE_50 = "body_surface_50"


_FTU_SOURCE = "DermNet NZ, fingertip unit"
_BODY_SURFACE_SOURCE = "dispensing guides: 40–50 g/m² per application (= 4–5 mg/cm²)"
FTU_ADULT_MAN = Fact("fingertip unit, adult man", Quantity(0.5, G), _FTU_SOURCE)
FTU_ADULT_WOMAN = Fact("fingertip unit, adult woman", Quantity(0.4, G), _FTU_SOURCE)
THIN_LAYER = Fact(
    "thin layer of cream",
    Quantity(10, MG_PER_CM2),
    "dermatology dispensing texts: 1 g per 100 cm² (= 10 mg/cm²)",
)
# One source gives a range: its two ends are two facts, so each preset cites what it uses.
BODY_SURFACE_40 = Fact(
    "preparation per body surface, lower figure", Quantity(40, G_PER_M2), _BODY_SURFACE_SOURCE
)
BODY_SURFACE_50 = Fact(
    "preparation per body surface, upper figure", Quantity(50, G_PER_M2), _BODY_SURFACE_SOURCE
)


@dataclass(frozen=True)
class Preset:
    """A convention: its fact, and whether it is an amount per area or per application."""

    fact: Fact
    per_area: bool
    meaning: str

    @property
    def value(self) -> Qty:
        """The amount, in mg/cm² for a per-area preset or g for a per-application one."""
        return self.fact.value.to(MG_PER_CM2 if self.per_area else G)

    def describe(self) -> str:
        """A working line saying which convention filled the amount and what it means."""
        unit = MG_PER_CM2 if self.per_area else G
        field = "amount_per_area" if self.per_area else "amount_per_application"
        return (
            f"{field} = {display.quantity(self.value, unit)} from the named convention "
            f"'{self.fact.name}' ({self.meaning}; source: {self.fact.source})"
        )


PRESETS: dict[AmountConvention, Preset] = {
    AmountConvention.FTU_ADULT_MAN: Preset(
        FTU_ADULT_MAN, False, "one adult-man fingertip unit per application, all sites together"
    ),
    AmountConvention.FTU_ADULT_WOMAN: Preset(
        FTU_ADULT_WOMAN, False, "one adult-woman fingertip unit per application, all sites together"
    ),
    AmountConvention.THIN_LAYER: Preset(THIN_LAYER, True, "a thin layer over each site's area"),
    AmountConvention.BODY_SURFACE_40: Preset(
        BODY_SURFACE_40, True, "40 g per m² of treated surface per application"
    ),
    AmountConvention.BODY_SURFACE_50: Preset(
        BODY_SURFACE_50, True, "50 g per m² of treated surface per application"
    ),
}


def preset(name: AmountConvention) -> Preset:
    """The preset a convention name stands for."""
    return PRESETS[name]
