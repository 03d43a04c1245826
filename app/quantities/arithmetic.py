"""Arithmetic on Quantities with typed results, where pint's own operators are unannotated."""

from __future__ import annotations

from app.quantities.registry import Qty

# pint annotates its conversions but not `+`, `-`, `*` and `/`, so a type checker reads every
# sum or product as untyped. Each helper is the operator itself, with the type it always has
# for the float Quantities of this registry; values are exactly what the operator gives.


def plus(left: Qty, right: Qty) -> Qty:
    """left + right (same dimension), in left's unit."""
    result: Qty = left + right
    return result


def minus(left: Qty, right: Qty) -> Qty:
    """left − right (same dimension), in left's unit."""
    result: Qty = left - right
    return result


def times(left: Qty, right: Qty | float) -> Qty:
    """left × right, a Quantity or a pure number."""
    result: Qty = left * right
    return result


def over(left: Qty, right: Qty | float) -> Qty:
    """left ÷ right, a Quantity or a pure number."""
    result: Qty = left / right
    return result


def below(left: Qty, right: Qty) -> bool:
    """True when left < right (same dimension)."""
    return bool(left < right)
