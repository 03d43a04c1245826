"""Printouts say what happened: a deferred round is moved, never given; counts agree with their
nouns in every language; a kept course prints its patient and no blank line for a known value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from app.i18n import catalogues
from app.i18n.language import language
from app.quantities import display
from tests.pages.conftest import PATIENT_NAME, csrf_of, save_course, version_of

Browser = Callable[[str], TestClient]
TODAY = dt.date.today()


def _record(client: TestClient, course: str, **fields: str) -> None:
    page = client.get(f"/courses/{course}")
    data: dict[str, object] = {"csrf": csrf_of(page.text), "version": version_of(page.text),
                               "seen": "0", "round": "1", "status": "given",
                               "date": TODAY.isoformat(), "site_name": ["elbow"],
                               "site_volume": ["1 mL"], "lot": "LOT-1", "expiry": "2099-01-01"}
    answer = client.post(f"/courses/{course}/records", data={**data, **fields})
    assert answer.status_code == 303, answer.text


def _flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_deferred_round_reads_moved_from_to_with_its_reason_never_given(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY)
    planned = TODAY
    later = TODAY + dt.timedelta(days=7)
    _record(nurse, course, status="deferred", date=later.isoformat(), reason="patient unwell")
    sheet = _flat(nurse.get(f"/courses/{course}/round-sheet").text)
    before = display.date(planned)
    if planned.year == later.year:
        before = before.rsplit(" ", 1)[0]
    assert (f"Round 1: moved from {before} to {display.date(later)} "
            "(deferred: patient unwell)") in sheet
    assert "given on" not in sheet


def test_a_round_given_on_another_day_says_given_on(client: TestClient) -> None:
    from tests.test_print_views import injection_query

    sheet = _flat(client.get("/injection/round-sheet?" + injection_query(
        given_round="2", given_date="2020-05-26")).text)
    assert "Round 2: given on Tue 26 May 2020 (planned for Thu 21 May 2020)" in sheet


@pytest.mark.parametrize(("count", "said"), [(0, "0 days"), (1, "1 day"), (2, "2 days"),
                                             (14, "14 days")])
def test_a_count_of_days_agrees_with_its_noun(count: int, said: str) -> None:
    assert display.days(count) == said


def test_an_interval_of_one_day_is_one_day_on_the_round_sheet(client: TestClient) -> None:
    from tests.test_print_views import injection_query

    sheet = _flat(client.get("/injection/round-sheet?" + injection_query(
    ).replace("interval_days=14", "interval_days=1")).text)
    assert "every 1 day " in sheet and "1 days" not in sheet


def _plural_messages(code: str) -> list[tuple[str, str]]:
    """Every (singular, plural) message of a language's catalogue."""
    with catalogues.catalogue_path(code, ".po").open("rb") as po:
        catalog = read_po(po)
    return [(m.id[0], m.id[1]) for m in catalog if m.id and isinstance(m.id, tuple)]


# Every message with a count, in each language, with 0, 1 and 2: the count shown, and one of
# a thing never said as many (Italian says 0 as it says 2).
@pytest.mark.parametrize("code", ["en", "it"])
@pytest.mark.parametrize("count", [0, 1, 2])
def test_every_message_with_a_count_agrees_with_it(code: str, count: int) -> None:
    words = language(code)
    messages = _plural_messages(code)
    assert len(messages) >= 3
    for singular, plural in messages:
        values = {"count": count, "round": 2, "at": "", "n": count}
        said = words.ngettext(singular, plural, count) % values
        assert str(count) in said
        other = words.ngettext(singular, plural, 2 if count == 1 else 1) % values
        assert said != other, (code, singular, count)
        if count != 1:
            assert said == words.ngettext(singular, plural, 7) % values


def test_a_kept_course_prints_its_patient_with_no_blank_line_or_name_form(
    browser: Browser
) -> None:
    nurse = browser("clinician")
    course = save_course(nurse, TODAY + dt.timedelta(days=1))
    for path in ("round-sheet", "calendar"):
        html = nurse.get(f"/courses/{course}/{path}").text
        text = _flat(html)
        assert PATIENT_NAME in text and "H7654321" in text and "4 Mar 1951" in text
        assert "never saved" not in html and 'name="patient_name"' not in html
        assert "Date of birth: ____" not in text and 'Date of birth: <span class="write-in' \
            not in html
