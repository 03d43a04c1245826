"""The JSON value type: what a body built for JSON may hold, nested to any depth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

# Read-only containers, so that a body may take a list of objects or a dict of texts as it is:
# a `dict[str, str]` is a `Mapping[str, JsonValue]`, where it would not be a `dict[str, JsonValue]`.
JsonValue: TypeAlias = (
    str | int | float | bool | None | Sequence["JsonValue"] | Mapping[str, "JsonValue"]
)
# A JSON object being built, key by key.
JsonObject: TypeAlias = dict[str, JsonValue]
