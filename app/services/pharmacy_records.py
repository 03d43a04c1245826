"""Pharmacy-record use cases: beyond-use dates, formulation and compounding records, labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from app.pharmacy import beyond_use
from app.pharmacy.beyond_use import BeyondUse, Category, Component, Form, Storage


class Dated(Protocol):
    """Anything that names a component and its expiry date (a request model, a form row)."""

    name: str
    expiry: dt.date


def _components(items: Iterable[Dated]) -> list[Component]:
    return [Component(item.name, item.expiry) for item in items]


def nonsterile_beyond_use(form: Form, compounded: dt.date, items: Iterable[Dated]) -> BeyondUse:
    """The USP <795> BUD of a non-sterile preparation made on `compounded`."""
    return beyond_use.nonsterile(form, compounded, _components(items))


def sterile_beyond_use(
    category: Category, storage: Storage, prepared: dt.datetime, items: Iterable[Dated]
) -> BeyondUse:
    """The USP <797> BUD of a sterile preparation whose preparation started at `prepared`."""
    return beyond_use.sterile(category, storage, prepared, _components(items))
