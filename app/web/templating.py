"""The one Jinja2 environment for the pages, its display filters, and page-or-fragment rendering."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from app.clinical.facts import fact_value_text
from app.i18n import catalogues
from app.i18n.catalogues import SOURCE
from app.i18n.language import Language, language
from app.quantities import display
from app.quantities import registry as units

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"
CLINIC_NO_STORE = {"Cache-Control": "no-store"}  # a clinic page names a patient


# Starlette's Jinja2Templates turns autoescape on for .html templates.
templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))
env = templates.env
env.trim_blocks = True
env.lstrip_blocks = True

# Templates name units through this namespace so they never spell a unit string themselves.
env.globals["U"] = SimpleNamespace(
    MG=units.MG,
    G=units.G,
    KG=units.KG,
    MCG=units.MCG,
    ML=units.ML,
    MMOL=units.MMOL,
    MG_PER_ML=units.MG_PER_ML,
    MG_PER_G=units.MG_PER_G,
    CM2=units.CM2,
    MG_PER_CM2=units.MG_PER_CM2,
)


def unbroken(text: object) -> Markup:
    """Words held on one printed line: a number never parts from its unit, nor a unit at its
    slash ("100 mg/ g" once wrapped so). CSS nowrap, not no-break spaces, so that the text
    read back (pdftotext, a screen reader, a search) keeps its ordinary spaces."""
    return Markup('<span class="nowrap">{}</span>').format(text)


env.filters["qty"] = display.quantity
env.filters["fixed"] = display.fixed
env.filters["num"] = display.number
env.filters["day"] = display.date
env.filters["strength"] = display.strength
env.filters["signed_percent"] = display.signed_percent
env.filters["fact_value"] = fact_value_text
env.filters["long_day"] = display.date
env.filters["nowrap"] = unbroken
env.filters["grid_day"] = lambda day: f"{day:%a} {day.day} {day:%b}"

# Every page's words go through gettext ({{ _("…") }}, {% trans %}): the pages render in the
# language they are written in, and a patient printout in the overlay of its own language.
env.add_extension("app.i18n.staff.StaffWords")
env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
env.globals["lang_code"] = SOURCE
env.globals["language_choices"] = catalogues.named  # called when a page offers the choice
env.globals["weekdays"] = [
    (name, name[:3])
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
]


@lru_cache(maxsize=16)
def env_for(code: str) -> Environment:
    """The environment that renders a printout in one language: the same templates and
    filters, with that language's messages, dates and numbers. Made when first asked for, one
    per language; nothing about a language is ever set on the shared environment."""
    words = language(code)
    # A fresh template cache: a template compiled by another environment keeps its globals.
    overlay = env.overlay(cache_size=200)
    overlay.globals = {
        **env.globals, "lang_code": code, "language": words, "weekdays": words.weekdays(),
    }
    overlay.filters = {
        **env.filters, "qty": words.quantity, "fixed": words.fixed, "num": words.number,
        "day": words.date, "long_day": words.long_date, "grid_day": words.grid_day,
        "strength": words.strength,
    }
    # Set on the overlay's own globals: the extension's install_gettext_translations is bound
    # to the shared environment, so calling it here would change every page's words.
    overlay.globals.update(gettext=_gettext(words), ngettext=_ngettext(words))
    return overlay


def _gettext(words: Language) -> Callable[..., str]:
    """New-style gettext ({{ _("… %(name)s", name=…) }}): placeholders filled, values escaped."""

    @pass_context
    def gettext(context: Context, message: str, /, **variables: object) -> str:
        text = words.gettext(message)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return gettext


def _ngettext(words: Language) -> Callable[..., str]:
    """New-style ngettext: the form for the count, its placeholders filled and escaped."""

    @pass_context
    def ngettext(
        context: Context, singular: str, plural: str, count: int, /, **variables: object
    ) -> str:
        variables.setdefault("num", count)
        text = words.ngettext(singular, plural, count)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return ngettext


def is_fragment_request(request: Request) -> bool:
    """True for an htmx request that wants only the results, not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def has_block(name: str, block: str) -> bool:
    """True when the template itself defines the block an htmx request would swap in."""
    return block in env.get_template(name).blocks


def render(
    request: Request,
    name: str,
    context: Mapping[str, object],
    *,
    block: str = "results",
    status_code: int = 200,
) -> Response:
    """The full page, or for an htmx request only the named block of the same template; a
    template without that block (the start page, an error page) is always a whole page."""
    fragment = is_fragment_request(request) and has_block(name, block)
    page_context: dict[str, object] = {
        "settings": request.app.state.settings,
        "policy": request.app.state.policy,
        "path": request.url.path,
        "query": request.url.query,
        "fragment": fragment,
        **context,
    }
    # Caches must keep the page and the fragment of one URL apart.
    headers = {"Vary": "HX-Request"}
    if fragment:
        return templates.TemplateResponse(
            request, name, page_context, status_code=status_code, headers=headers,
            block_name=block,
        )
    return templates.TemplateResponse(
        request, name, page_context, status_code=status_code, headers=headers
    )


def page(
    request: Request, name: str, context: Mapping[str, object], status: int = 200,
    block: str = "",
) -> Response:
    """A clinic page, never kept by a cache; for htmx only its `block`, when it names one."""
    response = render(request, name, context, status_code=status, block=block or "results")
    response.headers.update(CLINIC_NO_STORE)
    return response


def fields_of(view: DataclassInstance) -> dict[str, object]:
    """A view model's fields by name, for its template (shallow: the objects themselves)."""
    return {item.name: getattr(view, item.name) for item in fields(view)}
