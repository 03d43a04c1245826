"""Protocol templates: published regimens as data files in `schedules/`, checked at start-up."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

SCHEDULES_DIR = Path(__file__).resolve().parent.parent / "schedules"
_REQUIRED_TEXT = ("id", "title", "route", "source")


class Route(StrEnum):
    """How the STS is given."""

    INTRALESIONAL = "intralesional"
    TOPICAL = "topical"


class ProtocolError(RuntimeError):
    """A template that cannot be used; the message names the file and the field."""

    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"protocol template {file}: {field}: {message}")
        self.file = file
        self.field = field


@dataclass(frozen=True)
class Protocol:
    """A published regimen: where it comes from, what it assumes, and a starting plan."""

    id: str
    title: str
    route: Route
    source: str
    assumptions: tuple[str, ...]
    plan: dict[str, Any]  # a request body for the route's plan endpoint, without start_date
    file: str


# Checks a plan the way its endpoint would; raises ProtocolError naming the field at fault.
PlanCheck = Callable[[Route, dict[str, object], str], None]


def _text(data: Mapping[str, object], key: str, file: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProtocolError(file, key, "must be non-empty text")
    return value


def parse(file: str, text: str, check: PlanCheck) -> Protocol:
    """Read one template's TOML text and check it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProtocolError(file, "(file)", f"is not valid TOML: {error}") from error
    values = {key: _text(data, key, file) for key in _REQUIRED_TEXT}
    try:
        route = Route(values["route"])
    except ValueError as error:
        raise ProtocolError(file, "route", "must be 'intralesional' or 'topical'") from error
    assumptions = data.get("assumptions", [])
    if not isinstance(assumptions, list) or not all(isinstance(a, str) for a in assumptions):
        raise ProtocolError(file, "assumptions", "must be a list of sentences")
    plan = data.get("plan")
    if not isinstance(plan, dict):
        raise ProtocolError(file, "plan", "must be a table: a request body without start_date")
    if "start_date" in plan:
        raise ProtocolError(file, "plan.start_date", "must not be set; the user picks the start")
    limits = plan.get("protocol_limits")
    if isinstance(limits, dict):
        # The template's own id and citation go with its limits, so warnings can cite them.
        plan["protocol_limits"] = {**limits, "id": values["id"], "source": values["source"]}
    check(route, plan, file)
    return Protocol(
        values["id"], values["title"], route, values["source"], tuple(assumptions), plan, file
    )


def files(directory: Path | None = None) -> tuple[tuple[str, str], ...]:
    """Every template's file name and text in `directory` (default `schedules/`), by name."""
    return tuple((path.name, path.read_text(encoding="utf-8"))
                 for path in sorted((directory or SCHEDULES_DIR).glob("*.toml")))


def parse_all(texts: tuple[tuple[str, str], ...], check: PlanCheck) -> tuple[Protocol, ...]:
    """The templates of `texts` (file name, text), each checked; a broken one raises."""
    protocols = [parse(file, text, check) for file, text in texts]
    seen: dict[str, str] = {}
    for protocol in protocols:
        if protocol.id in seen:
            raise ProtocolError(
                protocol.file, "id", f"'{protocol.id}' is also used by {seen[protocol.id]}"
            )
        seen[protocol.id] = protocol.file
    return tuple(protocols)


def load(check: PlanCheck, directory: Path | None = None) -> tuple[Protocol, ...]:
    """Every template in `directory` (default `schedules/`) by file name; a broken one raises."""
    return parse_all(files(directory), check)
