"""'Today' for a given record is the clinic's date in STS_TIMEZONE (default UTC)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.courses_contract.conftest import open_clinic
from tests.courses_contract.harness import given

AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"  # UTC+14 and UTC-11, no DST


def test_today_is_the_clinics_date(tmp_path: Path) -> None:
    """Whichever far zone is on another date than UTC right now decides the case."""
    now = dt.datetime.now(dt.UTC)
    utc_today = now.date()
    if now.astimezone(ZoneInfo(AHEAD)).date() != utc_today:
        zone, tomorrow_there = AHEAD, utc_today + dt.timedelta(days=1)
        cases = [(zone, tomorrow_there, 201), ("UTC", tomorrow_there, 422)]
    else:  # before 10:00 UTC, so Pago Pago is still on yesterday
        zone = BEHIND
        cases = [(zone, utc_today, 422), ("UTC", utc_today, 201)]
    for n, (setting, day, expected) in enumerate(cases):
        folder = tmp_path / str(n)
        folder.mkdir()
        with open_clinic(f"sqlite:///{folder / 'sts.db'}", folder, STS_TIMEZONE=setting) as clinic:
            course = clinic.course()
            response = clinic.record(course, given(1, day.isoformat()))
            assert response.status_code == expected, (setting, day, response.text)
