"""The due index: every write shows in the due list at once, on another app process's view of the
same database too; `sts-planner db reindex` rebuilds it; migration 0002 carries it over."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import delete, insert, text, update

from app.cli import main
from app.main import create_app
from app.policy import policy_from_settings
from app.services.courses import Reindexed, rebuild_due_index
from app.settings import Settings
from app.storage.engine import Database, make_engine
from app.storage.models import Course, DueRow
from app.storage.schema import HEAD, _config, is_current, upgrade
from tests.courses.conftest import GIVEN, auth, new_course

API = "/api/v1"
JANUARY_TO_MARCH = {"from": "2026-01-01", "to": "2026-03-31"}


@pytest.fixture
def other(settings: Settings, client: TestClient) -> Iterator[TestClient]:
    """A second app on the same database, as a second process would be: its own engine and
    pool, sharing nothing in memory with the first."""
    app = create_app(settings)
    with TestClient(app) as http:
        yield http
    app.state.database.close()


def due(http: TestClient, token: str) -> list[tuple[int, str]]:
    """(round, date) of each entry in the due list from January to March 2026."""
    answer = http.get(f"{API}/due", params=JANUARY_TO_MARCH, headers=auth(token))
    assert answer.status_code == 200, answer.text
    return [(e["round"], e["date"]) for e in answer.json()]


def open_visits(course: dict[str, Any]) -> list[tuple[int, str]]:
    """(round, date) of the rounds the course's own schedule still has open."""
    if course["status"] != "active":
        return []
    return [(v["round"], v["date"]) for v in course["schedule"]["visits"]
            if v["status"] in ("planned", "deferred")]


def write(http: TestClient, token: str, course: dict[str, Any], path: str,
          body: dict[str, Any]) -> dict[str, Any]:
    answer = http.post(f"{API}/courses/{course['id']}/{path}", json=body,
                       headers=auth(token, course["version"]))
    assert answer.status_code in (200, 201), answer.text
    written: dict[str, Any] = answer.json()
    return written


def test_every_write_shows_in_the_due_list_at_once_on_another_process(
    client: TestClient, other: TestClient, tokens: dict[str, str]
) -> None:
    clinician, viewer = tokens["clinician"], tokens["viewer"]
    course = new_course(client, clinician)
    assert due(other, viewer) == [(1, "2026-01-05"), (2, "2026-01-19"), (3, "2026-02-02")]
    steps: list[tuple[str, dict[str, Any], list[tuple[int, str]]]] = [
        ("records", {**GIVEN, "round": 1, "date": "2026-01-06"},
         [(2, "2026-01-20"), (3, "2026-02-03")]),
        ("records", {"status": "deferred", "round": 2, "date": "2026-01-23", "reason": "flu"},
         [(2, "2026-01-23"), (3, "2026-02-06")]),
        ("records", {"status": "omitted", "round": 3, "date": "2026-01-23", "reason": "healed"},
         [(2, "2026-01-23")]),
    ]
    for path, body, expected in steps:
        course = write(client, clinician, course, path, body)
        # The other app answers from the database as the write left it, and its list agrees
        # with the schedule the plan service computes for the course.
        assert due(other, viewer) == expected == open_visits(course)
    given = course["records"][0]["id"]
    course = write(client, clinician, course, f"records/{given}/entered-in-error",
                   {"reason": "wrong chart"})
    assert due(other, viewer) == [(1, "2026-01-05"), (2, "2026-01-23")] == open_visits(course)
    course = write(client, clinician, course, "stop", {"reason": "moved away"})
    assert due(other, viewer) == [] == open_visits(course)


def test_references_sort_by_their_characters_on_both_engines(
    client: TestClient, database: Database, tokens: dict[str, str]
) -> None:
    # Letters, digits, '-' and '/' in the order of their code points (a locale's order would
    # put 'a-1' first, or ignore the punctuation), the same on SQLite and PostgreSQL.
    references = ["a-1", "B1", "B/1", "B-2", "B-10"]
    for reference in references:
        new_course(client, tokens["clinician"], reference=reference)
    listed = client.get(f"{API}/due", params={"from": "2026-01-05", "to": "2026-01-05"},
                        headers=auth(tokens["viewer"])).json()
    assert [e["patient"]["reference"] for e in listed] == sorted(references)
    if not database.is_sqlite:
        with database.reading() as session:
            collation = session.execute(text(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'due_entries' AND column_name = 'patient_reference'"
            )).scalar_one()
        assert collation == "C"


