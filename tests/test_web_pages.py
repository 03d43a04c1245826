"""The HTML pages in-process: full page or htmx fragment from one URL, the seed cases, errors."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[1]

SEED_SITES = [
    ("right middle MCP", "1.25 mL", "4", "1"),
    ("left middle MCP", "1.25 mL", "4", "1"),
    ("right index DIP", "1.25 mL", "4", "1"),
    ("right elbow", "1.25 mL", "3", "2"),
]

class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, however the markup is written."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def has_tag(html: str, tag: str, **attributes: str) -> bool:
    """True when the page has a `tag` whose attributes include these (a class among its classes)."""
    parser = _Tags()
    parser.feed(html)
    for name, attrs in parser.found:
        if name != tag:
            continue
        if all(value in attrs.get(key, "").split() if key == "class" else attrs.get(key) == value
               for key, value in attributes.items()):
            return True
    return False



def injection_query(**changes: object) -> str:
    """The seed injection case (Golub 2020) as the page's query string."""
    fields: list[tuple[str, object]] = [
        ("start_date", "2020-05-07"), ("interval_days", "14"), ("product", "sts-25-usp"),
        ("diluent", "saline"), ("stock_parts", "1"), ("diluent_parts", "0"),
    ]
    fields = [(k, changes.pop(k, v)) for k, v in fields]
    for name, volume, rounds, first in SEED_SITES:
        fields += [("site_name", name), ("site_volume", volume), ("site_rounds", rounds),
                   ("site_first_round", first)]
    fields += list(changes.items())
    return urlencode(fields)


def results(html: str) -> str:
    """The results part of a full page (what htmx would swap)."""
    return html.split('id="results"', 1)[1]


