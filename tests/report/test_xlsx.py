"""The XLSX audit workbook, opened with openpyxl as a reviewer's spreadsheet would open it."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from licscan.model import (
    DocStatus,
    DocumentResult,
    DocumentRow,
    Finding,
    ScanWarning,
    Severity,
)
from licscan.report import tables, xlsx
from licscan.result import ScanResult
from licscan.textmap import Span

SHEETS = ["Summary", "Findings", "Matches", "Notices", "Terms", "Metadata", "Documents", "Errors",
          "Reservations", "Glossary"]
# The sheets that show a table's columns as they are (Findings shows them for people).
TABLE_OF = {"Matches": "matches", "Notices": "notices",
            "Terms": "terms", "Metadata": "metadata", "Documents": "documents",
            "Errors": "errors", "Reservations": "reservations"}


@pytest.fixture()
def scanned(tmp_path: Path, sample_result: Callable[[Path], ScanResult]) -> tuple[ScanResult, Path]:
    result = sample_result(tmp_path / "site")
    return result, result.write(tmp_path / "reports" / "audit.xlsx")


@pytest.fixture()
def workbook(scanned: tuple[ScanResult, Path]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(scanned[1])


def column_of(sheet, header: str) -> int:
    for cell in sheet[1]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no column {header!r} in {sheet.title}")


def summary_section(sheet, title: str) -> dict[str, tuple]:
    """The rows of a titled small table on the Summary sheet: label -> the other cells."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title) + 2  # skip the header
    section = {}
    for row in rows[start:]:
        if row[0] is None:
            break
        section[row[0]] = row[1:3]
    return section


def test_sheets_in_order(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == SHEETS


def test_headers_are_the_table_columns(workbook: openpyxl.Workbook) -> None:
    for name, table in TABLE_OF.items():
        headers = [cell.value for cell in workbook[name][1]]
        assert headers == tables.COLUMNS[table], name


def test_header_row_frozen_and_autofilter_on_every_table(
    workbook: openpyxl.Workbook, scanned: tuple[ScanResult, Path]
) -> None:
    result = scanned[0]
    widths = {name: len(tables.COLUMNS[table]) for name, table in TABLE_OF.items()}
    widths["Findings"] = len(tables.COLUMNS["findings"]) + 7  # 12 people's columns, 5 shown there
    for name, width in widths.items():
        table = TABLE_OF.get(name, "findings")
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        rows = max(len(getattr(result, table)), 1) + 1
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(width)}{rows}", name
    assert workbook["Summary"].freeze_panes == "A2"


def test_summary_counts_agree_with_the_tables(
    workbook: openpyxl.Workbook, scanned: tuple[ScanResult, Path]
) -> None:
    result = scanned[0]
    sheet = workbook["Summary"]
    counts = summary_section(sheet, "Counts")
    assert counts["Documents"][0] == len(result.documents) == 4
    assert counts["Documents not read"][0] == len(result.errors) == 1
    assert counts["Warnings"][0] == 0
    assert counts["Notices"][0] == len(result.notices) == 3
    assert counts["Terms"][0] == len(result.terms) == 2
    assert counts["Metadata"][0] == len(result.metadata) == 3
    assert counts["Matches"][0] == len(result.matches) == 2
    assert counts["Findings"][0] == len(result.findings) == 6
    severity = summary_section(sheet, "Findings by severity")
    for level in ("high", "medium", "low", "info"):
        in_table = result.findings[result.findings["severity"] == level]
        assert severity[level][0] == len(in_table)
    assert {k: v[0] for k, v in severity.items()} == {"high": 2, "medium": 2, "low": 1,
                                                      "info": 1}
    assert severity["medium"][1] == 1  # one medium finding is accepted
    verdicts = summary_section(sheet, "Matches by verdict")
    assert {k: v[0] for k, v in verdicts.items()} == {"violation": 1, "review": 1}
    terms = summary_section(sheet, "Terms by type")
    assert {k: v[0] for k, v in terms.items()} == {"creative_commons": 1,
                                                   "excerpt_with_credit": 1}
    holders = summary_section(sheet, "Notices by holder")
    assert holders["GDC"][0] == 1 and holders["Example LLC"][0] == 1
    assert summary_section(sheet, "Matches by source")["Bloomberg"][0] == 1


