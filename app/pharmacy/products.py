"""STS products and diluents as data: what a clinic can draw up and mix with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.clinical.chemistry import Basis
from app.clinical.facts import LIDOCAINE_1_PERCENT, LIDOCAINE_2_PERCENT, SALINE_SODIUM, Fact
from app.quantities.registry import MG_PER_ML, Qty, Quantity


@dataclass(frozen=True)
class Product:
    """A marketed STS stock solution and the basis its label states."""

    id: str
    name: str
    strength: Qty
    basis: Basis
    note: str
    source: str


PRODUCTS: tuple[Product, ...] = (
    Product(
        "sts-25-usp",
        "Sodium Thiosulfate Injection USP 25 % (12.5 g / 50 mL)",
        Quantity(250, MG_PER_ML),
        Basis.PENTAHYDRATE,
        "single-dose vial; labelled as the pentahydrate",
        "FDA label (Hope Pharmaceuticals); USP injection monograph",
    ),
    Product(
        "pedmark",
        "PEDMARK (12.5 g / 100 mL)",
        Quantity(125, MG_PER_ML),
        Basis.PENTAHYDRATE,
        "125 mg/mL as pentahydrate = 80 mg/mL anhydrous; not interchangeable with other STS",
        "PEDMARK label",
    ),
    Product(
        "pedmarqsi",
        "Pedmarqsi (EU/UK)",
        Quantity(80, MG_PER_ML),
        Basis.ANHYDROUS,
        "80 mg/mL anhydrous; hypertonic",
        "Pedmarqsi SmPC",
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
