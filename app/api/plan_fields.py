"""Field types only the plan requests use."""

from __future__ import annotations

from app.api.fields import quantity_type
from app.quantities import parsing

Density = quantity_type(parsing.DENSITY, "1 g/mL", maxima=("5 g/mL",))
