"""sts-planner export fhir --since DAY PATH: one Bundle per course written since that day, as
NDJSON, replacing PATH at once; reads do not count as changes; mistakes are one line."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.services import fhir_export
from app.settings import Settings
from tests.courses.conftest import auth
from tests.fhir_export.bundles import export


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    """Point the command (which reads the environment) at this test's database."""
    assert settings.database_url is not None
    monkeypatch.setenv("STS_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("STS_DATA_DIR", str(settings.data_dir))


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _feed_matches_the_api(client, tokens, courses, tmp_path, capsys):
    out = tmp_path / "feed" / "sts.ndjson"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert main(["export", "fhir", "--since", today, str(out)]) == 0
    assert f"exported {len(courses)} course(s) changed since {today}" in capsys.readouterr().err
    lines = _lines(out)
    by_course = {c["id"]: c for c in courses}
    assert sorted(b["entry"][1]["resource"]["identifier"][0]["value"] for b in lines) == sorted(
        by_course)
    for bundle in lines:
        course_id = bundle["entry"][1]["resource"]["identifier"][0]["value"]
        assert bundle == export(client, tokens["viewer"], course_id)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it holds patients' data
    assert [p.name for p in out.parent.iterdir()] == ["sts.ndjson"]  # no temporary file left


def test_the_feed_holds_each_course_changed_that_day(
    env, client, tokens, injection_course, topical_course, tmp_path, capsys
):
    _feed_matches_the_api(client, tokens, [injection_course, topical_course], tmp_path, capsys)


@pytest.mark.parametrize("db_engine", ["postgresql"])
def test_the_feed_on_postgresql(env, client, tokens, injection_course, tmp_path, capsys):
    _feed_matches_the_api(client, tokens, [injection_course], tmp_path, capsys)


def test_a_day_after_every_change_gives_an_empty_feed_replacing_the_old(
    env, client, tokens, injection_course, tmp_path, capsys
):
    out = tmp_path / "sts.ndjson"
    out.write_text("yesterday's feed\n", encoding="utf-8")
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    assert main(["export", "fhir", "--since", tomorrow, str(out)]) == 0
    assert out.read_text(encoding="utf-8") == ""
    assert "exported 0 course(s)" in capsys.readouterr().err


def test_reads_and_exports_are_not_changes(client: TestClient, tokens, injection_course,
                                           topical_course):
    database = client.app.state.database  # type: ignore[attr-defined]
    since = dt.datetime.now(dt.UTC)
    # After `since`: the injection course is only read and exported, the topical one written.
    client.get(f"/api/v1/courses/{injection_course['id']}", headers=auth(tokens["viewer"]))
    export(client, tokens["viewer"], injection_course["id"])
    answer = client.post(f"/api/v1/courses/{topical_course['id']}/records",
                         headers=auth(tokens["clinician"], topical_course["version"]),
                         json={"review": 2, "status": "reviewed", "date": "2025-02-03"})
    assert answer.status_code == 201, answer.text
    assert fhir_export.changed_since(database, since) == [topical_course["id"]]


@pytest.mark.parametrize(
    ("since", "says"),
    [("2025-13-01", "--since is not a date"), ("yesterday", "--since must be a date"),
     ("20250101", "--since must be a date")],
)
def test_a_bad_day_is_one_line_and_writes_nothing(env, since, says, tmp_path, capsys):
    out = tmp_path / "sts.ndjson"
    assert main(["export", "fhir", "--since", since, str(out)]) == 1
    error = capsys.readouterr().err
    assert says in error and error.count("\n") == 1
    assert not out.exists()