PAGES = ["/", "/sources", "/pharmacy", "/pharmacy/mix", "/pharmacy/compound", "/pharmacy/check",
         "/injection", "/topical"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_planning_aid_note_and_local_htmx(client, url):
    page = client.get(url)
    assert page.status_code == 200
    assert "Planning aid for clinicians, not a prescription" in page.text
    assert 'href="/sources"' in page.text
    assert has_tag(page.text, "script", src="/static/htmx.min.js")
    assert "<script>" not in page.text and " style=" not in page.text  # the CSP allows neither


@pytest.mark.parametrize("url", PAGES)
def test_every_input_has_a_label(client, url):
    html = client.get(url).text
    visible = r'<(?:input|select)(?![^>]*type="(?:hidden|radio|checkbox)")[^>]*id="([^"]+)"'
    ids = re.findall(visible, html)
    for field_id in ids:
        assert f'for="{field_id}"' in html, field_id


def test_htmx_is_served_locally_at_the_pinned_version(client):
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["htmx.org"]
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert f'version:"{pinned}"' in script.text


def test_no_cdn_reference_in_templates_or_static_files():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', text), template
    cdns = ("unpkg.com", "jsdelivr", "cdnjs", "googleapis", "cloudflare", "skypack", "esm.sh")
    for path in (ROOT / "static").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            assert not [host for host in cdns if host in text], path


def test_the_seed_injection_case_shows_its_dates_and_totals(client):
    html = client.get("/injection?" + injection_query()).text
    shown = results(html)
    for day in ("Thu 7 May 2020", "Thu 21 May 2020", "Thu 4 Jun 2020", "Thu 18 Jun 2020"):
        assert day in shown
    assert "Thu 2 Jul 2020" not in shown  # four rounds only
    assert "18.75 mL" in shown  # 3 hand sites × 4 × 1.25 mL + elbow 3 × 1.25 mL
    assert "4,688 mg" in shown  # 18.75 mL × 250 mg/mL, to 4 significant figures
    assert "3.75 mL" in shown  # round 1: the three hand sites only
    assert "1,250 mg" in shown  # rounds 2–4: four sites × 1.25 mL × 250 mg/mL
    assert "250 mg/mL STS" in shown


def test_the_seed_protocol_template_gives_the_same_plan(client):
    by_template = client.get("/injection?protocol=golub-2020-hands-elbow&start_date=2020-05-07")
    shown = results(by_template.text)
    # Round 1 as reported: 1.7 + 1.7 + 1.6 = 5 mL; rounds 2–4 add the elbow: 3 × 6.7 mL.
    assert "Thu 18 Jun 2020" in shown and "25.1 mL" in shown
    assert 'value="right elbow"' in by_template.text  # the form is filled from the template
    assert "Golub" in by_template.text  # its source is on screen


def test_one_url_serves_the_page_or_the_fragment(client):
    url = "/injection?" + injection_query()
    page = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert page.text.lstrip().startswith("<!doctype html>")
    assert "<html" not in fragment.text and "<form" not in fragment.text
    assert "Thu 7 May 2020" in fragment.text and "18.75 mL" in fragment.text
    assert fragment.headers["vary"] == "HX-Request"


def test_a_reloaded_plan_url_shows_the_same_plan(client):
    url = "/injection?" + injection_query(patient_weight="20 kg")
    first, second = client.get(url), client.get(url)
    assert results(first.text) == results(second.text)
    assert 'value="20 kg"' in first.text


def test_print_links_carry_the_same_query(client):
    query = injection_query()
    html = client.get("/injection?" + query).text
    escaped = query.replace("&", "&amp;")
    for view in ("/injection/round-sheet", "/injection/round-sheet.pdf", "/injection/calendar"):
        assert f'href="{view}?{escaped}"' in html


def test_a_closed_weekday_moves_the_visit_and_says_so(client):
    html = client.get("/injection?" + injection_query(closed_weekdays="4")).text
    shown = results(html)
    assert "Fri 8 May 2020" in shown and "moved from Thu 7 May 2020" in shown
    assert 'value="4" checked' in html


def test_errors_appear_next_to_their_field_in_plain_words(client):
    query = injection_query().replace("site_volume=1.25+mL", "site_volume=2+mg", 1)
    html = client.get("/injection?" + query).text
    error = re.search(r'<p id="err-site_volume-0" class="field-error">([^<]*)</p>', html)
    assert error and error.group(1).startswith("Site 1 volume must be a volume such as")
    assert re.search(r'id="f-site_volume-0"[^>]*aria-invalid="true"', html)
    assert 'href="#f-site_volume-0"' in html  # the summary links to the field


def test_a_fragment_updates_every_error_slot_out_of_band(client):
    query = injection_query(patient_weight="heavy")
    fragment = client.get("/injection?" + query, headers={"HX-Request": "true"}).text
    slot = r'id="err-patient_weight" class="field-error" hx-swap-oob="true">Patient weight'
    assert re.search(slot, fragment)
    assert 'id="err-site_volume-0" class="field-error" hx-swap-oob="true"></p>' in fragment


@pytest.mark.parametrize(
    ("extra", "rows"),
    [({}, 4), ({"add_site": "1"}, 5), ({"remove_site": "3"}, 3)],
)
def test_without_javascript_sites_are_added_and_removed_by_the_server(client, extra, rows):
    html = client.get("/injection?" + injection_query(**extra)).text
    assert html.count('name="site_name"') == rows


def test_a_blank_injection_page_offers_blank_rows_and_asks(client):
    html = client.get("/injection").text
    assert html.count('name="site_name"') == 3
    assert "Choose the first round" in html


def test_site_names_are_escaped(client):
    html = client.get("/injection?" + injection_query().replace(
        "site_name=right+elbow", "site_name=%3Cscript%3Ealert(1)%3C%2Fscript%3E")).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_the_topical_seed_template_asks_for_the_amount_until_it_is_chosen(client):
    base = "/topical?protocol=pagnini-2013-topical-3-then-10&start_date=2025-01-06"
    html = client.get(base).text
    assert "3 % w/w" in html and "Pagnini" in html
    shown = results(html)
    assert "3 % w/w (30 mg/g)" in shown and "10 % w/w (100 mg/g)" in shown  # thin layer named


def test_the_topical_page_never_assumes_an_amount(client):
    query = urlencode([
        ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "28"),
        ("site_name", "forearm"), ("site_area", "50 cm^2"),
    ])
    html = client.get("/topical?" + query).text
    assert "the planner does not assume one" in html
    assert "Supply per block" not in html


