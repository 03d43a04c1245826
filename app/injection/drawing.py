"""What is drawn up at a visit: syringe rounding that never carries a dose past a limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.pharmacy.measuring import Measured, draw_up
from app.quantities import display
from app.quantities.fast import in_unit, magnitude_in
from app.quantities.registry import MG, MG_PER_ML, ML, Qty

if TYPE_CHECKING:
    from app.clinical.plausibility import InjectionLimits
    from app.injection.models import ProtocolLimits
    from app.injection.safety import Ceilings

# Float sums such as 4 × 1.3 land a hair away from the decimal; this much is ignored.
SLACK_ML = 1e-9


@dataclass(frozen=True)
class Cap:
    """A volume a dose must stay within, in mL, and how to name it on the sheet."""

    ml: float
    words: str


def tightest(caps: Sequence[Cap], planned_ml: float) -> Cap | None:
    """The smallest cap the planned volume keeps; a cap it already exceeds is warned, not kept."""
    kept = [cap for cap in caps if planned_ml <= cap.ml + SLACK_ML]
    return min(kept, key=lambda cap: cap.ml) if kept else None


@dataclass
class Draws:
    """Draw-ups for one plan, one syringe rounding per distinct planned volume."""

    site_caps: Sequence[Cap]
    visit_caps: Sequence[Cap]
    known: dict[float, Measured] = field(default_factory=dict)

    def site(self, volume: Qty, planned_ml: float) -> Measured:
        """A site's draw-up: to its syringe's marks, or down to the mark below where rounding up
        would cross a site cap the planned volume keeps; worked out once per volume."""
        if planned_ml not in self.known:
            drawn = draw_up(volume)
            cap = tightest(self.site_caps, planned_ml)
            if cap is not None and drawn.quantity.magnitude > cap.ml + SLACK_ML:
                drawn = draw_up(volume, within=cap.words)
            self.known[planned_ml] = drawn
        return self.known[planned_ml]

    def visit(self, volumes: Sequence[Qty]) -> list[Measured]:
        """Each site's draw-up, then down to the mark below at the sites rounded up most where
        the visit would otherwise cross a visit cap the plan itself keeps."""
        planned = [float(magnitude_in(v, ML)) for v in volumes]
        drawn = [self.site(v, ml) for v, ml in zip(volumes, planned, strict=True)]
        cap = tightest(self.visit_caps, sum(planned))
        if cap is None or sum(d.quantity.magnitude for d in drawn) <= cap.ml + SLACK_ML:
            return drawn
        # Round down the sites rounded up the most first, until the visit fits its cap.
        order = sorted(range(len(volumes)),
                       key=lambda i: planned[i] - drawn[i].quantity.magnitude)
        for index in order:
            if sum(d.quantity.magnitude for d in drawn) <= cap.ml + SLACK_ML:
                break
            if drawn[index].quantity.magnitude > planned[index] + SLACK_ML:
                drawn[index] = draw_up(volumes[index], within=cap.words)
        return drawn


def _ml(volume: Qty) -> float:
    return float(in_unit(volume, ML).magnitude)


def plan_draws(
    ceilings: Ceilings, volumes: InjectionLimits, template: ProtocolLimits | None,
    concentration: Qty, lidocaine: Qty | None,
) -> Draws:
    """The caps every visit's rounding keeps: the template's and reported volumes per site and
    per visit, and the STS and lidocaine ceilings turned into volumes of this mix."""
    shown = display.quantity
    site = [Cap(_ml(volumes.site_reported.value),
                f"{shown(volumes.site_reported.value, ML)} a site (the largest reported visit "
                "shared evenly)")]
    visit = [
        Cap(_ml(volumes.visit_reported.value),
            f"the largest reported {shown(volumes.visit_reported.value, ML)} a visit"),
        Cap(float(in_unit(ceilings.sts, MG).magnitude
                  / in_unit(concentration, MG_PER_ML).magnitude),
            f"the STS reference of {shown(ceilings.sts, MG)} a visit"),
    ]
    if lidocaine is not None:
        least = ceilings.lidocaine_least  # a child's, when any visit has one
        label = ceilings.lidocaine_label if least is ceilings.lidocaine else "BNF for Children"
        visit.append(Cap(
            float(in_unit(least, MG).magnitude / in_unit(lidocaine, MG_PER_ML).magnitude),
            f"the lidocaine ceiling of {shown(least, MG)} ({label})",
        ))
    if template is not None:
        name = f"protocol template '{template.protocol_id}'"
        if template.max_site_volume is not None:
            site.append(Cap(_ml(template.max_site_volume),
                            f"the {shown(template.max_site_volume, ML)} a site of the {name}"))
        if template.max_visit_volume is not None:
            visit.append(Cap(_ml(template.max_visit_volume),
                             f"the {shown(template.max_visit_volume, ML)} a visit of the {name}"))
    return Draws(site, visit)
