"""The catalogues: every message translated, none stale against the code and templates, the
compiled files current, numbers and placeholders never lost in translation."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from app.i18n import catalogues
from app.i18n.catalogues import FOLDER, SOURCE, catalogue_path, languages
from app.i18n.language import language
from app.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")
TRANSLATED = [code for code in languages() if code != SOURCE]


def extracted() -> set[str | tuple[str, ...]]:
    """Every message the code and templates hold now, as babel.cfg extracts them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    return {message for _file, _line, message, *_rest
            in extract_from_dir(str(ROOT), method_map, options_map)}


def po(code: str) -> Catalog:
    with catalogue_path(code, ".po").open("rb") as file:
        return read_po(file, locale=code)


def ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalog if message.id}


def test_both_languages_ship() -> None:
    assert {"en", "it"} <= set(languages())


def test_the_template_and_every_catalogue_hold_exactly_the_messages_in_use() -> None:
    found = extracted()
    with (FOLDER / "messages.pot").open("rb") as file:
        template = read_po(file)
    assert ids(template) == found, "run pybabel extract (docs/translations.md)"
    for code in languages():
        assert ids(po(code)) == found, f"run pybabel update for {code} (docs/translations.md)"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_has_a_translation(code: str) -> None:
    untranslated = [m.id for m in po(code) if m.id and (
        m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))]
    assert untranslated == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_translation_keeps_every_placeholder_of_its_message(code: str) -> None:
    # A translation that drops "%(amount)s" would print an instruction without its amount.
    lost = []
    for message in po(code):
        if not message.id:
            continue
        plural = isinstance(message.id, tuple)
        wanted = set(PLACEHOLDER.findall(" ".join(message.id) if plural else message.id))
        for text in message.string if plural else (message.string,):
            found = set(PLACEHOLDER.findall(text))
            # Only a plural form may leave its count to the words ("una volta").
            if found != wanted and not (plural and found | {"count"} == wanted | {"count"}):
                lost.append(message.id)
    assert lost == []


@pytest.mark.parametrize("code", languages())
def test_the_compiled_catalogue_is_current(code: str) -> None:
    fresh = io.BytesIO()
    write_mo(fresh, po(code))  # what pybabel compile makes of the catalogue now
    fresh.seek(0)
    with catalogue_path(code).open("rb") as file:
        assert messages(read_mo(file)) == messages(read_mo(fresh)), (
            f"run pybabel compile -d {FOLDER.relative_to(ROOT)}")


def messages(catalog: Catalog) -> dict[object, object]:
    return {_key(m.id): _key(m.string) for m in catalog if m.id}


def _key(text: object) -> object:
    return tuple(text) if isinstance(text, list | tuple) else text


@pytest.fixture
def another_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The catalogues with a third language added as a folder and nothing else."""
    folder = tmp_path / "translations"
    shutil.copytree(FOLDER, folder)
    shutil.copytree(folder / "en", folder / "fr")
    monkeypatch.setattr(catalogues, "FOLDER", folder)
    for cached in (catalogues.languages, catalogues.named, catalogues.translations, language):
        cached.cache_clear()
    yield "fr"
    for cached in (catalogues.languages, catalogues.named, catalogues.translations, language):
        cached.cache_clear()


def test_adding_a_language_is_adding_its_catalogue(another_language: str) -> None:
    import datetime as dt

    assert catalogues.languages() == ("en", "fr", "it")
    assert ("fr", "français") in catalogues.named()
    # Its dates come from the locale data with no code for it.
    assert language("fr").long_date(dt.date(2020, 5, 7)) == "jeudi 7 mai 2020"


@pytest.mark.parametrize("code", ["xx", "EN", "it_IT", "", "../it"])
def test_an_unknown_language_is_refused_naming_those_there_are(code: str) -> None:
    with pytest.raises(ValueError, match="must be one of the languages there are: 'en' or 'it'"):
        language(code)


def test_the_default_patient_language_is_english_and_may_be_set() -> None:
    assert load_settings().patient_language == "en"
    assert load_settings(patient_language="it").patient_language == "it"


def test_an_unknown_default_patient_language_stops_the_start_naming_the_variable() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(patient_language="de")
    assert "STS_PATIENT_LANGUAGE" in str(caught.value)
    assert "'en' or 'it'" in str(caught.value)