def test_the_topical_blocks_show_what_to_dispense(client):
    query = urlencode([
        ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "28"),
        ("step_strength", "10 % w/w"), ("step_days", "14"), ("site_name", "forearm"),
        ("site_area", "50 cm^2"), ("amount_mode", "per_area"), ("amount", "10 mg/cm^2"),
    ])
    shown = results(client.get("/topical?" + query).text)
    assert "Mon 6 Jan 2025" in shown and "Sun 16 Feb 2025" in shown
    assert "0.5 g of preparation per application" in shown  # 10 mg/cm² × 50 cm²
    assert "7 g rounded up to the next whole 5 g: 10 g" in shown
    assert 'href="/topical/calendar?' in shown


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/pharmacy/mix?product=sts-25-usp&stock_volume=2+mL&diluent_volume=2+mL"
         "&diluent=lidocaine+1%25", ["125 mg/mL pentahydrate", "500 mg pentahydrate", "20 mg"]),
        ("/pharmacy/mix?product=sts-25-usp&mode=target&target=150+mg%2FmL&final_volume=10+mL",
         ["6 mL", "4 mL", "1,500 mg pentahydrate"]),
        ("/pharmacy/mix?product=pedmarqsi&stock_volume=5+mL&diluent_volume=0+mL",
         ["80 mg/mL, anhydrous basis"]),
        ("/pharmacy/compound?strength=10+%25+w%2Fw&quantity=100+g&powder=anhydrous",
         ["6.371 g", "93.63 g", "6.37 g: 6.37078 g rounded to the 0.01 g resolution"]),
        ("/pharmacy/check?strength=10+%25+w%2Fw&powder_mass=8.5+g&total_mass=100+g",
         ["OUTSIDE tolerance", "85 mg/g", "-15.00 %"]),
        ("/pharmacy/check?strength=10+%25+w%2Fw&powder_mass=9.5+g&total_mass=100+g",
         ["Within tolerance", "-5.00 %"]),
    ],
)
def test_pharmacy_calculators_show_results_with_working(client, url, expected):
    html = client.get(url).text
    shown = results(html)
    for text in expected:
        assert text in shown, text
    assert has_tag(shown, "details", **{"class": "working"})
    assert "/pharmacy/worksheet?kind=" in shown


@pytest.mark.parametrize(
    ("url", "field", "words"),
    [
        ("/pharmacy/mix?stock_volume=2+mg&diluent_volume=1+mL", "stock_volume",
         "Stock volume must be a volume"),
        ("/pharmacy/mix?mode=target&target=300+mg%2FmL&final_volume=10+mL", "target",
         "Target strength is 300 mg/mL, stronger than the stock"),
        ("/pharmacy/compound?strength=10+%25&quantity=100+g", "strength",
         "does not say whether it is w/w or w/v"),
        ("/pharmacy/check?strength=10+%25+w%2Fw&powder_mass=10+g", "total_mass",
         "Total mass of the batch is needed"),
    ],
)
def test_pharmacy_errors_are_next_to_the_field(client, url, field, words):
    html = client.get(url).text
    error = re.search(rf'<p id="err-{field}" class="field-error">([^<]*)</p>', html)
    assert error and words in error.group(1)


def test_the_sources_page_lists_every_constant_with_its_source(client):
    html = client.get("/sources").text
    assert "248.18 g/mol" in html and "USP monograph" in html
    assert "PEDMARK label" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("formula=eahp-sts-25-ointment&quantity=250+g&strength_basis=pentahydrate"
         "&powder=pentahydrate", ["62.5 g", "25 g", "81.25 g", "q.s. to 250 g"]),
        ("formula=eahp-sts-25-ointment&quantity=250+g&strength_basis=pentahydrate"
         "&powder=anhydrous", ["39.82 g", "103.93 g: 103.933 g rounded"]),
        ("formula=eahp-sts-25-ointment&quantity=250+g",
         ["Salt form of the formula&#39;s STS is required: the source does not say"]),
    ],
)
def test_a_published_formula_is_scaled_and_its_salt_form_asked(client, query, expected):
    shown = results(client.get("/pharmacy/formula?" + query).text)
    for text in expected:
        assert text in shown, text


def test_a_scaled_formula_links_its_printable_worksheet(client):
    query = "formula=eahp-sts-25-ointment&quantity=250+g&strength_basis=pentahydrate"
    shown = results(client.get("/pharmacy/formula?" + query).text)
    escaped = query.replace("&", "&amp;")
    assert f'href="/pharmacy/worksheet?kind=formula&amp;{escaped}"' in shown
    assert f'href="/pharmacy/worksheet.pdf?kind=formula&amp;{escaped}"' in shown


def test_the_sources_page_lists_conventions_formulas_and_templates(client):
    html = client.get("/sources").text
    assert "DermNet NZ" in html and "EAHP good-practice submission" in html
    assert 'href="/injection?protocol=golub-2020-hands-elbow"' in html
    assert 'href="/topical?protocol=pagnini-2013-topical-3-then-10"' in html


