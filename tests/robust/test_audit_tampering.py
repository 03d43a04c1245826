"""Someone with write access to the database edits the audit trail or the records it covers:
`sts-planner audit verify` names the seq where it went wrong, every time, in one line."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.storage.audit import canonical
from app.storage.models import Base
from app.storage.row_state import DERIVED, SEALED
from tests.courses_contract.harness import PASSWORD, Ran, cli, environment
from tests.courses_contract.test_cli import activity, names

Tamper = Callable[[sqlite3.Connection, int], int]  # edits the file; gives the seq expected


@pytest.fixture
def trail(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A SQLite database with a dozen audited writes and reads; its path and last seq."""
    path = tmp_path / "sts.db"
    with environment(STS_DATABASE_URL=f"sqlite:///{path}", STS_DATA_DIR=str(tmp_path / "data")):
        with TestClient(create_app()) as http:
            assert cli(["user", "add", "ada", "--role", "admin"], PASSWORD + "\n").code == 0
            activity(http, cli(["token", "add", "ada"]).out.strip())
        with sqlite3.connect(path) as db:
            (last,) = db.execute("SELECT max(seq) FROM audit_entries").fetchone()
        assert cli(["audit", "verify"]).code == 0
        yield path, last


def _broken(ran: Ran, seq: int) -> None:
    assert ran.code != 0, ran
    lines = ran.err.strip().splitlines()
    assert lines[-1].startswith("sts-planner: audit trail broken at seq"), ran
    assert names(seq, Ran(0, "", lines[-1])) and "Traceback" not in ran.err, ran


