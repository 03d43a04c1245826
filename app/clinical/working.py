"""The shown working of a calculation: its lines, the sources it used, and its warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.clinical.facts import Fact


@dataclass(frozen=True)
class Caution:
    """A caution that never blocks a result: a code, a sentence and its source."""

    code: str
    message: str
    source: str

    def as_dict(self) -> dict[str, str]:
        """The API's warning object."""
        return {"code": self.code, "message": self.message, "source": self.source}


@dataclass
class Working:
    """Lines of arithmetic in order, plus the facts they relied on."""

    lines: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def add(self, line: str) -> None:
        """Append one line of working."""
        self.lines.append(line)

    def cite(self, fact: Fact) -> Fact:
        """Record that a fact was used and hand it back."""
        # By identity: facts are constants, and comparing their Quantities costs pint time.
        if not any(known is fact for known in self.facts):
            self.facts.append(fact)
        return fact

    def extend(self, other: Working) -> None:
        """Append another calculation's working after this one."""
        self.lines.extend(other.lines)
        for fact in other.facts:
            self.cite(fact)

    def sources(self) -> list[dict[str, str]]:
        """The facts used, each with its value and source, for the API."""
        return [
            {"name": fact.name, "value": fact.text, "source": fact.source}
            for fact in self.facts
        ]
