"""Issue 24, finding 1 on the due list: after a deployment lowers a limit, every entry of a course
whose plan the planner now refuses carries `plan_refused_now` (API) and says to amend it first
(/clinic, the day sheet, the CSV); the other entries are as they were; an amended course is not
marked. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from fastapi.testclient import TestClient

from app.contracts.due_entries import DueEntry, decode, encode, is_marked, marked
from app.courses.due import judged_under
from app.policy import PUBLISHED, policy_from_settings
from app.services import courses
from app.settings import Settings, load_settings
from app.storage import courses as store
from app.storage.engine import Database, make_engine
from app.storage.schema import _config
from tests.courses.conftest import INJECTION_PLAN, auth, signed_in_nurse
from tests.courses.test_due_entries import BLOCK, REVIEW, ROUND

BIG = {**INJECTION_PLAN, "sites": [{"name": "elbow", "volume": "100 mL", "rounds": 3}]}
SMALLER = {**INJECTION_PLAN, "sites": [{"name": "elbow", "volume": "40 mL", "rounds": 3}]}
RANGE = {"from": "2026-01-01", "to": "2026-02-28"}
WORDS = "plan refused now: amend before recording"
KEY = "plan_refused_now"


@pytest.fixture
def kept(client: TestClient, tokens: dict[str, str]) -> tuple[str, str]:
    """Two courses kept under the published limits: one with a 100 mL site (R-1), one with
    1 mL (R-2); their ids."""
    ids = []
    for reference, plan in (("R-1", BIG), ("R-2", INJECTION_PLAN)):
        body = {"patient": {"reference": reference, "name": "Ann Example"},
                "kind": "injection", "plan": plan}
        made = client.post("/api/v1/courses", json=body, headers=auth(tokens["clinician"]))
        assert made.status_code == 201, made.text
        ids.append(made.json()["id"])
    return ids[0], ids[1]


def _due(http: TestClient, token: str) -> list[dict[str, Any]]:
    answer = http.get("/api/v1/due", params=RANGE, headers=auth(token))
    assert answer.status_code == 200, answer.text
    entries: list[dict[str, Any]] = answer.json()
    return entries


def test_every_entry_of_a_refused_course_is_marked_and_nothing_else_changes(
    client: TestClient, tokens: dict[str, str], kept: tuple[str, str], tightened: TestClient,
) -> None:
    big, small = kept
    before = _due(client, tokens["viewer"])
    after = _due(tightened, tokens["viewer"])
    assert [e["course_id"] for e in after] == [e["course_id"] for e in before]
    assert [e.get(KEY) for e in after if e["course_id"] == big] == [True] * 3
    assert all(KEY not in e for e in after if e["course_id"] == small)
    assert [{k: v for k, v in e.items() if k != KEY} for e in after] == before
    # Under the published limits again (the loose deployment), the plan is accepted: unmarked.
    assert _due(client, tokens["viewer"]) == before


def test_an_amended_course_is_no_longer_marked(
    tokens: dict[str, str], kept: tuple[str, str], tightened: TestClient,
) -> None:
    big, _ = kept
    assert all(e.get(KEY) for e in _due(tightened, tokens["viewer"]) if e["course_id"] == big)
    amended = tightened.post(f"/api/v1/courses/{big}/amend",
                             json={"plan": SMALLER, "reason": "new local limit"},
                             headers=auth(tokens["clinician"], 1))
    assert amended.status_code == 200, amended.text
    assert not any(KEY in e for e in _due(tightened, tokens["viewer"]))


def test_the_clinic_page_the_day_sheet_and_the_csv_say_to_amend_with_a_link(
    kept: tuple[str, str], tightened: TestClient,
) -> None:
    big, small = kept
    nurse = signed_in_nurse(tightened)
    link = f'href="/courses/{big}#amend-h">{WORDS}</a>'
    page = nurse.get("/clinic").text  # every round is overdue by now
    assert page.count(link) == 3 and f"/courses/{small}#amend-h" not in page
    sheet = nurse.get("/clinic/day-sheet").text
    assert sheet.count(link) == 3 and f"/courses/{small}#amend-h" not in sheet
    answer = nurse.get("/clinic/due.csv", params=RANGE)
    table = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert {(r["course_id"], r["note"]) for r in table} == {(big, WORDS), (small, "")}


def test_reindex_marks_a_refused_course_under_the_limits_in_force(
    settings: Settings, tmp_path: Path, kept: tuple[str, str], database: Database,
) -> None:
    big, small = kept
    strict = policy_from_settings(load_settings(
        data_dir=tmp_path / "data", database_url=settings.database(), site_volume_max="50 mL",
        site_volume_max_source="local rule 4"))
    found = courses.rebuild_due_index(database, strict)
    assert found.refused == (big,) and found.differing == 0
    with database.reading() as session:
        (rows, judged), (_, other) = (store.judged_rows(session, c) for c in (big, small))
        lines, unjudged = store.due_judged(session, dt.date(2026, 1, 1), dt.date(2026, 2, 28),
                                           judged_under(strict))
    assert judged == other == {judged_under(strict)} and unjudged == set()
    assert all(f'"{KEY}":true' in line for *_, line in rows)
    assert sum(f'"{KEY}":true' in line for line in lines) == 3


def test_the_limits_are_named_by_their_values_not_their_sources(tmp_path: Path) -> None:
    def named(**values: str) -> str:
        return judged_under(policy_from_settings(load_settings(data_dir=tmp_path, **values)))

    published = judged_under(PUBLISHED)
    assert len(published) == 16 and published == named()
    tight = named(site_volume_max="50 mL", site_volume_max_source="rule 4")
    assert tight == named(site_volume_max="50 mL", site_volume_max_source="rule 5")
    assert tight != named(site_volume_max="40 mL", site_volume_max_source="rule 4")
    assert tight != published


def test_migration_0010_adds_and_removes_the_judged_column(db_url: str) -> None:
    config = _config(db_url)
    command.upgrade(config, "head")
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("due_entries")}
            assert "policy" in columns
        command.downgrade(config, "0009")
        with engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("due_entries")}
            assert "policy" not in columns and "line" in columns
    finally:
        engine.dispose()


@pytest.mark.parametrize("entry", [ROUND, BLOCK, REVIEW], ids=["round", "block", "review"])
def test_marking_an_entry_adds_one_key_and_unmarking_gives_back_the_same_text(
    entry: DueEntry,
) -> None:
    line = encode(entry)
    on = marked(line, True)
    assert on == encode(replace(entry, refused_now=True)) == line[:-1] + f',"{KEY}":true}}'
    assert is_marked(on) and not is_marked(line) and decode(on).refused_now
    assert marked(on, False) == marked(line, False) == line
