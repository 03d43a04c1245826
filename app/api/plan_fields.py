"""Field types only the plan requests use."""

from __future__ import annotations

from app.api.fields import Density

__all__ = ["Density"]
