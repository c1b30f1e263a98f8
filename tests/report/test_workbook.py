"""The audit workbook as a rights team reads it, from a real scan: 17 sections of a site, each
with a draft that copies the first 48 words of its own source, uncredited, and names its own
copyright holder, so every breakdown of the Summary sheet passes its cap of 15 rows."""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import licscan
from licscan.judge import _VERBS
from licscan.model import DocStatus, Severity, TermType, Verdict
from licscan.report import tables
from licscan.result import ScanResult

SECTIONS = 17
COPIED_WORDS = 48
WORDS = ("harbour", "council", "ferry", "tide", "bridge", "budget", "museum", "river", "school",
         "market", "festival", "library", "engineer", "survey", "storm", "pier", "lantern",
         "orchard", "railway", "census", "archive", "quarry", "beacon", "canal", "vote", "mayor",
         "plan", "report", "study", "grant", "repair", "winter", "summer", "island", "coast",
         "village")
PEOPLE = ["Severity", "Location", "Problem", "What to do", "Source", "Source terms",
          "Words copied", "Verdict", "Kind of copy", "Excerpt", "Accepted", "Accepted reason"]
TECHNICAL = ["path", "start", "end", "line", "column", "end_line", "end_column", "location",
             "rule_id", "kind", "fingerprint"]


def _article(seed: int) -> str:
    """Eight sentences of twelve words, different for every seed."""
    pick = random.Random(seed).choice
    return " ".join(" ".join(pick(WORDS) for _ in range(12)).capitalize() + "."
                    for _ in range(8))


def _write_site(root: Path) -> None:
    for n in range(1, SECTIONS + 1):
        text = _article(n)
        source = root / "sources" / f"story{n:02d}.md"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(
            f"---\ntitle: Story {n}\n"
            f"canonical_url: https://gazette{n:02d}.example/story\n---\n\n"
            f"{text}\n\nExcerpts may be quoted with credit and a link.\n\n"
            f"© 2024 Gazette {n:02d} Ltd. All rights reserved.\n", encoding="utf-8")
        draft = root / "site" / f"section{n:02d}" / "draft.md"
        draft.parent.mkdir(parents=True, exist_ok=True)
        copied = " ".join(text.split()[:COPIED_WORDS])
        draft.write_text(
            f"# Roundup {n}\n\nOur own words open this piece about the week.\n\n{copied}\n\n"
            f"© 2025 Desk {n:02d} Media. All rights reserved.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScanResult, Path]:
    root = tmp_path_factory.mktemp("workbook")
    _write_site(root)
    return licscan.scan([root / "site"], sources=[root / "sources"], cache=False), root


@pytest.fixture(scope="module")
def book(result: tuple[ScanResult, Path]) -> openpyxl.Workbook:
    scan, root = result
    return openpyxl.load_workbook(scan.write(root / "audit.xlsx"))


def _rows(sheet) -> list[dict[str, object]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)]


