"""Arithmetic on Quantities with typed results, where pint's own operators are unannotated."""

from __future__ import annotations

from app.quantities.registry import Qty

# pint annotates its conversions but not its operators, so a type checker reads every product
# or ratio as untyped. Each helper is the operator itself, with the type it always has for the
# float Quantities of this registry; values are exactly what the operator gives. Only where a
# typed function returns the result: a product kept in a local needs no helper.


def times(left: Qty, right: Qty | float) -> Qty:
    """left × right, a Quantity or a pure number."""
    result: Qty = left * right
    return result


def over(left: Qty, right: Qty | float) -> Qty:
    """left ÷ right, a Quantity or a pure number."""
    result: Qty = left / right
    return result
