"""The amendment form of the course page: the plan's interval and sites (injection) or steps
and review interval (topical) as they stand, to change and send with a reason."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.courses.kinds import CourseKind
from app.courses.views import CourseView

# Each row of the form: a site (name, volume, rounds, first round) or a step (strength, days).
ROW_KEYS = {CourseKind.INJECTION: ("name", "volume", "rounds", "first_round"),
            CourseKind.TOPICAL: ("strength", "days")}
INTERVAL = {CourseKind.INJECTION: "interval_days", CourseKind.TOPICAL: "review_interval_days"}


@dataclass
class AmendForm:
    """The plan's parts a clinic changes, as they stand or as typed, one blank row to add."""

    kind: str
    interval: str
    rows: list[dict[str, str]]
    reason: str = ""
    errors: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def amend_form(course: CourseView) -> AmendForm:
    """The form filled in from the course's plan as it stands."""
    keys = ROW_KEYS[CourseKind(course.kind)]
    listed = course.plan.get("sites" if course.kind == CourseKind.INJECTION else "steps", [])
    rows = [{k: _text(item.get(k)) for k in keys} for item in listed if isinstance(item, dict)]
    interval = _text(course.plan.get(INTERVAL[CourseKind(course.kind)], ""))
    return AmendForm(course.kind, interval, [*rows, dict.fromkeys(keys, "")])


def _number(text: str) -> int | str:
    """A whole number as typed; anything else as typed, for the plan's own check to word."""
    return int(text) if text.isdigit() and len(text) < 6 else text


def plan_from(kept: Mapping[str, object], form: AmendForm) -> dict[str, object]:
    """The course's plan with the form's parts put in; every other part kept as it was."""
    plan = copy.deepcopy(dict(kept))
    kind = CourseKind(form.kind)
    if form.interval:
        plan[INTERVAL[kind]] = _number(form.interval)
    if kind == CourseKind.INJECTION:
        listed = plan.get("sites")
        old = {s.get("name"): s for s in (listed if isinstance(listed, list) else [])
               if isinstance(s, dict)}
        sites = []
        for row in (r for r in form.rows if r["name"]):
            site = {**old.get(row["name"], {}), "name": row["name"], "volume": row["volume"],
                    "rounds": _number(row["rounds"])}
            site.pop("first_round", None)
            if row["first_round"]:
                site["first_round"] = _number(row["first_round"])
            sites.append(site)
        plan["sites"] = sites
    else:
        plan["steps"] = [{"strength": r["strength"], "days": _number(r["days"])}
                         for r in form.rows if r["strength"] or r["days"]]
    return plan


def rows_of(kind: CourseKind, columns: list[list[str]]) -> list[dict[str, str]]:
    keys = ROW_KEYS[kind]
    count = max((len(c) for c in columns), default=0)
    return [{k: (c[n].strip() if n < len(c) else "") for k, c in zip(keys, columns, strict=True)}
            for n in range(count)]