def test_reindex_finds_and_rewrites_a_stale_index(
    client: TestClient, database: Database, tokens: dict[str, str], settings: Settings,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    kept = new_course(client, tokens["clinician"], reference="A-1")
    spoiled = new_course(client, tokens["clinician"], reference="B-2")
    before = client.get(f"{API}/due", params=JANUARY_TO_MARCH,
                        headers=auth(tokens["viewer"])).json()
    with database.writing() as session:  # as a hand edit or an old bug might leave it
        session.execute(delete(DueRow).where(DueRow.course_id == spoiled["id"],
                                             DueRow.number == 2))
        session.execute(update(DueRow).where(DueRow.course_id == kept["id"])
                        .values(date=dt.date(2026, 3, 30)))
    monkeypatch.setenv("STS_DATABASE_URL", settings.database())
    monkeypatch.setenv("STS_DATA_DIR", str(settings.data_dir))
    capsys.readouterr()
    assert main(["db", "reindex", "--check"]) == 1
    assert "of 2 courses" in capsys.readouterr().err
    assert main(["db", "reindex"]) == 0
    assert capsys.readouterr().out.strip() == "due index: 2 courses checked, 2 rewritten"
    assert main(["db", "reindex", "--check"]) == 0
    # A page at a time: the last page, and one cut short, both end the walk.
    policy = policy_from_settings(settings)
    for batch in (1, 2, 3):
        assert rebuild_due_index(database, policy, write=False, batch=batch) == Reindexed(2, 0)
    assert client.get(f"{API}/due", params=JANUARY_TO_MARCH,
                      headers=auth(tokens["viewer"])).json() == before


OLD_ENTRY = {"sites": ["elbow", "knee"], "visit_volume": {"value": 1.5, "unit": "mL"},
             "sts_pentahydrate": {"value": 375.0, "unit": "mg"}}


def test_migration_0002_carries_the_index_over(db_url: str, tmp_path: Path) -> None:
    config = _config(db_url)
    command.upgrade(config, "0001")
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(insert(Course), [{
                "id": "c1", "version": 1, "kind": "injection", "status": "active",
                "patient_reference": 'R-"1"', "patient": {"reference": 'R-"1"'}, "plan": {},
                "created_by": "ann", "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            }])
            connection.execute(text(
                "INSERT INTO due_rounds (course_id, round, date, patient_reference, entry) "
                "VALUES ('c1', 2, :day, :reference, :entry)"
            ), {"day": dt.date(2026, 1, 19), "reference": 'R-"1"',
                "entry": json.dumps(OLD_ENTRY)})
        command.upgrade(config, "0002")
        with engine.connect() as connection:
            line = connection.execute(text("SELECT line FROM due_rounds")).scalar_one()
        assert json.loads(line) == {"course_id": "c1", "patient": {"reference": 'R-"1"'},
                                    "round": 2, "date": "2026-01-19", **OLD_ENTRY}
        command.downgrade(config, "0001")
        with engine.connect() as connection:
            entry = connection.execute(text("SELECT entry FROM due_rounds")).scalar_one()
        assert (json.loads(entry) if isinstance(entry, str) else entry) == OLD_ENTRY
    finally:
        engine.dispose()


def test_the_head_the_app_checks_at_start_is_alembics_newest_migration(tmp_path: Path) -> None:
    config = _config(f"sqlite:///{tmp_path / 'unused.db'}")
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD]


def test_a_database_one_migration_behind_is_brought_up_at_start(db_url: str) -> None:
    command.upgrade(_config(db_url), "0001")
    database = Database(make_engine(db_url))
    try:
        assert not is_current(database)
        upgrade(database, db_url)
        assert is_current(database)
    finally:
        database.engine.dispose()


def test_reindex_leaves_the_rounds_of_a_plan_now_refused_and_says_so(
    client: TestClient, database: Database, tokens: dict[str, str], settings: Settings,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    course = new_course(client, tokens["clinician"])
    before = due(client, tokens["viewer"])
    refused = {**course["plan"], "sites": [{"name": "elbow", "volume": "900 mL", "rounds": 3}]}
    with database.writing() as session:  # as a stricter rule after an upgrade would find it
        session.execute(update(Course).where(Course.id == course["id"]).values(plan=refused))
    monkeypatch.setenv("STS_DATABASE_URL", settings.database())
    monkeypatch.setenv("STS_DATA_DIR", str(settings.data_dir))
    capsys.readouterr()
    assert main(["db", "reindex"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "refuses the plans of 1 of 1 courses" in error
    assert f"({course['id']})" in error and "amend each plan" in error
    assert due(client, tokens["viewer"]) == before
    # Left as they were, and marked so that the due list says to amend the plan first.
    assert "marked 'plan refused now': amend each plan" in error
    marked = client.get(f"{API}/due", params=JANUARY_TO_MARCH, headers=auth(tokens["viewer"]))
    assert [e.get("plan_refused_now") for e in marked.json()] == [True] * len(before)
