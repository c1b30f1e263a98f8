"""Reuse across formats: a Word draft that copies a PDF report is found and judged as a draft
page copying a source page would be, and its place is said the binary way."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import licscan
from licscan.result import ScanResult
from tests import formats

DRAFT = "drafts/estuary-roundup.docx"
JUDGED = ["verdict", "verdict_reason", "kind", "source_terms", "attributed", "linked"]


def _html_pair(folder: Path) -> tuple[Path, Path]:
    """The report and the draft as two HTML pages of the same text."""
    paragraphs = "".join(f"<p>{text}</p>\n" for text in formats.REPORT_PARAGRAPHS)
    source = folder / "site" / "report.html"
    source.parent.mkdir(parents=True)
    source.write_text(
        f"<html><body><h1>Harbour water quality 2025</h1>\n{paragraphs}"
        f"<p>{formats.REPORT_CREDIT}</p>\n<h2>About this report</h2>\n"
        f"<p>{formats.REPORT_NOTICE}</p>\n<p>{formats.REPORT_TERMS}</p></body></html>\n",
        encoding="utf-8",
    )
    copied = "".join(f"<p>{text}</p>\n" for text in formats.REPORT_PARAGRAPHS[:3])
    draft = folder / "drafts" / "roundup.html"
    draft.parent.mkdir(parents=True)
    draft.write_text(
        "<html><body><h1>Estuary roundup</h1>\n<p>A new study of the estuary has some worrying "
        f"findings.</p>\n{copied}<p>We will follow the story as the council responds.</p>"
        "</body></html>\n",
        encoding="utf-8",
    )
    return source.parent, draft


@pytest.fixture(scope="module")
def docx_from_pdf(binary_documents: Path) -> ScanResult:
    return licscan.scan([binary_documents / DRAFT],
                        sources=[binary_documents / "site" / "reports"], cache=False)  # fmt: skip


def test_the_copy_is_found_and_judged_as_between_two_pages(
    docx_from_pdf: ScanResult, tmp_path: Path
) -> None:
    sources, draft = _html_pair(tmp_path)
    pages = licscan.scan([draft], sources=[sources], cache=False)
    assert len(docx_from_pdf.matches) == len(pages.matches) == 1
    binary, html = docx_from_pdf.matches.iloc[0], pages.matches.iloc[0]
    assert [binary[c] for c in JUDGED] == [html[c] for c in JUDGED]
    assert (binary["verdict"], binary["verdict_reason"]) == ("violation", "missing_credit")
    assert binary["source_path"] == "harbour-water-quality.pdf"

    def reuse(result: ScanResult) -> list[list[str]]:
        findings = result.findings[result.findings["kind"] == "reuse"]
        return findings[["rule_id", "severity"]].values.tolist()

    assert reuse(docx_from_pdf) == reuse(pages) == [["reuse.uncredited", "high"]]


def test_the_reused_passage_is_located_by_paragraph(docx_from_pdf: ScanResult) -> None:
    # the draft: its heading is paragraph 1, the new sentence 2, the copy starts at 3
    assert docx_from_pdf.matches.iloc[0]["location"] == "paragraph 3"
    finding = docx_from_pdf.findings[docx_from_pdf.findings["kind"] == "reuse"].iloc[0]
    assert finding["location"] == "paragraph 3"


def test_check_names_the_paragraph_in_its_output_and_sarif(
    binary_documents: Path, run: Callable[..., Result]
) -> None:
    sources = str(binary_documents / "site" / "reports")
    draft = str(binary_documents / DRAFT)
    done = run("check", draft, "--sources", sources)
    assert done.exit_code == 1
    assert "estuary-roundup.docx (paragraph 3): reuse.uncredited" in done.output
    sarif = json.loads(run("check", draft, "--sources", sources, "--format", "sarif").output)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "reuse.uncredited"]
    assert result["locations"][0]["message"] == {"text": "paragraph 3"}
