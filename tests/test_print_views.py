"""Print views and PDFs, in-process: status, content, escaping, paper size, the patient's name."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from urllib.parse import urlencode

import pytest

SEED_SITES = [
    ("right middle MCP", "1.25 mL", 4, 1),
    ("left middle MCP", "1.25 mL", 4, 1),
    ("right index DIP", "1.25 mL", 4, 1),
    ("right elbow", "1.25 mL", 3, 2),
]
SEED_DATES = ["Thu 7 May 2020", "Thu 21 May 2020", "Thu 4 Jun 2020", "Thu 18 Jun 2020"]
SCRIPT = "<script>alert(1)</script>"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def injection_query(sites: list[tuple[str, str, int, int]] = SEED_SITES, **extra: str) -> str:
    """The seed case as the injection page puts it in the URL."""
    pairs: list[tuple[str, str | int]] = [
        ("start_date", "2020-05-07"), ("interval_days", 14), ("product", "sts-25-usp"),
        ("diluent", "saline"), ("stock_parts", 1), ("diluent_parts", 0),
    ]
    for name, volume, rounds, first in sites:
        pairs += [("site_name", name), ("site_volume", volume), ("site_rounds", rounds),
                  ("site_first_round", first)]
    pairs += list(extra.items())
    return urlencode(pairs)


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, whitespace collapsed so wrapped cells match."""
    done = subprocess.run(  # noqa: S603 - fixed command, PDF on stdin
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode("utf-8").split())


def page_size(pdf: bytes) -> str:
    """pdfinfo's page size line, e.g. '595.276 x 841.89 pts (A4)'."""
    done = subprocess.run(  # noqa: S603 - fixed command, PDF on stdin
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    )
    line = next(x for x in done.stdout.decode().splitlines() if x.startswith("Page size:"))
    return line.removeprefix("Page size:").strip()


def flat(html: str) -> str:
    """HTML with whitespace collapsed, for matching text that wraps in the template."""
    return " ".join(html.split())


def test_round_sheet_shows_the_seed_visits_totals_and_rounding(client):
    response = client.get("/injection/round-sheet?" + injection_query())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = flat(response.text)
    for day in SEED_DATES:
        assert day in html
    # Round 1, hands only: 3 × 1.25 mL drawn up as 3 × 1.3 mL, and the sheet says both.
    assert "Visit total: 3.75 mL (drawn up: 3.9 mL); STS 937.5 mg pentahydrate" in html
    # Rounds 2–4: 4 × 1.3 mL would be 5.2 mL, past the largest reported 5 mL a visit, so two
    # sites are drawn up as 1.2 mL and the visit stays at 5 mL.
    assert html.count("Visit total: 5 mL; STS 1,250 mg pentahydrate") == 3
    assert "rounded down to the 0.1 mL marks of a 3 mL syringe, to stay within the largest " \
           "reported 5 mL a visit" in html
    assert "18.75 mL" in html and "4,688 mg pentahydrate" in html
    # 1.25 mL is drawn up as 1.3 mL on a 3 mL syringe, and the sheet says so.
    assert "1.3 mL" in html and "planned 1.25 mL" in html
    assert "rounded to the 0.1 mL marks of a 3 mL syringe" in html
    assert "Planning aid, not a prescription" in html
    assert "The working" in html and "Sources" in html
    assert "no-store" in response.headers["cache-control"]


@needs_poppler
def test_round_sheet_pdf_has_the_same_dates_and_totals(client):
    response = client.get("/injection/round-sheet.pdf?" + injection_query())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for day in SEED_DATES:
        assert day in text
    assert "3.75 mL" in text and "18.75 mL" in text
    assert "Planning aid, not a prescription" in text
    assert "Page 1 of" in text
    assert "(A4)" in page_size(response.content)


@needs_poppler
def test_letter_paper_is_selectable(client):
    response = client.get("/injection/round-sheet.pdf?" + injection_query(paper="letter"))
    assert response.status_code == 200
    assert "612 x 792" in page_size(response.content)


def test_round_sheet_warns_with_the_source_when_a_visit_is_too_big(client):
    big = [("flank", "60 mL", 1, 1)]
    html = flat(client.get("/injection/round-sheet?" + injection_query(big)).text)
    assert "<h2>Warnings</h2>" in html and "Round 1 (Thu 7 May 2020):" in html
    assert "FDA label" in html  # the 12.5 g single IV dose ceiling and where it comes from


