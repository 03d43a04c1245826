"""Every visible word of every template goes through gettext: a text node outside a trans tag
(or a `_()` call) fails, so a clinic can translate the staff pages from the catalogue alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment

from app.web.templating import TEMPLATES_DIR

TEMPLATES = sorted(p.relative_to(TEMPLATES_DIR).as_posix() for p in TEMPLATES_DIR.rglob("*.html"))
# Macros that write a tag's attributes (aria-describedby, the htmx form's method and targets):
# what they hold is markup, not words.
ATTRIBUTE_MACROS = {"described", "htmx_form"}
# Markup and what is not a word: tags, comments, the insides of script and style, entities.
_HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1>", re.S | re.I)
_ENTITY = re.compile(r"&#?\w+;")


def bare_text(source: str) -> list[str]:
    """The text nodes of a template that hold a letter and are not inside a trans tag."""
    lexer = Environment(extensions=["jinja2.ext.i18n"]).lexer
    found: list[str] = []
    in_tag = False  # inside an HTML tag, whose attributes a text node never is
    block: list[str] = []  # the current {% … %} tag's words
    trans = macro = False
    for _line, kind, value in lexer.tokeniter(source, "template"):
        if kind == "block_begin":
            block = []
        elif kind == "name" and block is not None:
            block.append(value)
        if kind == "block_end" and block:
            trans = {"trans": True, "endtrans": False}.get(block[0], trans)
            if block[0] == "macro":
                macro = block[1] in ATTRIBUTE_MACROS
            elif block[0] == "endmacro":
                macro = False
        if kind != "data" or trans or macro:
            continue
        text, in_tag = _words(_HIDDEN.sub(" ", value), in_tag)
        if re.search(r"[A-Za-z]", _ENTITY.sub(" ", text)):
            found.append(" ".join(text.split()))
    return found


def _words(data: str, in_tag: bool) -> tuple[str, bool]:
    """The characters of `data` outside HTML tags, and whether it ends inside one."""
    kept = []
    for i, char in enumerate(data):
        if in_tag:
            in_tag = char != ">"
        elif char == "<" and re.match(r"[A-Za-z/!]", data[i + 1:i + 2]):
            in_tag = True
        else:
            kept.append(char)
    return "".join(kept), in_tag


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_template_holds_words_outside_gettext(name: str) -> None:
    assert bare_text((TEMPLATES_DIR / name).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source, bare", [
    ("<p>Sign in</p>", ["Sign in"]),
    ('<a href="/x" title="{{ t }}">Back to {{ page }}</a>', ["Back to"]),
    ("<p>{{ _('Sign in') }}</p>", []),
    ("<p>{% trans n=1 %}Round {{ n }}{% endtrans %}</p>", []),
    ("<p>{{ count }} &middot; 12 · 3,5 — {{ x|qty }}</p>", []),
    ('<input type="text" value="{{ v }}" aria-invalid="true">', []),
    ("<script>const words = 'not text';</script><!-- a note -->", []),
    ("{% macro htmx_form(a) %}method=\"get\" novalidate{% endmacro %}", []),
    ("{% macro other() %}Forgotten{% endmacro %}", ["Forgotten"]),
])
def test_the_walk_finds_words_and_only_words(source: str, bare: list[str]) -> None:
    assert bare_text(source) == bare


def test_every_template_is_walked() -> None:
    assert {"base.html", "courses/course.html", "auth/sign_in.html", "print/round_sheet.html",
            "pharmacy_records/compounding.html", "print/topical_calendar.html"} <= set(TEMPLATES)
    assert Path(TEMPLATES_DIR / "base.html").is_file()
