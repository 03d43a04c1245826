"""The message catalogues under app/translations: which languages there are, and their words."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.support import Translations

FOLDER = Path(__file__).resolve().parents[1] / "translations"
DOMAIN = "messages"
# The language the messages are written in; its catalogue leaves every message as it is.
SOURCE = "en"


def catalogue_path(language: str, suffix: str = ".mo", domain: str = DOMAIN) -> Path:
    """Where one language's compiled (or source, with '.po') catalogue of a domain lives: the
    patient printouts' `messages`, or the staff pages' `staff` (app/i18n/staff.py)."""
    return FOLDER / language / "LC_MESSAGES" / f"{domain}{suffix}"


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """Every language with a compiled catalogue: adding a language is adding its folder."""
    found = (p.name for p in FOLDER.iterdir() if catalogue_path(p.name).is_file())
    return tuple(sorted(found))


def described() -> str:
    """The languages there are, for a refusal: "'en' or 'it'"."""
    quoted = [f"'{code}'" for code in languages()]
    return " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)


def checked(code: str) -> str:
    """The code itself when a catalogue holds it; else a ValueError naming those there are."""
    if code not in languages():
        raise ValueError(f"must be one of the languages there are: {described()}")
    return code


@lru_cache(maxsize=1)
def named() -> list[tuple[str, str]]:
    """Each language there is, named in its own words ('English', 'italiano'), for a select."""
    return [(code, str(Locale.parse(code).get_display_name(code))) for code in languages()]


@lru_cache(maxsize=16)
def translations(code: str) -> Translations:
    """One language's messages, read from its compiled catalogue the first time they are needed."""
    with catalogue_path(checked(code)).open("rb") as file:
        return Translations(file, domain=DOMAIN)
