"""The staff pages' words: their own gettext domain, `staff`, apart from the patient printouts'."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import lru_cache
from typing import IO, Any

from babel.support import Translations
from jinja2 import Environment
from jinja2.ext import InternationalizationExtension
from markupsafe import Markup

from app.i18n.catalogues import SOURCE, catalogue_path, translations

DOMAIN = "staff"
# Where a page module's words are, by the argument's place: a refusal's title and sentence, a
# sheet line's label (`Line(what, amount, note)`), a worksheet's title; and a page's title and
# message by name.
_PLACES = {"PageRefused": (1, 2), "Line": (0,), "WorksheetKind": (0,)}
_KEYS = {"title", "message"}


@lru_cache(maxsize=4)
def staff_translations(code: str = SOURCE) -> Translations:
    """The staff pages' words in one language, read from its catalogue when first needed."""
    # The printouts' catalogue stands behind it for the pieces both share (print/_parts.html).
    with catalogue_path(code, ".mo", DOMAIN).open("rb") as file:
        words = Translations(file, domain=DOMAIN)
    words.add_fallback(translations(code))
    return words


def _gettext(message: str) -> str:
    return staff_translations().gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return staff_translations().ngettext(singular, plural, count)


def _pgettext(context: str, message: str) -> str:
    return str(staff_translations().pgettext(context, message))


def _npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return str(staff_translations().npgettext(context, singular, plural, count))


def said(text: str) -> str:
    """A page module's written-out sentence (a refusal's title or message) in the pages' words."""
    # A lookup with no placeholders filled, so a '%' in the sentence ("3 % w/w") stays a '%'.
    if not text:
        return text  # gettext("") is the catalogue's header, never a page's word
    found = _gettext(str(text))
    return Markup(found) if isinstance(text, Markup) else found


class StaffWords(InternationalizationExtension):
    """jinja2.ext.i18n whose untranslated ("null") words are the staff catalogue."""

    # The shared environment installs "null" translations once (app/web/templating.py): here
    # they are the staff catalogue, so the pages render through it with no other code, and a
    # printout's overlay (`env_for`) still sets its own language's words over them.

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["said"] = said

    def _install_null(self, newstyle: bool | None = None) -> None:
        self._install_callables(
            gettext=_gettext, ngettext=_ngettext, newstyle=newstyle,
            pgettext=_pgettext, npgettext=_npgettext,
        )


def page_words(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel extraction of the page modules' written-out titles and sentences (babel-staff.cfg)."""
    # By their place, so those modules need no gettext import: a refusal's title and sentence
    # (`PageRefused(status, title, message)`), a sheet line's label, a worksheet's title, a
    # context's "title" and "message", a `message=` argument; the templates show them through
    # `said`. An f-string cannot be a key: left out.
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from _refusal_words(node)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in _KEYS:
                    yield from _constant(value)


def _refusal_words(call: ast.Call) -> Iterator[tuple[int, None, str, list[str]]]:
    name = call.func.id if isinstance(call.func, ast.Name) else ""
    for index in _PLACES.get(name, ()):
        if index < len(call.args):
            yield from _constant(call.args[index])
    for keyword in call.keywords:
        if keyword.arg in _KEYS:
            yield from _constant(keyword.value)


def _constant(node: ast.expr) -> Iterator[tuple[int, None, str, list[str]]]:
    if isinstance(node, ast.IfExp):  # "Not found" if … else "Refused"
        yield from _constant(node.body)
        yield from _constant(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        yield node.lineno, None, node.value, []