def test_summary_scan_facts_and_dates(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Summary"]
    facts = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, max_row=8, values_only=True)}
    assert isinstance(facts["Scan started (UTC)"], datetime)
    assert isinstance(facts["Scan finished (UTC)"], datetime)
    assert facts["Folder"].endswith("/site")
    assert facts["Rules version"] == "r3c0ffee"
    assert facts["licscan version"]


def test_summary_has_a_native_chart(workbook: openpyxl.Workbook) -> None:
    charts = workbook["Summary"]._charts
    assert len(charts) >= 1
    assert any(chart.tagname == "barChart" for chart in charts)


def test_formula_from_a_scanned_page_is_stored_as_text(
    workbook: openpyxl.Workbook, scanned: tuple[ScanResult, Path], evil_formula: str
) -> None:
    notices = workbook["Notices"]
    text_col = column_of(notices, "text")
    cells = [row[text_col - 1] for row in notices.iter_rows(min_row=2)]
    evil = next(c for c in cells if c.value == evil_formula)
    assert evil.data_type == "s"
    metadata = workbook["Metadata"]
    value_col = column_of(metadata, "value")
    values = [row[value_col - 1] for row in metadata.iter_rows(min_row=2)]
    assert any(c.value == evil_formula and c.data_type == "s" for c in values)
    # The strongest check: not one formula element anywhere in the file.
    with zipfile.ZipFile(scanned[1]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode(), name


def test_file_paths_link_to_the_scanned_files(
    workbook: openpyxl.Workbook, scanned: tuple[ScanResult, Path]
) -> None:
    report_dir = scanned[1].parent
    sheet = workbook["Findings"]
    location, path = column_of(sheet, "Location"), column_of(sheet, "path")
    for row in sheet.iter_rows(min_row=2):
        cell, file = row[location - 1], row[path - 1].value
        assert cell.value.startswith(f"{file}:"), cell.value  # file:line:column
        assert cell.hyperlink is not None, cell.value
        target = cell.hyperlink.target
        assert target == f"../site/{file}"  # relative, forward slashes: portable
        assert (report_dir / target).is_file()


def test_only_http_urls_become_links(workbook: openpyxl.Workbook) -> None:
    matches = workbook["Matches"]
    url_col = column_of(matches, "source_url")
    links = {row[url_col - 1].value: row[url_col - 1].hyperlink
             for row in matches.iter_rows(min_row=2)}
    assert links["https://www.bloomberg.com/turkey-s400"].target == (
        "https://www.bloomberg.com/turkey-s400"
    )
    assert links["javascript:alert(1)"] is None
    documents = workbook["Documents"]
    canon = column_of(documents, "canonical_url")
    for row in documents.iter_rows(min_row=2):
        cell = row[canon - 1]
        if cell.value == "javascript:alert(1)":
            assert cell.hyperlink is None


def test_severity_and_verdict_are_colour_coded(workbook: openpyxl.Workbook) -> None:
    def rules(sheet, header):
        letter = get_column_letter(column_of(sheet, header))
        found = []
        for cf_range, cf_rules in workbook[sheet.title].conditional_formatting._cf_rules.items():
            if str(cf_range.sqref).startswith(letter + "2"):
                found.extend(rule.formula[0] for rule in cf_rules)
        return found

    assert set(rules(workbook["Findings"], "Severity")) == {
        '"high"', '"medium"', '"low"', '"info"'}
    assert set(rules(workbook["Matches"], "verdict")) == {'"violation"', '"review"', '"ok"'}


def test_long_text_wraps_and_columns_have_widths(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Findings"]
    message = get_column_letter(column_of(sheet, "Problem"))
    assert sheet.column_dimensions[message].width >= 50
    assert sheet[f"{message}2"].alignment.wrap_text
    path = get_column_letter(column_of(sheet, "Location"))
    assert 10 <= sheet.column_dimensions[path].width <= 50


def test_matches_sheet_puts_the_two_excerpts_side_by_side(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Matches"]
    assert column_of(sheet, "source_excerpt") == column_of(sheet, "excerpt") + 1
    for header in ("similarity", "evidence", "attributed", "linked", "verdict_reason"):
        column_of(sheet, header)


def test_scanned_script_is_plain_text_in_the_workbook(
    workbook: openpyxl.Workbook, evil_script: str
) -> None:
    sheet = workbook["Documents"]
    title = column_of(sheet, "title")
    assert evil_script in [row[title - 1].value for row in sheet.iter_rows(min_row=2)]


def test_oversized_cell_is_cut_not_broken(
    tmp_path: Path, sample_documents: Callable[[], list[DocumentResult]]
) -> None:
    huge = "word " * 10_000  # 50,000 characters
    documents = sample_documents()
    documents[0].findings.append(
        Finding("posts/turkey.html", "reuse.long", "reuse", Severity.low, huge,
                Span(5, 6, 1, 6, 1, 7), excerpt=huge, fingerprint="ab:1"))
    result = ScanResult.from_documents(documents, roots=[tmp_path])
    sheet = openpyxl.load_workbook(result.write(tmp_path / "big.xlsx"))["Findings"]
    message = column_of(sheet, "Problem")
    longest = max((row[message - 1].value or "" for row in sheet.iter_rows(min_row=2)), key=len)
    assert len(longest) <= 32_767
    assert re.search(r"\[cut: 50000 characters in all\]$", longest)


def test_empty_scan_has_headers_and_filters(tmp_path: Path) -> None:
    result = ScanResult.from_documents([], roots=[tmp_path])
    book = openpyxl.load_workbook(result.write(tmp_path / "empty.xlsx"))
    assert book.sheetnames == SHEETS
    assert [c.value for c in book["Errors"][1]] == tables.COLUMNS["errors"]
    assert book["Errors"].auto_filter.ref == "A1:F2"


def test_failure_mid_workbook_keeps_the_old_one(
    scanned: tuple[ScanResult, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    result, path = scanned
    before = path.read_bytes()
    real = xlsx._table_sheet

    def failing(workbook, styles, name, *args):
        if name == "Terms":
            raise RuntimeError("interrupted")
        return real(workbook, styles, name, *args)

    monkeypatch.setattr(xlsx, "_table_sheet", failing)
    with pytest.raises(RuntimeError):
        result.write(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["audit.xlsx"]


def test_unreadable_document_is_on_the_errors_sheet(tmp_path: Path) -> None:
    row = DocumentRow("big.html", "html", 10**9, "", DocStatus.too_large, "larger than 20 MB")
    result = ScanResult.from_documents([DocumentResult(row)], roots=[tmp_path])
    sheet = openpyxl.load_workbook(result.write(tmp_path / "e.xlsx"))["Errors"]
    assert [c.value for c in sheet[2]][:4] == ["big.html", "html", "too_large",
                                               "larger than 20 MB"]


def test_workbook_is_dated_by_its_scan_so_a_rerender_is_identical(
    tmp_path: Path, sample_result: Callable[[Path], ScanResult]
) -> None:
    result = sample_result(tmp_path / "site")
    result.scan["finished"] = "2024-03-05T06:07:08Z"
    first = result.write(tmp_path / "one" / "audit.xlsx").read_bytes()
    second = result.write(tmp_path / "two" / "audit.xlsx").read_bytes()
    assert first == second
    properties = openpyxl.load_workbook(tmp_path / "one" / "audit.xlsx").properties
    assert properties.created == datetime(2024, 3, 5, 6, 7, 8)
    assert properties.title == "licscan audit"


def test_a_warning_is_on_the_errors_sheet_without_a_link(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()  # a real folder: it still gets no link
    warning = ScanWarning("drafts", "no files to scan: check --include/--exclude and .gitignore")
    result = ScanResult.from_documents([], roots=[tmp_path]).with_warnings([warning])
    book = openpyxl.load_workbook(result.write(tmp_path / "w.xlsx"))
    cells = book["Errors"][2]
    assert [c.value for c in cells][:4] == ["drafts", None, "warning", warning.message]
    assert cells[0].hyperlink is None
    counts = summary_section(book["Summary"], "Counts")
    assert (counts["Documents not read"][0], counts["Warnings"][0]) == (0, 1)
