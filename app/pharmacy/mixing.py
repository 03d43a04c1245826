"""Diluting an STS stock: by volumes, by parts, or to a target strength (C1·V1 = C2·V2)."""

from __future__ import annotations

from dataclasses import dataclass

from app.clinical.chemistry import Basis, convert, explain_conversion, explain_masses
from app.clinical.errors import InputError
from app.clinical.working import Working
from app.pharmacy.products import DILUENT_SODIUM, LIDOCAINE, Diluent
from app.quantities import display
from app.quantities.fast import canonical, in_unit, scaled
from app.quantities.registry import MG, MG_PER_ML, ML, MMOL, Qty


@dataclass(frozen=True)
class Mixture:
    """What is in each mL of a stock-plus-diluent mix."""

    concentration: Qty  # STS, pentahydrate basis
    lidocaine: Qty | None  # lidocaine concentration; None without lidocaine in the mix
    diluent: Diluent
    working: Working
    # The fractions of each mL that are stock and diluent (volumes additive), each worked out
    # from the parts or volumes themselves, so neither is a rounded 1 − the other.
    stock_share: float = 1.0
    diluent_share: float = 0.0

    @property
    def concentration_anhydrous(self) -> Qty:
        """The STS concentration on the anhydrous basis."""
        return convert(self.concentration, Basis.PENTAHYDRATE, Basis.ANHYDROUS)


@dataclass(frozen=True)
class MixResult:
    """A mix of stated volumes and everything it contains."""

    stock_volume: Qty
    diluent_volume: Qty
    final_volume: Qty
    mixture: Mixture
    sts_pentahydrate: Qty
    sts_anhydrous: Qty
    thiosulfate: Qty
    sodium: Qty
    diluent_sodium: Qty | None
    lidocaine_amount: Qty | None
    working: Working


def _stock_pentahydrate(stock: Qty, basis: Basis, working: Working) -> Qty:
    """The stock strength on the pentahydrate basis, with the conversion shown if any."""
    strength = in_unit(stock, MG_PER_ML)
    if basis is Basis.ANHYDROUS:
        working.add("the stock is labelled on the anhydrous basis; re-expressed as pentahydrate:")
    return explain_conversion(strength, basis, Basis.PENTAHYDRATE, MG_PER_ML, working)


def mixture(
    stock: Qty, basis: Basis, diluent: Diluent, stock_share: float, diluent_share: float
) -> Mixture:
    """The strengths of a mix where `stock_share` (0–1] of each mL is stock, the rest diluent."""
    working = Working()
    penta = _stock_pentahydrate(stock, basis, working)
    concentration = canonical(scaled(in_unit(penta, MG_PER_ML), stock_share), MG_PER_ML)
    lidocaine = None
    # Stock with no diluent carries no lidocaine at all: None, never 0 (or -0.0) mg/mL.
    if diluent in LIDOCAINE and diluent_share > 0:
        fact = working.cite(LIDOCAINE[diluent])
        lidocaine = canonical(scaled(in_unit(fact.value, MG_PER_ML), 1.0 - stock_share), MG_PER_ML)
    return Mixture(concentration, lidocaine, diluent, working, stock_share, diluent_share)


def by_parts(
    stock: Qty, basis: Basis, diluent: Diluent, stock_parts: float, diluent_parts: float
) -> Mixture:
    """A mix of whole parts, e.g. 1:1 stock to diluent (volumes taken as additive)."""
    if not stock_parts > 0:
        raise InputError("stock_parts", "must be more than zero: a mix needs some stock")
    if not diluent_parts >= 0:
        raise InputError("diluent_parts", "must be zero or more")
    parts = stock_parts + diluent_parts
    mix = mixture(stock, basis, diluent, stock_parts / parts, diluent_parts / parts)
    mix.working.add(
        f"{stock_parts:g} part stock + {diluent_parts:g} part {diluent.value}: STS "
        f"{display.quantity(mix.concentration, MG_PER_ML)} (pentahydrate)"
        + (
            f", lidocaine {display.quantity(mix.lidocaine, MG_PER_ML)}"
            if mix.lidocaine is not None
            else ""
        )
    )
    return mix