def test_injection_calendar_lists_each_visit_with_a_tick_box(client):
    response = client.get("/injection/calendar?" + injection_query())
    assert response.status_code == 200
    html = flat(response.text)
    for day in SEED_DATES:
        assert day in html
    assert html.count("Visit done") == 4
    assert "Mon 4 May 2020 to Sun 17 May 2020" in html  # blocks of two weeks, Monday first
    assert "Patient's name:" in html and 'class="write-in"' in html  # a line to write on
    assert "Planning aid, not a prescription" in html


@needs_poppler
def test_injection_calendar_pdf(client):
    response = client.get("/injection/calendar.pdf?" + injection_query())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Thu 18 Jun 2020" in text and "Visit done" in text
    assert "Planning aid, not a prescription" in text


@needs_poppler
def test_user_text_is_escaped_in_html_and_literal_in_pdf(client):
    sites = [*SEED_SITES[:3], (SCRIPT, "1.25 mL", 3, 2)]
    for path in ("/injection/round-sheet", "/injection/calendar"):
        html = client.get(f"{path}?{injection_query(sites)}").text
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        pdf = client.get(f"{path}.pdf?{injection_query(sites)}")
        assert pdf.status_code == 200
        assert SCRIPT in pdf_text(pdf.content)


@needs_poppler
def test_patient_name_is_posted_printed_and_never_in_a_url(client):
    query = injection_query()
    name = "Ann <b>Example</b>"
    page = client.post(f"/injection/calendar?{query}", data={"patient_name": name})
    assert page.status_code == 200
    assert "Ann &lt;b&gt;Example&lt;/b&gt;" in page.text
    assert "Ann" not in str(page.url) and "Example" not in str(page.url)
    assert "no-store" in page.headers["cache-control"]
    # The page's own forms and links carry the plan, never the name.
    for attribute in ("action=", "formaction=", "href="):
        for chunk in page.text.split(attribute)[1:]:
            assert "Example" not in chunk.split(">", 1)[0]
    pdf = client.post(f"/injection/calendar.pdf?{query}", data={"patient_name": name})
    assert pdf.status_code == 200
    assert name in pdf_text(pdf.content)
    assert "Example" not in pdf.headers["content-disposition"]
    assert "Example" not in str(pdf.url)


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("patient_name", "Philippa\u202e Quennell", "patient name cannot be printed: it must be "
         "plain text; it holds the control, direction or invisible character U+202E"),
        ("patient_name", "Jane Smi\u200bth", "character U+200B"),
        ("patient_name", "J\u043ehn Smith", "mixes the letters of two scripts in one word"),
        ("prescriber", "Dr Ros\u0455i", "prescriber cannot be printed"),
        ("hospital_number", "K00\u2066471", "hospital number cannot be printed"),
        ("date_of_birth", "1948\u00ad06-30", "date of birth cannot be printed"),
    ],
)
@pytest.mark.parametrize("path", ["/injection/calendar", "/injection/round-sheet.pdf"])
def test_a_typed_detail_that_would_print_as_something_else_is_refused_in_words(
    client, path, field, typed, words
):
    response = client.post(f"{path}?{injection_query()}", data={field: typed},
                           headers={"Accept": "text/html"})
    assert response.status_code == 422
    assert words in response.text
    assert typed not in response.text and typed[:4] not in response.text.split("<main", 1)[-1]


def test_a_name_in_italian_or_with_accents_prints_as_typed_in_nfc(client):
    page = client.post(f"/injection/calendar?{injection_query()}",
                       data={"patient_name": "Niccolo\u0300  D'\u00c0ngelo"})
    assert page.status_code == 200
    assert "Niccol\u00f2 D&#39;\u00c0ngelo" in page.text


def test_without_a_name_the_sheet_has_a_line_to_write_it(client):
    html = client.post("/injection/round-sheet?" + injection_query(),
                       data={"patient_name": "   "}).text
    assert 'class="write-in"' in html


def test_print_view_without_a_plan_says_what_is_missing(client):
    response = client.get("/injection/round-sheet")
    assert response.status_code == 422
    assert "nothing to print yet" in response.text
    pdf = client.get("/injection/round-sheet.pdf?start_date=2020-05-07")
    assert pdf.status_code == 422
    assert pdf.headers["content-type"].startswith("text/html")


