"""The due list worded for the clinic's pages, its day sheet and its spreadsheet export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from app.contracts.due_entries import DueEntry
from app.courses.due import DueBoard, Named
from app.quantities import display
from app.quantities.fast import magnitude_in
from app.quantities.registry import MG, ML, G, PintUnit, Qty

# Where each kind of entry is acted on, on its course's page.
ANCHORS = {"round": "#record-h", "dispense": "#dispense-h", "review": "#review-h"}
KIND_WORDS = {"injection": "Injection", "topical": "Topical"}
# A cell a spreadsheet could read as a formula starts with one of these (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = ("date", "overdue", "patient_reference", "patient_name", "kind", "what", "number",
              "sites", "visit_volume_mL", "sts_pentahydrate_mg", "strength", "amount_g",
              "course_id", "note")
# The note of an entry whose course's plan the planner now refuses (the course_id column says
# which course to amend).
REFUSED_NOTE = "plan refused now: amend before recording"


@dataclass(frozen=True)
class DueRow:
    """One entry in words: who, what, the details, and where on the course page to act."""

    course_id: str
    reference: str
    name: str
    kind: str
    what: str  # 'Round 2', 'Dispense block 1', 'Review 3'
    details: str
    date: str
    overdue: bool
    href: str
    refused_now: bool = False  # the planner now refuses its course's plan: amend it first


def what_words(entry: DueEntry) -> str:
    """'Round 2', 'Dispense block 1' or 'Review 3'."""
    if entry.what == "round":
        return f"Round {entry.number}"
    if entry.what == "dispense":
        return f"Dispense block {entry.number}"
    return f"Review {entry.number}"


def details(entry: DueEntry) -> str:
    """What to prepare: a round's sites, volume and STS; a block's strength and amount."""
    if entry.what == "round":
        assert entry.visit_volume is not None and entry.sts_pentahydrate is not None
        return (f"{', '.join(entry.sites)}; {display.quantity(entry.visit_volume, ML)}, "
                f"STS {display.quantity(entry.sts_pentahydrate, MG)} (pentahydrate)")
    if entry.what == "dispense":
        assert entry.strength is not None and entry.amount is not None
        return (f"{display.strength(entry.strength, concentration=False)}, "
                f"{display.quantity(entry.amount, G)}")
    return "Clinic review"


def row(item: Named, board: DueBoard) -> DueRow:
    """One entry of a board in words."""
    entry = item.entry
    return DueRow(entry.course_id, entry.reference, item.name or "", KIND_WORDS[entry.kind],
                  what_words(entry), details(entry), display.date(entry.date),
                  entry.overdue(board.today),
                  f"/courses/{entry.course_id}{ANCHORS[entry.what]}",
                  refused_now=entry.refused_now)


def rows(board: DueBoard) -> tuple[list[DueRow], list[tuple[str, bool, list[DueRow]]]]:
    """The board in words: the overdue rows, then (day, is today, rows) for each day."""
    return ([row(n, board) for n in board.overdue],
            [(display.date(day), day == board.today, [row(n, board) for n in items])
             for day, items in board.days])


def safe_cell(text: str) -> str:
    """A cell no spreadsheet runs as a formula: one starting with = + - @ (or a tab or carriage
    return) is prefixed with an apostrophe, which shows the text as typed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _amount(quantity: Qty | None, unit: PintUnit) -> str:
    # Unrounded, as the API gives it: a spreadsheet reads the number, people read the page.
    return "" if quantity is None else str(float(magnitude_in(quantity, unit)))


def csv_text(items: Iterable[Named], today: dt.date) -> str:
    """The entries as RFC 4180 CSV (CRLF line ends, quoted where needed) with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in items:
        e = item.entry
        strength = ("" if e.strength is None
                    else display.strength(e.strength, concentration=False))
        cells = [e.date.isoformat(), "yes" if e.overdue(today) else "no",
                 e.reference, item.name or "", e.kind, e.what, str(e.number), "; ".join(e.sites),
                 _amount(e.visit_volume, ML), _amount(e.sts_pentahydrate, MG), strength,
                 _amount(e.amount, G), e.course_id, REFUSED_NOTE if e.refused_now else ""]
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()
