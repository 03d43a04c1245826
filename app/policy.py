"""The facts in force for one deployment: published values, or local overrides with their source."""

from __future__ import annotations

import hashlib
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
    # Clinical plausibility (issue 11): the volume references that warn and bounds that refuse.
    facts.INJECTION_SITE_VOLUME_REPORTED,
    facts.INJECTION_VISIT_VOLUME_REPORTED,
    facts.INJECTION_SITE_VOLUME_MAX,
    facts.INJECTION_VISIT_VOLUME_MAX,
)


@dataclass(frozen=True)
class Policy:
    """Every fact a plan is checked against, as in force here; made once, shared read-only."""

    overrides: Mapping[str, Fact] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        # A read-only view, so no caller can change the facts in force after start-up.
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))

    def fingerprint(self) -> str:
        """A short name for the limits in force: every fact a deployment may override, as valued
        here, whether overridden or as published. Two policies with one fingerprint judge every
        plan alike."""
        text = ";".join(f"{fact.name}={self.fact(fact).text}" for fact in OVERRIDABLE)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def __hash__(self) -> int:
        # The overrides are a read-only mapping, which has no hash of its own.
        return hash(self.fingerprint())

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
    def lidocaine_label(self) -> str:
        """Whose cap the lidocaine ceiling is, for every place it is shown (issue 14)."""
        return label_of(self.lidocaine_max)

    @property
    def lidocaine_child_per_kg(self) -> Fact:
        """The lidocaine figure per kg for a child aged 1 month to 11 years (BNFC)."""
        return self.fact(facts.LIDOCAINE_MAX_PER_KG_CHILD)

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
        shown: list[Fact] = []
        for published in facts.ALL_FACTS:
            fact = self.fact(published)
            # A named choice (the UK and Irish lidocaine cap) is in force in its published
            # fact's place and listed once.
            if not any(fact is seen for seen in shown):
                shown.append(fact)
        return shown


PUBLISHED = Policy()

# A named choice of lidocaine label (issue 14, STS_LIDOCAINE_LABEL): the cap in force without a
# local override.
LIDOCAINE_LABELS: Mapping[str, Fact] = MappingProxyType(
    {"us": facts.LIDOCAINE_MAX, "uk-ie": facts.LIDOCAINE_MAX_UK_IE}
)


# Whose figure each published lidocaine fact is, so a figure is named by its own source (issue 23).
_LABELS: Mapping[str, str] = MappingProxyType({
    facts.LIDOCAINE_MAX.name: "US label",
    facts.LIDOCAINE_MAX_PER_KG.name: "US label",
    facts.LIDOCAINE_MAX_UK_IE.name: "UK and Irish SmPCs",
    facts.LIDOCAINE_MAX_PER_KG_UK_IE.name: "UK and Irish SmPCs",
    facts.LIDOCAINE_MAX_PER_KG_CHILD.name: "BNF for Children",
})
_PUBLISHED_LIDOCAINE = (facts.LIDOCAINE_MAX, facts.LIDOCAINE_MAX_PER_KG,
                        facts.LIDOCAINE_MAX_UK_IE, facts.LIDOCAINE_MAX_PER_KG_UK_IE,
                        facts.LIDOCAINE_MAX_PER_KG_CHILD)


def label_of(fact: Fact) -> str:
    """Whose figure a lidocaine fact in force is: a label's, the BNFC's, or a local override."""
    if any(fact is published for published in _PUBLISHED_LIDOCAINE):
        return _LABELS[fact.name]
    return "local override"


# The per-kg figure that goes with each named label (issue 23: the HPRA SmPC's 4.5 mg/kg).
LIDOCAINE_PER_KG_LABELS: Mapping[str, Fact] = MappingProxyType(
    {"us": facts.LIDOCAINE_MAX_PER_KG, "uk-ie": facts.LIDOCAINE_MAX_PER_KG_UK_IE}
)


def in_force(published: Fact, overrides: Mapping[str, Fact], lidocaine_label: str = "us") -> Fact:
    """The one rule for which value of a published fact is in force: a sourced local override
    wins; else, for the lidocaine cap, the named label chosen; else the published fact."""
    if published.name in overrides:
        return overrides[published.name]
    if published is facts.LIDOCAINE_MAX:
        return LIDOCAINE_LABELS[lidocaine_label]
    if published is facts.LIDOCAINE_MAX_PER_KG:
        return LIDOCAINE_PER_KG_LABELS[lidocaine_label]
    return published


def policy_from_settings(settings: Settings) -> Policy:
    """The policy a deployment's settings describe (their overrides are already checked)."""
    overrides = settings.overrides()
    chosen = [(fact, in_force(fact, overrides, settings.lidocaine_label)) for fact in OVERRIDABLE]
    return Policy({fact.name: value for fact, value in chosen if value is not fact})