WORKSHEETS = {
    "mix": (
        {"product": "sts-25-usp", "mode": "target", "target": "150 mg/mL",
         "final_volume": "10 mL"},
        ["6.0 mL", "4.0 mL", "10 mL", "1,500 mg pentahydrate"],
    ),
    "compound": (
        {"strength": "10 % w/w", "quantity": "100 g", "powder": "anhydrous"},
        ["6.37 g", "93.63 g", "100 g", "rounded to the 0.01 g resolution of the balance"],
    ),
    "check": (
        {"strength": "10 % w/w", "powder_mass": "10.5 g", "total_mass": "100 g"},
        ["105 mg/g", "+5.00 %", "within"],
    ),
    "formula": (
        {"formula": "eahp-sts-25-ointment", "quantity": "250 g",
         "strength_basis": "pentahydrate", "powder": "anhydrous"},
        # 62.5 g pentahydrate as anhydrous powder: 62.5 x 158.11 / 248.18 = 39.82 g;
        # the paraffin makes up the rest: 250 - 39.82 - 25 - 81.25 = 103.93 g.
        ["39.82 g", "25.00 g", "81.25 g", "103.93 g", "25 % w/w (250 mg/g)",
         "62.5 g pentahydrate", "EAHP"],
    ),
}


@needs_poppler
@pytest.mark.parametrize("kind", sorted(WORKSHEETS))
def test_pharmacy_worksheet_shows_what_to_measure_and_sign_off(client, kind):
    fields, expected = WORKSHEETS[kind]
    query = urlencode({"kind": kind, **fields})
    page = client.get(f"/pharmacy/worksheet?{query}")
    assert page.status_code == 200
    html = flat(page.text)
    for text in expected:
        assert text in html
    assert "Prepared by" in html and "Checked by" in html and "The working" in html
    pdf = client.get(f"/pharmacy/worksheet.pdf?{query}")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for expected_text in expected:
        assert expected_text in text
    assert "Prepared by" in text and "Planning aid, not a prescription" in text


def test_worksheet_of_an_unknown_kind_is_refused(client):
    response = client.get("/pharmacy/worksheet?kind=tea")
    assert response.status_code == 422
    assert "mix, compound, check or formula" in response.text


def test_formula_worksheet_without_the_salt_form_says_what_is_missing(client):
    query = urlencode({"kind": "formula", "formula": "eahp-sts-25-ointment", "quantity": "100 g"})
    response = client.get(f"/pharmacy/worksheet?{query}")
    assert response.status_code == 422
    assert "the source does not say whether its STS is the pentahydrate" in response.text


def test_worksheet_for_a_strength_above_published_keeps_the_warning(client):
    query = urlencode({"kind": "compound", "strength": "30 % w/w", "quantity": "100 g"})
    html = flat(client.get(f"/pharmacy/worksheet?{query}").text)
    assert "Warning:" in html and "above the highest published" in html


TOPICAL = urlencode([
    ("start_date", "2025-01-06"),
    ("step_strength", "3 % w/w"), ("step_days", "21"),
    ("step_strength", "10 % w/w"), ("step_days", "14"),
    ("applications_per_day", "2"),
    ("site_name", "left forearm"), ("site_area", "50 cm^2"),
    ("amount_mode", "convention"), ("amount_convention", "thin_layer"),
    ("review_interval_days", "14"),
])


def test_topical_calendar_has_a_box_per_application_and_dressing(client):
    response = client.get(f"/topical/calendar?{TOPICAL}")
    assert response.status_code == 200
    html = flat(response.text)
    # 35 days, twice a day: 70 application boxes and 70 dressing boxes, each label kept whole
    # (a no-break space, which flat() reads as a space).
    assert html.count('<span class="box"></span>Apply 1') == 35
    assert html.count('<span class="box"></span>Apply 2') == 35
    assert html.count('<span class="box"></span>Dressing') == 70
    assert response.text.count("Apply\u00a01") == 35
    assert "Start the new jar: 10 % w/w" in html  # Mon 27 Jan 2025, day 22
    assert "Mon 6 Jan 2025 to Sun 26 Jan 2025" in html
    assert "Sun 9 Feb 2025" in html  # the last day
    assert "Clinic review" in html and "Treatment finished" in html
    assert "twice a day" in html
    assert "Planning aid, not a prescription" in html