def _section(sheet, title: str) -> list[tuple]:
    """The rows of a titled table of the Summary sheet, the "+N more" line included."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 2
    found = []
    for row in rows[start:]:
        if row[0] is None:
            return found
        found.append(row)
    return found


def test_findings_columns_put_a_persons_columns_first(book: openpyxl.Workbook) -> None:
    assert [cell.value for cell in book["Findings"][1]] == PEOPLE + TECHNICAL


def test_technical_columns_are_grouped_and_collapsed(book: openpyxl.Workbook) -> None:
    sheet = book["Findings"]
    dimensions = list(sheet.column_dimensions.values())

    def dimension(index: int):  # openpyxl reads runs of alike columns as one dimension
        return next((d for d in dimensions if d.min and d.min <= index <= d.max), None)

    for index in range(1, len(PEOPLE) + 1):
        shown = dimension(index)
        assert shown is None or (shown.outline_level == 0 and not shown.hidden), index
    for index in range(len(PEOPLE) + 1, len(PEOPLE) + len(TECHNICAL) + 1):
        hidden = dimension(index)
        assert hidden.outline_level == 1 and hidden.hidden, get_column_letter(index)
    after = dimension(len(PEOPLE) + len(TECHNICAL) + 1)
    assert after.collapsed  # the group's button shows it closed


def test_a_reuse_finding_carries_its_source(book: openpyxl.Workbook) -> None:
    sheet = book["Findings"]
    rows = _rows(sheet)
    index, reuse = next((i, r) for i, r in enumerate(rows, start=2)
                        if r["path"] == "section03/draft.md" and r["kind"] == "reuse")
    assert reuse["Severity"] == "high"
    assert reuse["Source"] == "Gazette 03 Ltd."
    assert reuse["Source terms"] == "excerpt_with_credit"
    assert reuse["Words copied"] == COPIED_WORDS
    assert reuse["Verdict"] == "violation"
    assert reuse["Kind of copy"] == "verbatim"
    assert reuse["What to do"].startswith("add a credit line naming Gazette 03 Ltd.")
    assert "Fix:" not in reuse["Problem"] and "gazette03.example/story" in reuse["Problem"]
    assert reuse["Location"] == "section03/draft.md:5:1"  # the copied paragraph's line
    source = sheet.cell(index, PEOPLE.index("Source") + 1)
    assert source.hyperlink.target == "https://gazette03.example/story"
    location = sheet.cell(index, PEOPLE.index("Location") + 1)
    assert location.hyperlink.target == "site/section03/draft.md"  # beside the workbook
    notice = next(r for r in rows if r["path"] == "section03/draft.md" and r["kind"] == "notice")
    assert notice["Source"] is None and notice["Verdict"] is None  # no reuse, no source


def test_glossary_explains_every_column_and_value(book: openpyxl.Workbook) -> None:
    entries: dict[str, dict[str, str]] = {}
    for section, name, meaning in book["Glossary"].iter_rows(min_row=2, values_only=True):
        assert meaning, (section, name)
        entries.setdefault(section, {})[name] = meaning
    assert list(entries["Findings columns"]) == PEOPLE + TECHNICAL
    for sheet, table in (("Matches", "matches"), ("Documents", "documents"),
                         ("Reservations", "reservations")):
        assert list(entries[f"{sheet} columns"]) == tables.COLUMNS[table]
    assert set(entries["Verdict"]) >= {v.value for v in Verdict}
    assert set(entries["Severity"]) == {s.value for s in Severity}
    assert set(entries["Term type"]) >= {t.value for t in TermType}
    assert set(entries["Kind of copy"]) == set(_VERBS)
    assert set(entries["Document status"]) >= {s.value for s in DocStatus} | {tables.WARNING}
    assert "quarter" in entries["Matches columns"]["source_fraction"]


def test_summary_per_folder_with_more(book: openpyxl.Workbook) -> None:
    rows = _section(book["Summary"], "Findings by folder")
    assert len(rows) == 16 and rows[-1][0] == "+2 more"
    # each folder: 1 document, 3 findings (reuse, notice, terms), 1 high, 1 match
    assert rows[0][:5] == ("section01/", 1, 3, 1, 1)
    assert [row[0] for row in rows[:15]] == [f"section{n:02d}/" for n in range(1, 16)]


def test_summary_per_holder_and_per_source_with_more(book: openpyxl.Workbook) -> None:
    summary = book["Summary"]
    holders = _section(summary, "Notices by holder")
    assert len(holders) == 16 and holders[-1][0] == "+2 more"
    assert holders[0][:2] == ("Desk 01 Media", 1)
    sources = _section(summary, "Matches by source")
    assert len(sources) == 16 and sources[-1][0] == "+2 more"
    assert sources[0][:4] == ("Gazette 01 Ltd.", 1, COPIED_WORDS, "violation")


def test_html_summary_says_how_many_more(result: tuple[ScanResult, Path]) -> None:
    scan, root = result
    tree = lxml.html.parse(str(scan.write(root / "report.html"))).getroot()
    for table in ("by-folder", "by-holder", "by-source"):
        rows = tree.get_element_by_id(table).xpath("./tbody/tr")
        assert len(rows) == 16 and rows[-1].text_content() == "+2 more", table
