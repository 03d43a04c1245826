"""A strength or an amount is never broken across lines in a printout ("100 mg/ g" once was)."""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from app.web.templating import unbroken
from tests.printouts.helpers import pdf_words
from tests.test_print_views import TOPICAL

STRENGTHS = {"en": ["3 % w/w (30 mg/g)", "10 % w/w (100 mg/g)"],
             "it": ["3 % w/w (30 mg/g)", "10 % w/w (100 mg/g)"]}


def test_a_unit_is_held_on_one_line() -> None:
    assert str(unbroken("10 % w/w (100 mg/g)")) == \
        '<span class="nowrap">10 % w/w (100 mg/g)</span>'
    assert str(unbroken("<b>")) == '<span class="nowrap">&lt;b&gt;</span>'  # still escaped


@pytest.mark.parametrize("lang", sorted(STRENGTHS))
def test_the_skin_calendar_holds_each_strength_whole(client: TestClient, lang: str) -> None:
    html = client.get(f"/topical/calendar?{TOPICAL}&lang={lang}").text
    held = re.findall(r'<span class="nowrap">([^<]*)</span>', html)
    for strength in STRENGTHS[lang]:
        shown = strength.replace(".", ",") if lang == "it" else strength
        assert any(shown in h for h in held), (shown, held)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize("lang", sorted(STRENGTHS))
def test_the_skin_calendar_pdf_reads_each_strength_whole(client: TestClient, lang: str) -> None:
    text = pdf_words(client.get(f"/topical/calendar.pdf?{TOPICAL}&lang={lang}").content)
    assert "mg/ g" not in text and "% w/ w" not in text
    for strength in STRENGTHS[lang]:
        assert strength in text
