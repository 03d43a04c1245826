"""Amending a course: what a new plan must keep of what is recorded, and its changes in words."""

from __future__ import annotations

import json
from collections.abc import Sequence

from app.clinical.text import plain
from app.courses.errors import InvalidInput
from app.courses.kinds import CourseKind, RecordStatus
from app.courses.rounds import closing_records
from app.courses.schedule import KeptRecord, Schedule, validate_plan

OTHER = {CourseKind.INJECTION: CourseKind.TOPICAL, CourseKind.TOPICAL: CourseKind.INJECTION}


def check_kind(kind: str, plan: dict[str, object]) -> None:
    """Refuse a plan of the other kind with words that say so, before its own kind's errors."""
    other = OTHER[CourseKind(kind)]
    try:
        validate_plan(kind, plan)
    except InvalidInput as own:
        try:
            validate_plan(other, plan)
        except InvalidInput:
            raise own from None  # neither kind: the errors of the course's own kind
        raise InvalidInput.at(
            "plan", message=f"plan is a {other} plan; this is a{'n' * (kind == 'injection')} "
            f"{kind} course, and a course keeps its kind: start a new course instead",
        ) from None


def _injection(fresh: Schedule, kept: Sequence[KeptRecord]) -> None:
    """Every round given or omitted stays in the new plan, with the sites it was given at."""
    rounds = len(fresh.visit_dates)
    for number, record in closing_records(kept).records.items():
        if record.status not in (RecordStatus.GIVEN, RecordStatus.OMITTED):
            continue
        if number > rounds:
            raise InvalidInput.at(
                "plan", "sites", message=f"plan has {rounds} round{'s' * (rounds != 1)}, "
                f"but round {number} is already recorded as {record.status}: a new plan keeps "
                "every round recorded",
            )
        if record.status != RecordStatus.GIVEN:
            continue
        planned, given = set(fresh.sites_at[number]), set(record.volumes)
        if planned != given:
            differ = ", ".join(f"'{name}'" for name in sorted(planned ^ given))
            raise InvalidInput.at(
                "plan", "sites", message=f"plan treats other sites at round {number} than were "
                f"given then ({differ}): a site ends with its rounds count, and a new one "
                "starts with first_round after the last round given",
            )


def _topical(fresh: Schedule, kept: Sequence[KeptRecord]) -> None:
    """Every block dispensed and review held stays in the new plan."""
    blocks, reviews = len(fresh.dispensed), len(fresh.review_records)
    for record in kept:
        if record.block is not None and record.block > blocks:
            raise InvalidInput.at(
                "plan", "steps", message=f"plan has {blocks} block{'s' * (blocks != 1)}, but "
                f"block {record.block} is already dispensed: a new plan keeps it",
            )
        if record.review is not None and record.review > reviews:
            raise InvalidInput.at(
                "plan", "review_interval_days", message=f"plan has {reviews} "
                f"review{'s' * (reviews != 1)}, but review {record.review} is already "
                "recorded: a new plan keeps it",
            )


def check_records_kept(kind: str, fresh: Schedule, kept: Sequence[KeptRecord]) -> None:
    """Refuse (422, under body.plan) a new plan that would lose what is recorded; `fresh` is
    the new plan's schedule with no records, `kept` the records that count."""
    live = [k for k in kept if not k.in_error]
    if kind == CourseKind.INJECTION:
        _injection(fresh, live)
    else:
        _topical(fresh, live)


# An audit entry says what changed, not the whole plan again: the amendment row keeps that.
MAX_VALUE = 120
# A plan's patient figures: an amendment says they changed, never their values.
PRIVATE = frozenset({"patient_weight", "patient_birth_date"})


def _value(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "…"


def _sites(old: list[object], new: list[object]) -> list[str]:
    before = {plain(s["name"]): s for s in old if isinstance(s, dict) and "name" in s}
    after = {plain(s["name"]): s for s in new if isinstance(s, dict) and "name" in s}
    said = [f"site '{n}' added" for n in after if n not in before]
    said += [f"site '{n}' removed" for n in before if n not in after]
    for name in (n for n in after if n in before and after[n] != before[n]):
        keys = sorted(set(after[name]) | set(before[name]))
        said += [f"site '{name}' {k}: {_value(before[name].get(k, '—'))} → "
                 f"{_value(after[name].get(k, '—'))}"
                 for k in keys if before[name].get(k) != after[name].get(k)]
    return said


def _steps(steps: list[object]) -> str:
    """A topical plan's strength steps in words: '3 % w/w for 21 days, then 10 % w/w for 28'."""
    words = [f"{s.get('strength')} for {s.get('days')} days" if isinstance(s, dict)
             else _value(s) for s in steps]
    return _value(", then ".join(words))


def plan_changes(old: dict[str, object], new: dict[str, object]) -> list[str]:
    """What a new plan changes, in words ('interval_days: 14 → 21', "site 'knee' added")."""
    said: list[str] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key in PRIVATE:  # the audit never holds a patient's figures; the rows keep them
            said.append(f"{key} changed")
        elif key == "sites" and isinstance(before, list) and isinstance(after, list):
            said += _sites(before, after)
        elif key == "steps" and isinstance(before, list) and isinstance(after, list):
            said.append(f"steps: {_steps(before)} → {_steps(after)}")
        elif key not in new:
            said.append(f"{key} removed (was {_value(before)})")
        elif key not in old:
            said.append(f"{key} set to {_value(after)}")
        else:
            said.append(f"{key}: {_value(before)} → {_value(after)}")
    return said or ["the plan as sent is the same as before"]
