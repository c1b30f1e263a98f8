"""PDF: the text layer page by page, every location naming its page; document info and XMP
rights metadata; scanned, encrypted and broken files as rows with their reason."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import licscan
from licscan.load import LoadError
from licscan.model import DocStatus, DocType, LoadedDocument
from licscan.result import ScanResult
from tests import formats

REPORT = "site/reports/harbour-water-quality.pdf"


@pytest.fixture(scope="module")
def report(binary_documents: Path) -> ScanResult:
    return licscan.scan([binary_documents / REPORT], cache=False)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_the_text_layer_is_read_page_by_page(
    binary_documents: Path, load_path: Callable[[Path], LoadedDocument]
) -> None:
    document = load_path(binary_documents / REPORT)
    assert document.doc_type is DocType.pdf
    assert document.title == "Harbour water quality 2025"
    assert formats.REPORT_NOTICE in document.text
    start = document.text.index("About this report")
    assert document.text_span(start, start + 5).location == "page 3, line 1"
    start = document.text.index("Water samples")
    assert document.text_span(start, start + 5).location == "page 1, line 2"


def test_notice_terms_and_credit_carry_their_page(report: ScanResult) -> None:
    notices = report.notices.set_index("notice_type")
    # page 3: the heading "About this report" on line 1, the notice on line 2
    copyright_row = notices.loc[notices["origin"] == "text"].loc["copyright"]
    assert copyright_row["location"] == "page 3, line 2"
    assert list(copyright_row["holders"]) == ["Selwyn Estuary Trust"]
    credit = notices.loc["photo_credit"]
    assert credit["location"].startswith("page 2, line ")
    assert "Mara Quill" in list(credit["holders"])
    terms = report.terms[report.terms["origin"] == "text"]
    assert terms[["term_type", "location"]].values.tolist() == [
        ["excerpt_with_credit", "page 3, line 2"]]  # fmt: skip
    assert terms.iloc[0]["credit_required"]


def test_document_info_and_xmp_become_metadata_rows(report: ScanResult) -> None:
    rows = report.metadata[["location", "source", "name", "value"]].values.tolist()
    assert ["XMP metadata", "xmp", "dc.rights", formats.REPORT_XMP_RIGHTS] in rows
    assert ["XMP metadata", "xmp", "xmpRights.UsageTerms", formats.REPORT_USAGE_TERMS] in rows
    assert ["XMP metadata", "xmp", "xmpRights.WebStatement",
            "https://www.example.org/reuse"] in rows  # fmt: skip
    assert ["document properties", "properties", "author", "Selwyn Estuary Trust"] in rows
    from_xmp = report.notices[report.notices["origin"] == "xmp"]
    assert list(from_xmp.iloc[0]["holders"]) == ["Selwyn Estuary Trust"]
    usage = report.terms[report.terms["origin"] == "xmp"]
    assert usage["term_type"].tolist() == ["permission_required"]


def _row(result: ScanResult) -> list[str]:
    return result.documents[["type", "status", "reason"]].values.tolist()[0]


def test_a_scanned_pdf_is_a_row_saying_it_has_no_text_layer(tmp_path: Path) -> None:
    path = _write(tmp_path, "scan.pdf", formats.scanned_pdf())
    result = licscan.scan([path], cache=False)
    assert _row(result) == [
        "pdf", "no_text",
        "no text layer on its 2 pages (scanned pages?): run OCR on it to have it checked",
    ]  # fmt: skip
    assert result.findings[["rule_id", "severity"]].values.tolist() == [
        ["licscan.read-error", "high"]]  # fmt: skip


def test_an_encrypted_or_broken_pdf_is_a_row_with_its_reason(
    tmp_path: Path, load_path: Callable[[Path], LoadedDocument]
) -> None:
    locked = _write(tmp_path, "locked.pdf", formats.encrypted_pdf())
    with pytest.raises(LoadError) as raised:
        load_path(locked)
    assert raised.value.status is DocStatus.unreadable
    assert raised.value.reason == "encrypted PDF: it needs a password to be read"
    cut = _write(tmp_path, "cut.pdf", formats.report_pdf()[:400])
    result = licscan.scan([cut], cache=False)
    status, reason = _row(result)[1:]
    assert status == "malformed" and reason.startswith("not a readable PDF")


def test_without_pypdfium2_a_pdf_is_skipped_with_what_to_install(
    binary_documents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails as when not installed
    result = licscan.scan([binary_documents / REPORT], cache=False)
    assert _row(result) == [
        "pdf", "skipped", "format not read: .pdf (install licscan[formats] to read PDF)"]
    assert result.findings.empty
