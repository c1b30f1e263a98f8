"""The site audit on real pages of many sites (../shared/corpus/web-eval): every licence link
they hold is in the reservations table, and no reservation finding is made on them (they hold
no site files, no TDMRep or noai tag, and no reservation in words)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

import licscan
from licscan.result import ScanResult

SAMPLE = 150  # pages, in name order: the whole corpus takes a minute on one core
LICENSE_LINK = re.compile(r"<(?:a|link|area)\b[^>]*\brel\s*=\s*[\"']?[^\"'>]*\blicen[cs]e\b", re.I)


@pytest.fixture(scope="module")
def pages(shared_dir: Path) -> list[Path]:
    found = sorted((shared_dir / "corpus" / "web-eval" / "html").glob("*.html.gz"))
    if not found:
        pytest.skip("web-eval pages missing")
    return found[:SAMPLE]


@pytest.fixture(scope="module")
def result(pages: list[Path]) -> ScanResult:
    return licscan.scan(pages, cache=False)


def test_no_reservation_finding_on_pages_without_any_reservation(result: ScanResult) -> None:
    assert not result.findings["rule_id"].str.startswith("reservation.").any()
    assert not result.reservations["reserves"].any()


def test_every_page_with_a_licence_link_has_a_licence_row(
    pages: list[Path], result: ScanResult
) -> None:
    linked = {page.name for page in pages
              if LICENSE_LINK.search(gzip.decompress(page.read_bytes()).decode("utf-8", "replace"))}
    rows = result.reservations[result.reservations["signal"] == "license"]
    assert linked  # the sample holds some
    assert {Path(path).name for path in rows.loc[rows["text"] == "link", "path"]} == linked


def test_pages_of_many_hosts_are_not_compared_as_one_site(result: ScanResult) -> None:
    found = set(result.findings.loc[result.findings["kind"] == "site", "rule_id"])
    assert found <= {"site.stale-year"}  # a page's own notice against its own date only