def _edit_middle(db: sqlite3.Connection, last: int) -> int:
    db.execute("UPDATE audit_entries SET by = 'mallory' WHERE seq = ?", (last // 2,))
    return last // 2


def _delete_middle(db: sqlite3.Connection, last: int) -> int:
    db.execute("DELETE FROM audit_entries WHERE seq = ?", (last // 2,))
    return last // 2


def _forge_head(db: sqlite3.Connection, keep: int) -> None:
    (digest,) = db.execute("SELECT hash FROM audit_entries WHERE seq = ?", (keep,)).fetchone()
    db.execute("DELETE FROM audit_entries WHERE seq > ?", (keep,))
    db.execute("UPDATE audit_head SET seq = ?, hash = ?", (keep, digest))


def _delete_last_forging_the_head(db: sqlite3.Connection, last: int) -> int:
    _forge_head(db, last - 1)
    return last


def _truncate_forging_the_head(db: sqlite3.Connection, last: int) -> int:
    _forge_head(db, last - 4)
    return last - 3


def _reorder(db: sqlite3.Connection, last: int) -> int:
    middle = last // 2
    db.execute("UPDATE audit_entries SET seq = -1 WHERE seq = ?", (middle,))
    db.execute("UPDATE audit_entries SET seq = ? WHERE seq = ?", (middle, middle + 1))
    db.execute("UPDATE audit_entries SET seq = ? WHERE seq = -1", (middle + 1,))
    return middle


def _malformed_date(db: sqlite3.Connection, last: int) -> int:
    db.execute("UPDATE audit_entries SET at = 'not a date' WHERE seq = 3")
    return 3


def _malformed_detail(db: sqlite3.Connection, last: int) -> int:
    db.execute("UPDATE audit_entries SET detail = '{not json' WHERE seq = 4")
    return 4


def _rehash_after_an_edit(db: sqlite3.Connection, last: int) -> int:
    """Edit an entry, then recompute the whole SHA-256 chain from there, as an attacker who
    can read the code would: only the keyed hash, whose key is not in the database, tells."""
    middle = last // 2
    db.execute("UPDATE audit_entries SET by = 'mallory' WHERE seq = ?", (middle,))
    rows = db.execute("SELECT seq, at, by, action, course_id, detail, row_hash, key_id "
                      "FROM audit_entries WHERE seq >= ? ORDER BY seq", (middle,)).fetchall()
    (prev,) = db.execute("SELECT hash FROM audit_entries WHERE seq = ?",
                         (middle - 1,)).fetchone()
    from app.storage.audit_check import _moment

    for seq, at, by, action, course_id, detail, row_hash, key_id in rows:
        body = canonical(seq, _moment(at), by, action, course_id, json.loads(detail), prev,
                         row_hash, key_id)
        digest = hashlib.sha256(body).hexdigest()
        db.execute("UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE seq = ?",
                   (prev, digest, seq))
        prev = digest
    db.execute("UPDATE audit_head SET hash = ?", (prev,))
    return middle


def _edited_volume(db: sqlite3.Connection, last: int) -> int:
    """A given round's volume changed in the records table, the trail left alone."""
    course_id, volumes = db.execute(
        "SELECT course_id, volumes FROM records ORDER BY position LIMIT 1").fetchone()
    changed = {site: "9 mL" for site in json.loads(volumes)}
    db.execute("UPDATE records SET volumes = ? WHERE course_id = ?",
               (json.dumps(changed), course_id))
    (seq,) = db.execute("SELECT max(seq) FROM audit_entries WHERE course_id = ? AND "
                        "row_hash IS NOT NULL", (course_id,)).fetchone()
    return int(seq)


def _deleted_record(db: sqlite3.Connection, last: int) -> int:
    course_id, record_id = db.execute(
        "SELECT course_id, id FROM records ORDER BY position LIMIT 1").fetchone()
    db.execute("DELETE FROM records WHERE id = ?", (record_id,))
    (seq,) = db.execute("SELECT max(seq) FROM audit_entries WHERE course_id = ? AND "
                        "row_hash IS NOT NULL", (course_id,)).fetchone()
    return int(seq)


@pytest.mark.parametrize("tamper", [
    _edit_middle, _delete_middle, _delete_last_forging_the_head, _truncate_forging_the_head,
    _reorder, _malformed_date, _malformed_detail, _rehash_after_an_edit, _edited_volume,
    _deleted_record,
], ids=lambda tamper: tamper.__name__.strip("_"))
def test_every_tampering_is_found_with_its_seq(trail: tuple[Path, int], tamper: Tamper) -> None:
    path, last = trail
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        expected = tamper(db, last)
    with environment(STS_DATABASE_URL=f"sqlite:///{path}",
                     STS_DATA_DIR=str(path.parent / "data")):
        _broken(cli(["audit", "verify"]), expected)


def test_a_copy_checked_without_the_key_is_checked_by_its_chain_and_says_so(
    trail: tuple[Path, int], tmp_path: Path
) -> None:
    path, _ = trail
    with environment(STS_DATABASE_URL=f"sqlite:///{path}", STS_DATA_DIR=str(tmp_path / "else")):
        lenient = cli(["audit", "verify"])
        assert lenient.code == 0 and "not here were checked by their SHA-256" in lenient.err
        assert cli(["audit", "verify", "--strict"]).code != 0


def test_the_head_prints_for_an_off_site_copy(trail: tuple[Path, int]) -> None:
    path, last = trail
    with environment(STS_DATABASE_URL=f"sqlite:///{path}", STS_DATA_DIR=str(path.parent / "data")):
        printed = cli(["audit", "head"]).out.split()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT seq, hash FROM audit_head").fetchone() == (
            int(printed[0]), printed[1])
    assert int(printed[0]) == last
    key = path.parent / "data" / "audit.key"
    assert key.stat().st_mode & 0o777 == 0o600  # the key is this account's alone


def test_every_table_that_names_a_course_is_sealed_or_derived() -> None:
    import app.storage.preparation_tables  # noqa: F401 - its tables join the metadata

    sealed = set(SEALED)
    for table in Base.metadata.sorted_tables:
        parents = {key.column.table.name for key in table.foreign_keys}
        if "course_id" in table.columns or parents & sealed:
            assert table.name in sealed | DERIVED, (
                f"{table.name} names a course: add it to SEALED or DERIVED in "
                "app/storage/row_state.py")
