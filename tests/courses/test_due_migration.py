"""Migration 0004: the due index holds both kinds. Injection rows are carried over with their
kind and what; topical courses are added by `sts-planner db reindex` (the planner's work, which a
migration does not do); a downgrade keeps the injection rows only."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import insert, select, text

from app.courses.due import due_rows
from app.courses.schedule import schedule
from app.policy import policy_from_settings
from app.services.courses import Reindexed, rebuild_due_index
from app.settings import load_settings
from app.storage.engine import Database, make_engine
from app.storage.models import Course, DueRow
from app.storage.schema import _config
from tests.courses.conftest import INJECTION_PLAN, TOPICAL_PLAN

CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _course(course_id: str, kind: str, plan: dict[str, object]) -> dict[str, object]:
    return {"id": course_id, "version": 1, "kind": kind, "status": "active",
            "patient_reference": f"R-{course_id}", "patient": {"reference": f"R-{course_id}"},
            "plan": plan, "created_by": "ann", "created_at": CREATED}


def _as_0002(line: str) -> str:
    """An entry as revision 0002 kept it: no kind, no what."""
    return json.dumps({k: v for k, v in json.loads(line).items() if k not in ("kind", "what")},
                      separators=(",", ":"))


def test_0004_carries_rounds_over_and_reindex_adds_topical_courses(
    db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    policy = policy_from_settings(load_settings(data_dir=tmp_path))
    config = _config(db_url)
    command.upgrade(config, "0002")
    expected = due_rows("inj", "R-inj", "active", schedule("injection", INJECTION_PLAN, [], policy))
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(insert(Course), [_course("inj", "injection", INJECTION_PLAN),
                                                _course("top", "topical", TOPICAL_PLAN)])
            for _what, number, day, line in expected:
                connection.execute(text(
                    "INSERT INTO due_rounds (date, patient_reference, course_id, round, line) "
                    "VALUES (:day, 'R-inj', 'inj', :number, :line)"),
                    {"day": day, "number": number, "line": _as_0002(line)})
        with caplog.at_level(logging.WARNING, logger="sts.schema"):
            # Through 0004 to the newest: the reindex below reads courses with today's model.
            command.upgrade(config, "head")
        assert "1 active topical course(s) are not on the due list until `sts-planner db " \
            "reindex` has run" in caplog.text
        database = Database(engine)
        with database.reading() as session:
            rows = session.execute(select(DueRow.course_id, DueRow.what, DueRow.number,
                                          DueRow.date, DueRow.line)
                                   .order_by(DueRow.course_id, DueRow.number)).all()
        # Byte for byte what the course service writes now; the topical course is not there yet.
        assert [(r[1], r[2], r[3], r[4]) for r in rows] == expected
        assert {r[0] for r in rows} == {"inj"}
        assert rebuild_due_index(database, policy, write=False) == Reindexed(2, 1)
        assert rebuild_due_index(database, policy) == Reindexed(2, 1)
        with database.reading() as session:
            topical = session.execute(select(DueRow.what, DueRow.number)
                                      .where(DueRow.course_id == "top")
                                      .order_by(DueRow.what, DueRow.number)).all()
        assert [tuple(r) for r in topical] == [("dispense", 1), ("dispense", 2), ("review", 1),
                                               ("review", 2)]
        command.downgrade(config, "0002")
        with engine.connect() as connection:
            kept = connection.execute(text(
                "SELECT course_id, round, line FROM due_rounds ORDER BY round")).all()
        assert [(r[0], r[1], r[2]) for r in kept] == [
            ("inj", number, _as_0002(line)) for _what, number, _day, line in expected]
    finally:
        engine.dispose()
