"""The data of an injection plan: what a request asks for and what the plan gives back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.calendar.series import Closures
from app.clinical.working import Caution, Working
from app.pharmacy.measuring import Measured
from app.pharmacy.mixing import Mixture
from app.quantities.registry import Qty


@dataclass(frozen=True)
class Site:
    """A lesion injected with its own volume at rounds first_round … first_round + rounds − 1."""

    name: str
    volume: Qty
    rounds: int
    first_round: int = 1

    @property
    def last_round(self) -> int:
        """The last round this site is injected at."""
        return self.first_round + self.rounds - 1

    def treated_at(self, number: int) -> bool:
        """True when this site is injected at round `number`."""
        return self.first_round <= number <= self.last_round


@dataclass(frozen=True)
class Given:
    """What actually happened at a round: the date it was given and/or volumes that differed."""

    round: int
    date: dt.date | None = None
    volumes: Mapping[str, Qty] = field(default_factory=dict)


@dataclass(frozen=True)
class ProtocolLimits:
    """Volume limits a protocol template states, with the template's citation."""

    protocol_id: str
    source: str
    max_site_volume: Qty | None = None
    max_visit_volume: Qty | None = None


@dataclass(frozen=True)
class InjectionSpec:
    """Everything an injection plan needs, already parsed into quantities and dates."""

    start_date: dt.date
    interval_days: int
    mixture: Mixture
    sites: tuple[Site, ...]
    patient_weight: Qty | None = None
    closures: Closures = Closures()
    given: tuple[Given, ...] = ()
    limits: ProtocolLimits | None = None
    # Rounds that will not be given (a kept course's omissions): their visits stay listed but
    # count in no total and raise no course warning.
    omitted: frozenset[int] = frozenset()
    patient_birth_date: dt.date | None = None  # issue 23: a child's lidocaine figure


@dataclass(frozen=True)
class SiteDose:
    """One site at one visit."""

    name: str
    volume: Qty
    sts_pentahydrate: Qty
    changed: bool  # the volume given differs from the planned one
    drawn: Measured | None = None  # the draw-up the round sheet prints (issue 11)


@dataclass(frozen=True)
class Visit:
    """One clinic visit: its date, the sites injected, and what the patient receives in all."""

    round: int
    date: dt.date
    moved_from: dt.date | None
    given: bool
    sites: tuple[SiteDose, ...]
    volume: Qty
    sts_pentahydrate: Qty
    sts_anhydrous: Qty
    sodium: Qty
    lidocaine: Qty | None
    warnings: tuple[Caution, ...]
    diluent_sodium: Qty | None = None  # mmol from a saline diluent, apart from the STS sodium
    drawn_volume: Qty | None = None  # mL, the sum of the sites' draw-ups


@dataclass(frozen=True)
class Totals:
    """The whole course added up."""

    volume: Qty
    sts_pentahydrate: Qty
    sts_anhydrous: Qty
    sodium: Qty
    lidocaine: Qty | None
    diluent_sodium: Qty | None = None


@dataclass(frozen=True)
class InjectionPlanResult:
    """A planned course of intralesional rounds with its working and warnings."""

    concentration: Qty
    concentration_anhydrous: Qty
    lidocaine_concentration: Qty | None
    visits: tuple[Visit, ...]
    totals: Totals
    warnings: tuple[Caution, ...]  # plan-level ones, then every visit warning again
    working: Working
    cautions: tuple[Caution, ...] = ()  # the label's, always present (issue 23)
