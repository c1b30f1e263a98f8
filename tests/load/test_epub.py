"""EPUB: the spine's XHTML pages read as HTML and joined, each location naming its page and
line; the package's rights, publisher and creator as metadata; broken files with a reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import licscan
from licscan.load import LoadError
from licscan.model import DocStatus, DocType, LoadedDocument
from licscan.result import ScanResult
from tests import formats

BOOK = "site/books/estuary-walks.epub"


@pytest.fixture(scope="module")
def book(binary_documents: Path) -> ScanResult:
    return licscan.scan([binary_documents / BOOK], cache=False)


def test_pages_are_joined_in_spine_order_and_map_back_to_their_source(
    binary_documents: Path, load_path: Callable[[Path], LoadedDocument]
) -> None:
    document = load_path(binary_documents / BOOK)
    assert document.doc_type is DocType.epub
    assert (document.title, document.lang) == ("Estuary walks", "en")
    text = document.text
    assert text.index("The cannery path") < text.index("The quarry loop") < text.index("© 2025")
    start = text.index("Harbourlight Press")
    span = document.text_span(start, start + len("Harbourlight Press"))
    assert document.source[span.start:span.end] == "Harbourlight Press"
    # each page: line 1 the XML declaration, 2 <html>, 3 <head>, 4 <body>, then the body's lines
    assert span.location == "text/rights.xhtml, line 5"
    start = text.index("Start at the harbour")
    assert document.text_span(start, start + 5).location == "text/walk1.xhtml, line 6"


def test_notices_terms_and_credits_with_their_pages(book: ScanResult) -> None:
    notices = book.notices[["location", "notice_type", "origin"]].values.tolist()
    assert notices == [
        ["package metadata (OEBPS/content.opf)", "copyright", "opf"],
        ["text/walk1.xhtml, line 7", "photo_credit", "text"],
        ["text/rights.xhtml, line 5", "copyright", "text"],
    ]
    terms = book.terms[book.terms["origin"] == "text"][["location", "term_type"]].values.tolist()
    assert terms == [["text/rights.xhtml, line 5", "all_rights_reserved"],
                     ["text/rights.xhtml, line 6", "permission_required"]]  # fmt: skip


def test_package_metadata_rows(book: ScanResult) -> None:
    rows = book.metadata[["source", "name", "value"]].values.tolist()
    assert sorted(rows) == [
        ["opf", "dc.creator", "Mara Quill"],
        ["opf", "dc.publisher", "Harbourlight Press"],
        ["opf", "dc.rights", formats.BOOK_NOTICE],
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not a zip", "not a readable EPUB (not a zip archive"),
        (formats.without_member(formats.booklet_epub(), "META-INF/container.xml"),
         "not a readable EPUB: no META-INF/container.xml inside"),
    ],
)  # fmt: skip
def test_a_broken_epub_is_a_malformed_row(
    tmp_path: Path, data: bytes, reason: str, load_path: Callable[[Path], LoadedDocument]
) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    with pytest.raises(LoadError) as raised:
        load_path(path)
    assert raised.value.status is DocStatus.malformed
    assert raised.value.reason.startswith(reason)


def test_a_missing_page_is_a_warning_not_a_failure(
    tmp_path: Path, load_path: Callable[[Path], LoadedDocument]
) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(formats.without_member(formats.booklet_epub(), "OEBPS/text/walk2.xhtml"))
    document = load_path(path)
    assert document.warnings == ["text/walk2.xhtml: missing from the archive"]
    assert "The quarry loop" not in document.text
