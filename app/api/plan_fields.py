"""Field types only the plan requests use."""

from __future__ import annotations

from app import parsing
from app.api.fields import quantity_type

Density = quantity_type(parsing.DENSITY, "1 g/mL", maxima=("5 g/mL",))