@needs_poppler
def test_topical_calendar_pdf(client):
    response = client.get(f"/topical/calendar.pdf?{TOPICAL}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Mon 6 Jan 2025" in text and "3 % w/w (30 mg/g)" in text
    assert "Dressing" in text and "Planning aid, not a prescription" in text


def test_topical_calendar_without_an_amount_is_refused_in_words(client):
    query = TOPICAL.replace("amount_mode=convention", "amount_mode=")
    response = client.get(f"/topical/calendar?{query}")
    assert response.status_code == 422
    assert "does not assume one" in response.text


def test_fortnights_run_monday_to_sunday_and_cover_the_last_day():
    from app.calendar.grid import fortnights

    blocks = fortnights(date(2020, 5, 7), date(2020, 6, 18), lambda cell: cell.lines.append("x"))
    assert [b.title for b in blocks] == [
        "Mon 4 May 2020 to Sun 17 May 2020", "Mon 18 May 2020 to Sun 31 May 2020",
        "Mon 1 Jun 2020 to Sun 14 Jun 2020", "Mon 15 Jun 2020 to Sun 28 Jun 2020",
    ]
    cells = [cell for block in blocks for week in block.weeks for cell in week]
    assert len(cells) == 56 and all(len(week) == 7 for b in blocks for week in b.weeks)
    inside = [cell.date for cell in cells if cell.in_course]
    assert inside[0] == date(2020, 5, 7) and inside[-1] == date(2020, 6, 18)
    assert all(cell.lines == ["x"] for cell in cells if cell.in_course)
    assert not any(cell.lines for cell in cells if not cell.in_course)


def calendar_events(body: bytes) -> list[tuple[date, str]]:
    """Each event of an .ics file as (day, summary), parsed back with icalendar."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(body)
    return [(event.decoded("dtstart"), str(event["summary"])) for event in calendar.walk("VEVENT")]


def test_injection_calendar_file_has_the_seed_visits_and_no_name(client):
    # A name pasted into the address by mistake must still not reach the file.
    response = client.get(f"/injection/calendar.ics?{injection_query(patient_name='Jane Doe')}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert 'attachment; filename="sts-injection-visits.ics"' in response.headers[
        "content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    events = calendar_events(response.content)
    assert [day for day, _ in events] == [
        date(2020, 5, 7), date(2020, 5, 21), date(2020, 6, 4), date(2020, 6, 18)]
    assert events[0][1] == "STS injection, round 1 (3 sites)"
    assert events[1][1] == "STS injection, round 2 (4 sites)"
    assert b"Jane" not in response.content and b"Doe" not in response.content


def test_topical_calendar_file_has_the_strength_changes_and_reviews(client):
    response = client.get(f"/topical/calendar.ics?{TOPICAL}")
    assert response.status_code == 200
    events = calendar_events(response.content)
    assert (date(2025, 1, 6), "Topical STS: start 3 % w/w (30 mg/g)") in events
    assert (date(2025, 1, 27), "Topical STS: start 10 % w/w (100 mg/g)") in events  # day 22
    reviews = [day for day, summary in events if summary.startswith("Topical STS review")]
    assert reviews == [date(2025, 1, 20), date(2025, 2, 3), date(2025, 2, 17)]


def test_a_calendar_file_of_an_unfinished_plan_says_what_is_missing(client):
    response = client.get("/topical/calendar.ics?start_date=2025-01-06")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Strength steps: fill in at least one row." in response.text


def test_plan_pages_and_patient_calendars_link_the_calendar_file(client):
    query = injection_query()
    page = client.get(f"/injection?{query}").text
    assert f'href="/injection/calendar.ics?{query.replace("&", "&amp;")}"' in page
    printed = client.get(f"/injection/calendar?{query}").text
    assert "Add to my calendar" in printed and 'href="/injection/calendar.ics?' in printed
    assert "Add to my calendar" not in client.get(f"/injection/round-sheet?{query}").text
    topical = client.get(f"/topical?{TOPICAL}").text
    assert 'href="/topical/calendar.ics?' in topical
    assert 'href="/topical/calendar.ics?' in client.get(f"/topical/calendar?{TOPICAL}").text
