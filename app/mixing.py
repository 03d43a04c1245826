"""Diluting an STS stock: by volumes, by parts, or to a target strength (C1·V1 = C2·V2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import display
from app.chemistry import Basis, convert, explain_masses, sodium, thiosulfate, to_pentahydrate
from app.errors import InputError
from app.products import DILUENT_SODIUM, LIDOCAINE, Diluent
from app.units import MG, MG_PER_ML, ML, MMOL, Quantity
from app.working import Working


@dataclass(frozen=True)
class Mixture:
    """What is in each mL of a stock-plus-diluent mix."""

    concentration: Any  # STS, pentahydrate basis
    lidocaine: Any | None  # lidocaine concentration, or None without lidocaine
    diluent: Diluent
    working: Working

    @property
    def concentration_anhydrous(self) -> Any:
        """The STS concentration on the anhydrous basis."""
        return convert(self.concentration, Basis.PENTAHYDRATE, Basis.ANHYDROUS)


@dataclass(frozen=True)
class MixResult:
    """A mix of stated volumes and everything it contains."""

    stock_volume: Any
    diluent_volume: Any
    final_volume: Any
    mixture: Mixture
    sts_pentahydrate: Any
    sts_anhydrous: Any
    thiosulfate: Any
    sodium: Any
    diluent_sodium: Any | None
    lidocaine_amount: Any | None
    working: Working


def _stock_pentahydrate(stock: Any, basis: Basis, working: Working) -> Any:
    """The stock strength on the pentahydrate basis, with the conversion shown if any."""
    strength = stock.to(MG_PER_ML)
    if basis is Basis.ANHYDROUS:
        converted = to_pentahydrate(strength, basis)
        working.add(
            f"stock {display.quantity(strength, MG_PER_ML)} anhydrous = "
            f"{display.quantity(converted, MG_PER_ML)} as pentahydrate"
        )
        return converted
    return strength


def mixture(stock: Any, basis: Basis, diluent: Diluent, stock_share: Any) -> Mixture:
    """The strengths of a mix where `stock_share` (0–1) of each mL is stock."""
    working = Working()
    penta = _stock_pentahydrate(stock, basis, working)
    concentration = (penta * stock_share).to(MG_PER_ML)
    lidocaine = None
    if diluent in LIDOCAINE:
        fact = working.cite(LIDOCAINE[diluent])
        lidocaine = (fact.value * (1 - stock_share)).to(MG_PER_ML)
    return Mixture(concentration, lidocaine, diluent, working)


def by_parts(
    stock: Any, basis: Basis, diluent: Diluent, stock_parts: float, diluent_parts: float
) -> Mixture:
    """A mix of whole parts, e.g. 1:1 stock to diluent (volumes taken as additive)."""
    share = Quantity(stock_parts / (stock_parts + diluent_parts), "dimensionless")
    mix = mixture(stock, basis, diluent, share)
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
    stock: Any, basis: Basis, diluent: Diluent, stock_volume: Any, diluent_volume: Any
) -> MixResult:
    """Mix stated volumes of stock and diluent and report what the mix contains."""
    stock_volume, diluent_volume = stock_volume.to(ML), diluent_volume.to(ML)
    final = stock_volume + diluent_volume
    share = (stock_volume / final).to("dimensionless")
    mix = mixture(stock, basis, diluent, share)
    working = Working()
    working.extend(mix.working)
    working.add(
        f"final volume = {display.quantity(stock_volume, ML)} stock + "
        f"{display.quantity(diluent_volume, ML)} {diluent.value} = "
        f"{display.quantity(final, ML)} (volumes taken as additive)"
    )
    sts = (_stock_pentahydrate(stock, basis, Working()) * stock_volume).to(MG)
    working.add(
        f"STS = {display.quantity(stock.to(MG_PER_ML), MG_PER_ML)} × "
        f"{display.quantity(stock_volume, ML)} = {display.quantity(sts, MG)} "
        f"({basis.value}{'' if basis is Basis.PENTAHYDRATE else ', shown as pentahydrate'})"
    )
    working.add(
        f"concentration = {display.quantity(sts, MG)} ÷ {display.quantity(final, ML)} = "
        f"{display.quantity(mix.concentration, MG_PER_ML)}"
    )
    explain_masses(sts, working)
    lidocaine_amount = None
    if mix.lidocaine is not None:
        lidocaine_amount = (LIDOCAINE[diluent].value * diluent_volume).to(MG)
        working.add(
            f"lidocaine = {display.quantity(LIDOCAINE[diluent].value, MG_PER_ML)} × "
            f"{display.quantity(diluent_volume, ML)} = {display.quantity(lidocaine_amount, MG)}, "
            f"{display.quantity(mix.lidocaine, MG_PER_ML)} in the mix"
        )
    diluent_sodium = None
    if diluent in DILUENT_SODIUM:
        fact = working.cite(DILUENT_SODIUM[diluent])
        diluent_sodium = (fact.value * diluent_volume).to(MMOL)
        working.add(
            f"sodium from the saline (reported apart) = {display.quantity(diluent_sodium, MMOL)}"
        )
    return MixResult(
        stock_volume=stock_volume,
        diluent_volume=diluent_volume,
        final_volume=final,
        mixture=mix,
        sts_pentahydrate=sts,
        sts_anhydrous=convert(sts, Basis.PENTAHYDRATE, Basis.ANHYDROUS),
        thiosulfate=thiosulfate(sts),
        sodium=sodium(sts),
        diluent_sodium=diluent_sodium,
        lidocaine_amount=lidocaine_amount,
        working=working,
    )


def to_target(
    stock: Any, basis: Basis, diluent: Diluent, target: Any, final_volume: Any
) -> MixResult:
    """Find the stock and diluent volumes that make `final_volume` at `target` strength."""
    stock, target, final_volume = stock.to(MG_PER_ML), target.to(MG_PER_ML), final_volume.to(ML)
    if target > stock:
        raise InputError(
            "target",
            f"is {display.quantity(target, MG_PER_ML)}, stronger than the stock "
            f"{display.quantity(stock, MG_PER_ML)}; a dilution can only weaken it",
        )
    stock_volume = (target * final_volume / stock).to(ML)
    result = by_volumes(stock, basis, diluent, stock_volume, final_volume - stock_volume)
    result.working.lines.insert(
        0,
        f"C1·V1 = C2·V2: stock volume = {display.quantity(target, MG_PER_ML)} × "
        f"{display.quantity(final_volume, ML)} ÷ {display.quantity(stock, MG_PER_ML)} = "
        f"{display.quantity(stock_volume, ML)}; diluent = "
        f"{display.quantity(final_volume - stock_volume, ML)}",
    )
    return result
