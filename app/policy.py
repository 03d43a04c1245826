"""The facts in force for one deployment: published values, or local overrides with their source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from app.clinical import facts
from app.clinical.facts import Fact

if TYPE_CHECKING:  # the policy is made from settings; the domain never reads them itself
    from app.settings import Settings

# The published facts a deployment may replace (each with a `…_SOURCE` note in the settings).
OVERRIDABLE: tuple[Fact, ...] = (
    facts.STS_IV_DOSE_PER_KG,
    facts.STS_IV_DOSE_MAX,
    facts.LIDOCAINE_MAX_PER_KG,
    facts.LIDOCAINE_MAX,
    facts.MIN_INTERVAL,
    facts.TOPICAL_MAX_STRENGTH,
)


@dataclass(frozen=True)
class Policy:
    """Every fact a plan is checked against, as in force here; made once, shared read-only."""

    overrides: Mapping[str, Fact] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        # A read-only view, so no caller can change the facts in force after start-up.
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))

    def fact(self, published: Fact) -> Fact:
        """The fact in force: the local override of `published` where one is set, else itself."""
        return self.overrides.get(published.name, published)

    def is_overridden(self, published: Fact) -> bool:
        """True when a deployment replaced this published fact with a sourced local value."""
        return published.name in self.overrides

    @property
    def sts_dose_per_kg(self) -> Fact:
        """The STS ceiling per visit per kg of body weight."""
        return self.fact(facts.STS_IV_DOSE_PER_KG)

    @property
    def sts_dose_max(self) -> Fact:
        """The STS cap per visit."""
        return self.fact(facts.STS_IV_DOSE_MAX)

    @property
    def lidocaine_max_per_kg(self) -> Fact:
        """The lidocaine ceiling per visit per kg of body weight."""
        return self.fact(facts.LIDOCAINE_MAX_PER_KG)

    @property
    def lidocaine_max(self) -> Fact:
        """The lidocaine cap per visit."""
        return self.fact(facts.LIDOCAINE_MAX)

    @property
    def min_interval(self) -> Fact:
        """The shortest interval between rounds before a warning."""
        return self.fact(facts.MIN_INTERVAL)

    @property
    def topical_max_strength(self) -> Fact:
        """The highest topical strength before a warning."""
        return self.fact(facts.TOPICAL_MAX_STRENGTH)

    def all_facts(self) -> list[Fact]:
        """Every constant the planner relies on, as in force, in the order facts.py lists them."""
        return [self.fact(published) for published in facts.ALL_FACTS]


PUBLISHED = Policy()


def policy_from_settings(settings: Settings) -> Policy:
    """The policy a deployment's settings describe (their overrides are already checked)."""
    return Policy({fact.name: settings.fact(fact) for fact in OVERRIDABLE
                   if settings.fact(fact) is not fact})