def test_a_browser_gets_an_html_page_for_an_unknown_address(client):
    page = client.get("/no-such-page", headers={"accept": "text/html"})
    assert page.status_code == 404 and "Page not found" in page.text
    assert "Planning aid for clinicians" in page.text
    api = client.get("/api/v1/no-such-thing", headers={"accept": "text/html"})
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_template_areas_are_written_the_clinicians_way(client):
    html = client.get("/topical?protocol=pagnini-2013-topical-3-then-10").text
    assert 'value="100 cm²"' in html and "cm^2" not in html.split("<form", 2)[2]


def test_safety_warnings_are_shown_with_their_sources(client):
    query = urlencode([
        ("start_date", "2020-05-07"), ("interval_days", "5"), ("product", "sts-25-usp"),
        ("diluent", "lidocaine 1%"), ("stock_parts", "1"), ("diluent_parts", "1"),
        ("patient_weight", "4 kg"), ("site_name", "a"), ("site_volume", "10 mL"),
        ("site_rounds", "2"),
    ])
    shown = results(client.get("/injection?" + query).text)
    warnings = shown.split('<div class="warnings" role="alert">', 1)[1].split("</div>", 1)[0]
    assert "shortest interval among the cited sources" in warnings
    assert warnings.count("Source: FDA label") >= 1  # STS 1,250 mg above 250 mg/kg × 4 kg
    assert "lidocaine" in warnings.lower() and "lidocaine HCl injection labels" in warnings
    assert "⚠" in shown  # and next to the visit it concerns


def test_a_round_given_on_another_day_moves_the_rest_of_the_series(client):
    query = injection_query(given_round="2", given_date="2020-05-26")
    html = client.get("/injection?" + query).text
    shown = results(html)
    assert "Tue 26 May 2020" in shown and "given on this day; planned for Thu 21 May 2020" in shown
    assert "Tue 9 Jun 2020" in shown and "Tue 23 Jun 2020" in shown  # the interval kept from there
    assert "Thu 4 Jun 2020" not in shown


def test_a_given_date_before_the_previous_round_is_explained_next_to_the_rows(client):
    query = injection_query(given_round="2", given_date="2020-05-01")
    html = client.get("/injection?" + query).text
    error = re.search(r'<p id="err-given" class="field-error">([^<]*)</p>', html)
    assert error and "round 2 was given on 2020-05-01, which is not after round 1" in error.group(1)


@pytest.mark.parametrize(
    "url",
    [
        "/pharmacy/mix?product=sts-25-usp&stock_volume=2+mL&diluent_volume=2+mL",
        "/pharmacy/compound?strength=10+%25+w%2Fw&quantity=100+g",
        "/pharmacy/check?strength=10+%25+w%2Fw&powder_mass=10+g&total_mass=100+g",
        "/pharmacy/formula?formula=eahp-sts-25-ointment&quantity=100+g&strength_basis=anhydrous",
        "/injection?protocol=golub-2020-hands-elbow&start_date=2020-05-07",
        "/topical?protocol=pagnini-2013-topical-3-then-10&start_date=2025-01-06",
    ],
)
def test_every_form_page_answers_htmx_with_its_results_fragment(client, url):
    fragment = client.get(url, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and "<form" not in fragment
    assert has_tag(fragment, "details", **{"class": "working"})
    assert has_tag(fragment, "p", id="live-status", **{"hx-swap-oob": "innerHTML"})


def test_templates_use_no_inline_script_style_or_handlers():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert " style=" not in text and "hx-on" not in text, template
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), template


def test_values_in_the_address_win_over_a_protocol_template(client):
    url = ("/injection?protocol=golub-2020-hands-elbow&start_date=2020-05-07&patient_weight=2+kg"
           "&interval_days=21&product=pedmark")
    html = client.get(url).text
    shown = results(html)
    assert 'value="2 kg"' in html and "Thu 28 May 2020" in shown  # 21 days after 7 May
    assert "125 mg/mL STS" in shown  # PEDMARK, not the template's 250 mg/mL
    # 5 mL × 125 mg/mL = 625 mg per full visit, above 250 mg/kg × 2 kg = 500 mg
    assert has_tag(shown, "div", role="alert", **{"class": "warnings"})
    assert "Source: FDA label" in shown
