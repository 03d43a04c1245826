"""The staff pages' own catalogue (domain `staff`): current against the templates and page
modules, compiled, kept apart from the patient printouts' messages, and used by the pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi.testclient import TestClient

from app.i18n import staff
from app.i18n.catalogues import FOLDER, SOURCE, catalogue_path
from app.i18n.staff import page_words, said
from tests.i18n.test_catalogues import extracted as patient_messages
from tests.i18n.test_catalogues import messages

ROOT = Path(__file__).resolve().parents[2]


def staff_messages() -> set[str | tuple[str, ...]]:
    """Every staff message the templates and page modules hold now, as babel-staff.cfg finds."""
    with (ROOT / "babel-staff.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    return {message for _file, _line, message, *_rest
            in extract_from_dir(str(ROOT), method_map, options_map)}


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalog if message.id}


def test_the_template_and_the_english_catalogue_hold_exactly_the_staff_messages() -> None:
    found = staff_messages()
    assert ids(read(FOLDER / "staff.pot")) == found, "run pybabel extract (docs/translations.md)"
    assert ids(read(catalogue_path(SOURCE, ".po", staff.DOMAIN))) == found, (
        "run pybabel update -D staff (docs/translations.md)")


def test_the_compiled_staff_catalogue_is_current() -> None:
    fresh = io.BytesIO()
    write_mo(fresh, read(catalogue_path(SOURCE, ".po", staff.DOMAIN)))
    fresh.seek(0)
    with catalogue_path(SOURCE, ".mo", staff.DOMAIN).open("rb") as file:
        compiled = read_mo(file)
    assert messages(compiled) == messages(read_mo(fresh)), (
        "run pybabel compile -D staff (docs/translations.md)")


def test_the_staff_words_stay_out_of_the_patient_catalogue() -> None:
    # The Italian catalogue is the patient printouts': no sign-in page or course list in it.
    patient = patient_messages()
    assert "Sign in" in staff_messages() and "Sign in" not in patient
    assert "Courses" in staff_messages() and "Courses" not in patient
    assert "Apply" in patient


def test_the_page_modules_refusals_are_extracted_by_their_place() -> None:
    source = b'''
raise PageRefused(404, "Course not found", refusal.message)
raise PageRefused(422, "No such view", f"{name} is not a view")
PageRefused(403, "Not found" if missing else "Refused", "There is no such page.")
context = {"title": "The calendar file cannot be made yet", "message": " ".join(x)}
page(request, message="Your password is changed.")
words.gettext("Apply")
Line("Batch total", quantity(total, G), "")
Line(words.date(day), "1")
'''
    found = [text for _line, _func, text, _c in page_words(io.BytesIO(source), {}, [], {})]
    assert sorted(found) == sorted([
        "Course not found", "No such view", "Not found", "Refused", "There is no such page.",
        "The calendar file cannot be made yet", "Your password is changed.", "Batch total"])


@pytest.mark.parametrize("text, shown", [
    ("", ""), ("Course not found", "Course not found"),
    ("3 % w/w is above 25 %", "3 % w/w is above 25 %"),  # no placeholders filled: no 500
])
def test_said_passes_a_sentence_through_the_catalogue_unformatted(text: str, shown: str) -> None:
    assert said(text) == shown


def test_the_pages_render_through_the_staff_catalogue(
    monkeypatch: pytest.MonkeyPatch, client: TestClient
) -> None:
    # A clinic's translation of one staff word reaches the page with no code changed.
    catalog = read(catalogue_path(SOURCE, ".po", staff.DOMAIN))
    catalog["Sign in"].string = "Log on"
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    translated = Translations(compiled, domain=staff.DOMAIN)
    staff.staff_translations.cache_clear()
    monkeypatch.setattr(staff, "staff_translations", lambda code=SOURCE: translated)
    html = client.get("/sign-in").text
    assert re.search(r"<h1>Log on</h1>", html)
    assert "Kept courses, the due list" in html  # the rest as written
