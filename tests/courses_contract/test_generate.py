"""The benchmark's data generator writes courses the API reads back whole, with an intact audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app
from app.policy import policy_from_settings
from app.services import accounts
from app.settings import load_settings
from app.storage.engine import Database, make_engine
from app.storage.schema import upgrade
from benchmarks.generate import ROUNDS, generate
from tests.courses_contract.harness import API, PASSWORD, cli, environment


def test_generated_courses_are_whole_active_and_audited(db_url: str, tmp_path: Path) -> None:
    today = dt.datetime.now(dt.UTC).date()
    db = Database(make_engine(db_url))
    try:
        upgrade(db, db_url)
        accounts.add_user(db, "reader", "admin", PASSWORD)
        token = accounts.add_token(db, "reader")
        made = generate(db, policy_from_settings(load_settings()), 60, today, seed=3)
    finally:
        db.close()
    assert made.courses == 60 and made.rounds == 60 * ROUNDS
    assert made.audit_entries == made.courses + made.records
    headers = {"Authorization": f"Bearer {token}"}
    with environment(STS_DATABASE_URL=db_url, STS_DATA_DIR=str(tmp_path)):
        assert cli(["audit", "verify"]).code == 0
        with TestClient(create_app()) as http:
            due = http.get(f"{API}/due", headers=headers, params={
                "from": (today - dt.timedelta(days=45)).isoformat(),
                "to": (today + dt.timedelta(days=46)).isoformat()}).json()
            assert due, "the generated clinic has rounds falling due"
            for course_id in sorted({entry["course_id"] for entry in due})[:5]:
                course = http.get(f"{API}/courses/{course_id}", headers=headers).json()
                assert course["status"] == "active"
                assert len(course["records"]) == course["version"] - 1
                open_rounds = [(v["round"], v["date"]) for v in course["schedule"]["visits"]
                               if v["status"] in ("planned", "deferred")]
                listed = [(e["round"], e["date"]) for e in due if e["course_id"] == course_id]
                assert set(listed) <= set(open_rounds)
        assert cli(["audit", "verify"]).code == 0  # the reads above were appended to the chain
