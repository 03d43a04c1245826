"""An amendment keeps the plan it replaced: someone with write access to the database who edits
that plan is found by `sts-planner audit verify`, at the amendment's own entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app
from tests.courses_contract.harness import PASSWORD, SEED_PLAN, cli, environment
from tests.robust.test_audit_tampering import _broken


def test_an_edited_previous_plan_is_found_at_the_amendments_entry(tmp_path: Path) -> None:
    path = tmp_path / "sts.db"
    with environment(STS_DATABASE_URL=f"sqlite:///{path}", STS_DATA_DIR=str(tmp_path / "data")):
        with TestClient(create_app()) as http:
            assert cli(["user", "add", "ada", "--role", "admin"], PASSWORD + "\n").code == 0
            auth = {"Authorization": "Bearer " + cli(["token", "add", "ada"]).out.strip()}
            made = http.post("/api/v1/courses", headers=auth, json={
                "patient": {"reference": "A-1"}, "kind": "injection", "plan": SEED_PLAN})
            amended = http.post(f"/api/v1/courses/{made.json()['id']}/amend",
                                headers={**auth, "If-Match": '"1"'},
                                json={"plan": {**SEED_PLAN, "interval_days": 21},
                                      "reason": "slower"})
            assert amended.status_code == 200, amended.text
        assert cli(["audit", "verify"]).code == 0
        with sqlite3.connect(path) as db:
            (seq,) = db.execute("SELECT seq FROM audit_entries WHERE action = 'course.amended'"
                                ).fetchone()
            db.execute("UPDATE course_amendments SET previous_plan = ?",
                       (json.dumps({**SEED_PLAN, "interval_days": 7}),))
        _broken(cli(["audit", "verify"]), int(seq))
