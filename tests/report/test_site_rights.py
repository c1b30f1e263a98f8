"""The "Site rights" view: the HTML section with a crawlers × signals grid per site, the XLSX
sheet and Summary table, the terminal line."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import openpyxl
import pytest
from rich.console import Console

import licscan
from licscan.report.site_rights import site_rights
from licscan.report.summary import print_summary
from licscan.result import ScanResult
from tests.conftest import REPO


@pytest.fixture(scope="module")
def result() -> ScanResult:
    return licscan.scan([REPO / "examples" / "site"], cache=False)


def test_sites_with_something_to_say_come_first(result: ScanResult) -> None:
    views = site_rights(result)
    assert views[0].site == "quayside/"
    # the research page's robots meta and prose; the Courier's archived X-Robots-Tag and
    # tdm-reservation headers
    assert [(v.site, v.reserving, v.prose) for v in views[1:]] == [
        ("https://research.example.org/", 2, 1), ("https://courier.quayside.example.net/", 2, 0)]
    assert len(views[0].findings) == 11
    # 2 TDMRep rules, 2 robots groups (GPTBot, CCBot), 2 noai pages; the letters and the policy
    assert (views[0].reserving, views[0].prose) == (6, 2)


def test_the_grid_has_a_row_per_crawler_and_a_column_per_signal(result: ScanResult) -> None:
    rows = {agent: cells for agent, _, cells in site_rights(result)[0].rows}
    # robots.txt, ai.txt, TDMRep file, HTTP headers, meta tags, prose
    assert rows["CCBot"] == ["disallow", "", "reserved (2)", "", "reserved (2)", "reserved (2)"]
    assert rows["GPTBot"][0].startswith("partial /photos/net-menders.html")
    assert rows["Google-Extended"][0] == "allow"
    assert rows["*"][0] == "allow"


def test_html_report_has_the_site_rights_section(result: ScanResult, tmp_path: Path) -> None:
    tree = lxml.html.parse(str(result.write(tmp_path / "report.html"))).getroot()
    (section,) = tree.xpath("//section[@id='site-rights']")
    headings = [h.text_content() for h in section.xpath(".//h3")]
    assert headings[0].startswith("quayside/ (6 machine-readable reservation(s), 2 in prose)")
    grid = section.xpath(".//table[contains(@class, 'grid')]")[0]
    header = [th.text_content() for th in grid.xpath("./thead//th")]
    assert header == ["Crawler", "robots.txt", "ai.txt", "TDMRep file", "HTTP headers",
                      "meta tags", "prose"]
    assert "site.stale-year" in section.text_content()
    assert tree.xpath("//nav//a[@href='#site-rights']")


def test_workbook_has_a_reservations_sheet_and_a_summary_table(
    result: ScanResult, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(result.write(tmp_path / "audit.xlsx"))
    assert book["Reservations"].max_row == len(result.reservations) + 1
    rows = list(book["Summary"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Site rights") + 2
    assert rows[start][:4] == ("quayside/", 6, 2, 11)


def test_the_terminal_summary_has_a_site_rights_line(result: ScanResult) -> None:
    console = Console(record=True, width=200)
    print_summary(result, "high", console)
    assert ("Site rights: 3 site(s) · 10 machine-readable reservation(s) · 3 in prose · "
            "11 site finding(s)") in console.export_text()
