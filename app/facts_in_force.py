"""The published facts as this deployment uses them: a sourced local override, else the fact."""

from __future__ import annotations

from app.facts import Fact
from app.settings import get_settings


def in_force(fact: Fact) -> Fact:
    """The fact in force: the settings' sourced override where one is set, else the published."""
    return get_settings().fact(fact)
