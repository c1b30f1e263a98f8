"""Word and OpenDocument text: body, headers, footers and notes with their locations, the
document's properties as metadata, comments left out; broken files as rows with a reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import licscan
from licscan.load import LoadError
from licscan.model import DocStatus, DocType, LoadedDocument
from licscan.result import ScanResult
from tests import formats

MEMO = "site/newsroom/ferry-timetable-memo.docx"
GUIDE = "site/gallery/volunteer-guide.odt"


@pytest.fixture(scope="module")
def scanned(binary_documents: Path) -> ScanResult:
    return licscan.scan([binary_documents / "site"], cache=False)


def _rows(frame: pd.DataFrame, path: str, columns: list[str]) -> list[list]:
    return frame.loc[frame["path"] == path, columns].values.tolist()


def test_word_body_header_footer_and_footnote_are_read_without_comments(
    binary_documents: Path, load_path: Callable[[Path], LoadedDocument]
) -> None:
    document = load_path(binary_documents / MEMO)
    assert document.doc_type is DocType.docx
    assert document.title == "Ferry timetable changes for the winter season"
    for shown in ("Example News Co. - internal memo", formats.MEMO_FOOTNOTE, formats.MEMO_NOTICE):
        assert shown in document.text
    assert "Comment Holder" not in document.text
    start = document.text.index("From November")
    assert document.text_span(start, start + 4).location == "paragraph 2"


def test_word_notices_say_which_part_they_are_in(scanned: ScanResult) -> None:
    rows = _rows(scanned.notices, "newsroom/ferry-timetable-memo.docx", ["location", "holders"])
    assert [[location, list(holders)] for location, holders in rows] == [
        ["footnote 1, line 1", ["Port Selwyn Ferries Ltd."]],
        ["footer, line 1", ["Example News Co."]],
    ]
    terms = _rows(scanned.terms, "newsroom/ferry-timetable-memo.docx", ["location", "term_type"])
    assert terms == [["footer, line 1", "all_rights_reserved"]]
    metadata = _rows(scanned.metadata, "newsroom/ferry-timetable-memo.docx",
                     ["location", "source", "name", "value"])  # fmt: skip
    assert metadata == [["document properties", "properties", "dc.creator", "Tomasz Wren"]]


def test_opendocument_footer_footnote_and_copyright_field(scanned: ScanResult) -> None:
    rows = _rows(scanned.notices, "gallery/volunteer-guide.odt", ["location", "holders", "origin"])
    assert [[location, list(holders), origin] for location, holders, origin in rows] == [
        ["document properties", ["Fernwood Volunteers Association"], "properties"],
        ["footnote 1, line 1", ["Example Mapping Ltd."], "text"],
        ["footer, line 1", ["Fernwood Volunteers Association"], "text"],
    ]
    assert _load_type(scanned, "gallery/volunteer-guide.odt") == "odt"


def _load_type(result: ScanResult, path: str) -> str:
    return result.documents.set_index("path").loc[path, "type"]


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("memo.docx", lambda: b"PK\x03\x04 not really", "not a readable Word document"),
        ("memo.docx", lambda: formats.without_member(formats.memo_docx(), "word/document.xml"),
         "not a readable Word document: no word/document.xml inside"),
        ("guide.odt", lambda: formats.guide_odt()[:300], "not a readable OpenDocument text"),
    ],
)  # fmt: skip
def test_a_broken_file_is_a_malformed_row(
    tmp_path: Path,
    name: str,
    make: Callable[[], bytes],
    reason: str,
    load_path: Callable[[Path], LoadedDocument],
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(LoadError) as raised:
        load_path(path)
    assert raised.value.status is DocStatus.malformed
    assert raised.value.reason.startswith(reason)
