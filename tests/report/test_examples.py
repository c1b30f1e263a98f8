"""Every report of a real scan of the bundled example site agrees with the scan's own tables."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import openpyxl
import pandas as pd
import pytest

import licscan
from licscan.report import tables
from licscan.result import ScanResult
from tests.conftest import REPO

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def result() -> ScanResult:
    return licscan.scan([EXAMPLES], sources=[EXAMPLES / "site"], cache=False)


def test_every_example_file_is_a_document(result: ScanResult) -> None:
    """Every file but the hidden ones (a site's .well-known files, read by the site audit);
    the feeds, the export and the archive as their items (``file#item``), their records and
    items left out counted on a ``skipped`` row of the file."""
    on_disk = {p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*")
               if p.is_file() and ".well-known" not in p.parts}
    documents = result.documents
    assert {path.split("#")[0] for path in documents["path"]} == on_disk
    left_out = documents[documents["status"] != "ok"]
    assert left_out[["path", "status"]].values.tolist() == [
        ["site/archive/quayside-crawl.warc.gz", "skipped"],
        ["site/exports/courier-wordpress.xml", "skipped"],
    ]
    assert left_out["reason"].str.startswith("items not read (").all()
    assert result.errors["path"].tolist() == left_out["path"].tolist()


def test_example_scan_has_rows_in_every_content_table(result: ScanResult) -> None:
    for table in ("notices", "terms", "metadata", "matches", "findings"):
        assert len(getattr(result, table)) > 0, table
    assert (result.matches["verdict"] == "violation").any()


def test_workbook_summary_agrees_with_the_tables(result: ScanResult, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(result.write(tmp_path / "audit.xlsx"))
    rows = list(book["Summary"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Counts") + 2
    counts = {row[0]: row[1] for row in rows[start:start + 8]}
    assert counts["Documents"] == len(result.documents)
    assert counts["Notices"] == len(result.notices)
    assert counts["Terms"] == len(result.terms)
    assert counts["Matches"] == len(result.matches)
    assert counts["Findings"] == len(result.findings)
    for name, table in (("Findings", "findings"), ("Notices", "notices")):
        assert book[name].max_row == len(getattr(result, table)) + 1


def test_html_shows_the_reused_passage_highlighted(result: ScanResult, tmp_path: Path) -> None:
    tree = lxml.html.parse(str(result.write(tmp_path / "report.html"))).getroot()
    assert len(tree.xpath("//script")) == 1
    cards = tree.find_class("match")
    assert len(cards) == len(result.matches)
    assert all(card.xpath(".//blockquote[@class='candidate']/mark") for card in cards)
    assert all(card.xpath(".//blockquote[@class='source']/mark") for card in cards)


def test_saved_results_read_back_identical(result: ScanResult, tmp_path: Path) -> None:
    for name in ("scan.json", "scan.parquet"):
        again = ScanResult.read(result.write(tmp_path / name))
        for table in tables.TABLE_NAMES:
            pd.testing.assert_frame_equal(getattr(again, table), getattr(result, table))
