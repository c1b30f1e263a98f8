"""PDF: the text layer of each page (PDFium, through pypdfium2), page by page, and the rights
metadata of the document info dictionary and of its XMP packet.

Every location names the page ("page 3, line 12": the line within the page's text).  A PDF
whose pages have no text (scanned pages, never run through OCR) is a ``no_text`` row, not an
empty success; an encrypted PDF is ``unreadable`` and a broken one ``malformed``, each with
its reason.  Without pypdfium2 (``pip install licscan[formats]``) a PDF is a ``skipped`` row
saying what to install.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any  # pypdfium2's objects: the library is optional

from licscan.load.built import PROPERTIES_LOCATION, Part, built_document, number_ranges
from licscan.load.errors import LoadError, missing_library
from licscan.load.loader import Parsed
from licscan.load.xmp import xmp_items
from licscan.model import DocStatus, DocType, MetaItem

# The document info entries worth reading: the standard ones that name people or rights, and
# the custom ones publishers add for rights.
_INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Copyright", "Rights", "License")
# What PDFium leaves in extracted text that a reader never sees: soft-hyphen marks, NULs.
_INVISIBLE = str.maketrans({"\x02": None, "\ufffe": None, "\x00": None})


def read_pdf(data: bytes, path: Path, relpath: str) -> Parsed:
    """The document of a PDF's text layer; :class:`LoadError` when it has none or cannot be
    opened."""
    pdfium = _library()
    pdf = _open(pdfium, data)
    try:
        pages = [_page_text(pdf, index) for index in range(len(pdf))]
        info = _info_items(pdf)
    finally:
        pdf.close()
    if not pages:
        raise LoadError(DocStatus.empty, "a PDF without pages")
    blank = [number for number, text in enumerate(pages, 1) if not text.strip()]
    if len(blank) == len(pages):
        raise LoadError(
            DocStatus.no_text,
            f"no text layer on its {len(pages)} page{'s' * (len(pages) != 1)} (scanned pages?): "
            "run OCR on it to have it checked",
        )
    parts = (Part(f"page {number}", text) for number, text in enumerate(pages, 1))
    document = built_document(parts, DocType.pdf, path, relpath)
    document.meta = info + xmp_items(data)
    document.title = next((item.value for item in info if item.name == "title"), "")
    if blank:
        document.warnings.append(f"no text layer on page {number_ranges(blank)}")
    return Parsed(document)


def _library() -> ModuleType:
    try:
        import pypdfium2
    except ImportError:
        raise missing_library(".pdf", "PDF") from None
    return pypdfium2


def _open(pdfium: ModuleType, data: bytes) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise LoadError(
                DocStatus.unreadable, "encrypted PDF: it needs a password to be read"
            ) from None
        raise LoadError(DocStatus.malformed, f"not a readable PDF ({error})") from None


def _page_text(pdf: Any, index: int) -> str:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range().translate(_INVISIBLE)
        finally:
            textpage.close()
    finally:
        page.close()


def _info_items(pdf: Any) -> list[MetaItem]:
    """The document info entries of :data:`_INFO_KEYS` that hold a value."""
    items = []
    for key in _INFO_KEYS:
        value = " ".join(pdf.get_metadata_value(key).split())
        if value:
            items.append(MetaItem("properties", key.lower(), value, location=PROPERTIES_LOCATION))
    return items
