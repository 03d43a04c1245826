"""STS products and diluents as data: what a clinic can draw up and mix with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.clinical.chemistry import Basis
from app.clinical.facts import LIDOCAINE_1_PERCENT, LIDOCAINE_2_PERCENT, SALINE_SODIUM, Fact
from app.quantities.registry import MG_PER_ML, ML, Qty, Quantity


@dataclass(frozen=True)
class Product:
    """A marketed STS stock solution and the basis its label states."""

    id: str
    name: str
    strength: Qty
    basis: Basis
    note: str
    source: str
    # Issue 9: the volume of one single-dose vial, to count the vials a visit opens; None
    # where no source the planner holds states it.
    vial_volume: Qty | None = None


PRODUCTS: tuple[Product, ...] = (
    Product(
        "sts-25-usp",
        "Sodium Thiosulfate Injection USP 25 % (12.5 g / 50 mL)",
        Quantity(250, MG_PER_ML),
        Basis.PENTAHYDRATE,
        "single-dose vial; labelled as the pentahydrate",
        "FDA label (Hope Pharmaceuticals); USP injection monograph",
        Quantity(50, ML),
    ),
    Product(
        "pedmark",
        "PEDMARK (12.5 g / 100 mL)",
        Quantity(125, MG_PER_ML),
        Basis.PENTAHYDRATE,
        "125 mg/mL as pentahydrate = 80 mg/mL anhydrous; not interchangeable with other STS",
        "PEDMARK label",
        Quantity(100, ML),
    ),
    Product(
        "pedmarqsi",
        "Pedmarqsi (EU/UK)",
        Quantity(80, MG_PER_ML),
        Basis.ANHYDROUS,
        "80 mg/mL anhydrous; hypertonic",
        "Pedmarqsi SmPC",
    ),
    Product(
        "sts-150-nordic",
        "Sodium thiosulfate 150 mg/mL injection (Nordic hospital-pharmacy product)",
        Quantity(150, MG_PER_ML),
        Basis.PENTAHYDRATE,
        "ready-made 150 mg/mL, the strength of the intralesional series from Denmark; made for "
        "hospital use in Sweden and Norway. Taken as pentahydrate: check your label's salt form",
        "Swedish and Norwegian hospital-pharmacy product lists (unlicensed, made to order)",
    ),
)


class Diluent(StrEnum):
    """What the stock is mixed with."""

    SALINE = "saline"
    WATER = "water"
    LIDOCAINE_1 = "lidocaine 1%"
    LIDOCAINE_2 = "lidocaine 2%"


LIDOCAINE: dict[Diluent, Fact] = {
    Diluent.LIDOCAINE_1: LIDOCAINE_1_PERCENT,
    Diluent.LIDOCAINE_2: LIDOCAINE_2_PERCENT,
}
DILUENT_SODIUM: dict[Diluent, Fact] = {Diluent.SALINE: SALINE_SODIUM}
