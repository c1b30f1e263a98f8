"""Reports say where a row of a binary document is: the location column in the data reports,
``path (location)`` in the HTML report and the console summary."""

from __future__ import annotations

import csv
from pathlib import Path

import lxml.html
import pytest
from rich.console import Console

import licscan
from licscan.report.summary import print_summary
from licscan.result import ScanResult


@pytest.fixture(scope="module")
def result(binary_documents: Path) -> ScanResult:
    return licscan.scan([binary_documents / "drafts"], sources=[binary_documents / "site"],
                        cache=False)  # fmt: skip


def test_csv_and_html_reports_show_the_location(result: ScanResult, tmp_path: Path) -> None:
    with open(result.write(tmp_path / "findings.csv"), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    reuse = [row for row in rows if row["rule_id"] == "reuse.uncredited"]
    assert [row["location"] for row in reuse] == ["paragraph 3"]
    tree = lxml.html.parse(str(result.write(tmp_path / "report.html"))).getroot()
    cells = tree.xpath("//table[@id='findings']//td[@class='location']")
    assert "estuary-roundup.docx (paragraph 3)" in [cell.text_content() for cell in cells]


def test_the_console_summary_names_the_paragraph(result: ScanResult) -> None:
    console = Console(record=True, width=200)
    print_summary(result, "high", console)
    assert "estuary-roundup.docx (paragraph 3): reuse.uncredited [high]" in console.export_text()
