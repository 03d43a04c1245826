"""Quantities: the one pint registry, parsing user text into quantities, and showing them."""
