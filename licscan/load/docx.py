"""Word (``.docx``): the body, headers, footers, footnotes and endnotes, and the core and
custom properties; comments and deleted revisions are left out.

The document is read as the zipped XML it is (``word/document.xml`` and its siblings).  A body
paragraph's location is its number ("paragraph 14", empty paragraphs counted, as Word shows
them with ¶ marks on, a table cell's paragraphs too); a header's or footer's is its name
("header", "footer 2"), a note's its number ("footnote 3"), with the line inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from zipfile import ZipFile

from lxml import etree

from licscan.load.archive import (
    joined_text,
    member_xml,
    open_archive,
    qualified_name,
    required_xml,
)
from licscan.load.built import PROPERTIES_LOCATION, Part, built_document
from licscan.load.errors import LoadError
from licscan.load.loader import Parsed
from licscan.model import DocStatus, DocType, MetaItem

KIND = "Word document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = f"{_W}p"
# What a paragraph's runs show, in order: text, tabs, breaks, non-breaking hyphens.
_SHOWN = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n",
          f"{_W}noBreakHyphen": "-"}  # fmt: skip
_NOT_NOTES = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_CORE_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
}
_CUSTOM_PROPERTY = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"
_NUMBERED = re.compile(r"word/(header|footer)(\d*)\.xml")


def read_docx(data: bytes, path: Path, relpath: str) -> Parsed:
    """The document of a ``.docx`` file."""
    with open_archive(data, KIND) as archive:
        body = required_xml(archive, "word/document.xml", KIND)
        headers, footers = _margins(archive, "header"), _margins(archive, "footer")
        notes = [*_notes(archive, "footnote"), *_notes(archive, "endnote")]
        meta = _core_properties(archive) + _custom_properties(archive)
    parts = [*headers, *_body(body), *notes, *footers]
    if not any(part.text.strip() for part in parts):
        raise LoadError(DocStatus.empty, "a Word document without text")
    document = built_document(parts, DocType.docx, path, relpath)
    document.meta = meta
    document.title = next((item.value for item in meta if item.name == "dc.title"), "")
    return Parsed(document)


def paragraph_text(paragraph: etree._Element) -> str:
    """What a paragraph shows: its runs' text, without that of paragraphs nested in it (a text
    box's, read on its own)."""
    pieces = []
    for element in paragraph.iter(*_SHOWN):
        if next(element.iterancestors(_PARAGRAPH), None) is not paragraph:
            continue
        shown = _SHOWN[element.tag]
        pieces.append(element.text or "" if shown is None else shown)
    return "".join(pieces)


def _body(body: etree._Element) -> Iterator[Part]:
    for number, paragraph in enumerate(body.iter(_PARAGRAPH), 1):
        text = paragraph_text(paragraph)
        if text.strip():
            yield Part(f"paragraph {number}", text, count_lines=False)


def _margins(archive: ZipFile, kind: str) -> list[Part]:
    """The headers (or footers), in the order of their file names' numbers."""
    found = sorted((int(m.group(2) or 0), name) for name in archive.namelist()
                   if (m := _NUMBERED.fullmatch(name)) and m.group(1) == kind)  # fmt: skip
    parts = []
    for position, (_, name) in enumerate(found, 1):
        root = member_xml(archive, name, KIND)
        paragraphs = () if root is None else root.iter(_PARAGRAPH)
        text = "\n".join(paragraph_text(p) for p in paragraphs)
        if text.strip():
            parts.append(Part(kind if len(found) == 1 else f"{kind} {position}", text))
    return parts


def _notes(archive: ZipFile, kind: str) -> list[Part]:
    """The footnotes (or endnotes), numbered as Word shows them."""
    root = member_xml(archive, f"word/{kind}s.xml", KIND)
    if root is None:
        return []
    parts = []
    notes = (note for note in root.iter(f"{_W}{kind}") if note.get(f"{_W}type") not in _NOT_NOTES)
    for number, note in enumerate(notes, 1):
        text = "\n".join(paragraph_text(p) for p in note.iter(_PARAGRAPH))
        if text.strip():
            parts.append(Part(f"{kind} {number}", text))
    return parts


def _core_properties(archive: ZipFile) -> list[MetaItem]:
    root = member_xml(archive, "docProps/core.xml", KIND)
    if root is None:
        return []
    return [MetaItem("properties", qualified_name(child.tag, _CORE_PREFIXES), value,
                     location=PROPERTIES_LOCATION)
            for child in root if isinstance(child.tag, str) and (value := joined_text(child))]


def _custom_properties(archive: ZipFile) -> list[MetaItem]:
    """Custom properties a publisher adds ("Copyright", "License"), by their names."""
    root = member_xml(archive, "docProps/custom.xml", KIND)
    if root is None:
        return []
    return [MetaItem("properties", prop.get("name", ""), value, location=PROPERTIES_LOCATION)
            for prop in root.iter(_CUSTOM_PROPERTY)
            if prop.get("name") and (value := joined_text(prop))]