def by_volumes(
    stock: Qty, basis: Basis, diluent: Diluent, stock_volume: Qty, diluent_volume: Qty
) -> MixResult:
    """Mix stated volumes of stock and diluent and report what the mix contains."""
    stock_volume, diluent_volume = in_unit(stock_volume, ML), in_unit(diluent_volume, ML)
    final = stock_volume + diluent_volume
    mix = mixture(
        stock, basis, diluent, stock_volume.magnitude / final.magnitude,
        diluent_volume.magnitude / final.magnitude,
    )
    working = Working()
    working.add(
        f"final volume = {display.quantity(stock_volume, ML)} stock + "
        f"{display.quantity(diluent_volume, ML)} {diluent.value} = "
        f"{display.quantity(final, ML)} (volumes taken as additive)"
    )
    drawn = in_unit(in_unit(stock, MG_PER_ML) * stock_volume, MG)
    working.add(
        f"STS = {display.quantity(stock, MG_PER_ML)} × {display.quantity(stock_volume, ML)} = "
        f"{display.quantity(drawn, MG)} ({basis.value})"
    )
    sts = explain_conversion(drawn, basis, Basis.PENTAHYDRATE, MG, working)
    working.add(
        f"concentration = {display.quantity(sts, MG)} ÷ {display.quantity(final, ML)} = "
        f"{display.quantity(mix.concentration, MG_PER_ML)}"
    )
    amounts = explain_masses(sts, working)
    lidocaine_amount = None
    if mix.lidocaine is not None:
        strength = working.cite(LIDOCAINE[diluent]).value
        lidocaine_amount = in_unit(strength * diluent_volume, MG)
        working.add(
            f"lidocaine = {display.quantity(strength, MG_PER_ML)} × "
            f"{display.quantity(diluent_volume, ML)} = {display.quantity(lidocaine_amount, MG)}, "
            f"{display.quantity(mix.lidocaine, MG_PER_ML)} in the mix"
        )
    diluent_sodium = None
    if diluent in DILUENT_SODIUM:
        fact = working.cite(DILUENT_SODIUM[diluent])
        diluent_sodium = in_unit(fact.value * diluent_volume, MMOL)
        working.add(
            f"sodium from the saline (reported apart) = {fact.value.magnitude:g} mmol/L × "
            f"{display.quantity(diluent_volume, ML)} = {display.quantity(diluent_sodium, MMOL)}"
        )
    return MixResult(
        stock_volume=stock_volume,
        diluent_volume=diluent_volume,
        final_volume=final,
        mixture=mix,
        sts_pentahydrate=sts,
        sts_anhydrous=amounts.anhydrous,
        thiosulfate=amounts.thiosulfate,
        sodium=amounts.sodium,
        diluent_sodium=diluent_sodium,
        lidocaine_amount=lidocaine_amount,
        working=working,
    )


def to_target(
    stock: Qty, basis: Basis, diluent: Diluent, target: Qty, final_volume: Qty
) -> MixResult:
    """Find the stock and diluent volumes that make `final_volume` at `target` strength."""
    stock, target = in_unit(stock, MG_PER_ML), in_unit(target, MG_PER_ML)
    final_volume = in_unit(final_volume, ML)
    if target > stock:
        raise InputError(
            "target",
            f"is {display.quantity(target, MG_PER_ML)}, stronger than the stock "
            f"{display.quantity(stock, MG_PER_ML)}; a dilution can only weaken it",
        )
    stock_volume = in_unit(target / stock * final_volume, ML)
    diluent_volume = final_volume - stock_volume
    result = by_volumes(stock, basis, diluent, stock_volume, diluent_volume)
    result.working.lines.insert(
        0,
        f"C1·V1 = C2·V2 (target and stock both {basis.value}): stock volume = "
        f"{display.quantity(target, MG_PER_ML)} × "
        f"{display.quantity(final_volume, ML)} ÷ {display.quantity(stock, MG_PER_ML)} = "
        f"{display.quantity(stock_volume, ML)}; diluent = "
        f"{display.quantity(diluent_volume, ML)}",
    )
    return result
