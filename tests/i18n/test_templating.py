"""The language is chosen per render: the shared environment stays English whatever a printout
was rendered in, and renders running side by side keep their own language."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.web.templating import env, env_for

PAGE = '{{ _("Calendar") }} {{ lang_code }} {{ weekdays[0][0] }}'


def test_the_shared_environment_stays_english_after_an_italian_printout() -> None:
    assert env_for("it").from_string(PAGE).render() == "Calendario it lunedì"
    assert env.from_string(PAGE).render() == "Calendar en Monday"
    assert env_for("en").from_string(PAGE).render() == "Calendar en Monday"


def test_a_staff_page_may_already_wrap_its_words_in_gettext() -> None:
    # The staff pages stay English this release; their strings can go through gettext now.
    text = env.from_string('{% trans n=2 %}{{ n }} round{% pluralize %}{{ n }} rounds'
                           '{% endtrans %}').render()
    assert text == "2 rounds"


def test_renders_side_by_side_keep_their_own_language() -> None:
    def render(code: str) -> str:
        return env_for(code).from_string(PAGE).render()

    codes = ["it", "en"] * 50
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(render, codes))
    assert results == [{"it": "Calendario it lunedì", "en": "Calendar en Monday"}[c]
                       for c in codes]


def test_an_unknown_language_has_no_environment() -> None:
    with pytest.raises(ValueError, match="'en' or 'it'"):
        env_for("fr")
