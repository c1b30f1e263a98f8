"""OpenDocument text (``.odt``): the body, the notes, the master pages' headers and footers,
and the document's metadata; annotations (comments) are left out.

Read as the zipped XML it is (``content.xml``, ``styles.xml``, ``meta.xml``), with the same
locations as Word's: "paragraph 14" (headings and empty paragraphs counted), "footnote 2",
"header", "footer".
"""

from __future__ import annotations

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

KIND = "OpenDocument text"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_PARAGRAPHS = (f"{_TEXT}p", f"{_TEXT}h")
_LEFT_OUT = frozenset({f"{_OFFICE}annotation", f"{_OFFICE}annotation-end", f"{_TEXT}note"})
_META_PREFIXES = {"http://purl.org/dc/elements/1.1/": "dc",
                  "urn:oasis:names:tc:opendocument:xmlns:meta:1.0": "meta"}  # fmt: skip


def read_odt(data: bytes, path: Path, relpath: str) -> Parsed:
    """The document of an ``.odt`` file."""
    with open_archive(data, KIND) as archive:
        content = required_xml(archive, "content.xml", KIND)
        styles = member_xml(archive, "styles.xml", KIND)
        meta = _metadata(archive)
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise LoadError(DocStatus.malformed, f"not a readable {KIND}: content.xml has no text")
    parts = [*_margin(styles, "header"), *_body(body), *_notes(body), *_margin(styles, "footer")]
    if not any(part.text.strip() for part in parts):
        raise LoadError(DocStatus.empty, f"an {KIND} without text")
    document = built_document(parts, DocType.odt, path, relpath)
    document.meta = meta
    document.title = next((item.value for item in meta if item.name == "dc.title"), "")
    return Parsed(document)


def paragraph_text(element: etree._Element) -> str:
    """What a paragraph shows: its text, spaces, tabs and line breaks; notes and annotations
    are read elsewhere or not at all."""
    pieces = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            pieces.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
        elif child.tag == f"{_TEXT}tab":
            pieces.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            pieces.append("\n")
        elif child.tag not in _LEFT_OUT:
            pieces.append(paragraph_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and headings of ``root``, not those inside notes or annotations."""
    for element in root.iter(*_PARAGRAPHS):
        if not any(a.tag in _LEFT_OUT for a in element.iterancestors()):
            yield element


def _body(body: etree._Element) -> Iterator[Part]:
    for number, paragraph in enumerate(_paragraphs(body), 1):
        text = paragraph_text(paragraph)
        if text.strip():
            yield Part(f"paragraph {number}", text, count_lines=False)


def _notes(body: etree._Element) -> Iterator[Part]:
    counts = {"footnote": 0, "endnote": 0}
    for note in body.iter(f"{_TEXT}note"):
        kind = note.get(f"{_TEXT}note-class", "footnote")
        counts[kind] = counts.get(kind, 0) + 1
        note_body = note.find(f"{_TEXT}note-body")
        if note_body is None:
            continue
        text = "\n".join(paragraph_text(p) for p in note_body.iter(*_PARAGRAPHS))
        if text.strip():
            yield Part(f"{kind} {counts[kind]}", text)


def _margin(styles: etree._Element | None, kind: str) -> list[Part]:
    """The master pages' headers (or footers)."""
    if styles is None:
        return []
    found = [margin for page in styles.iter(f"{_STYLE}master-page")
             for margin in page.iter(f"{_STYLE}{kind}")]  # fmt: skip
    parts = []
    for position, margin in enumerate(found, 1):
        text = "\n".join(paragraph_text(p) for p in margin.iter(*_PARAGRAPHS))
        if text.strip():
            parts.append(Part(kind if len(found) == 1 else f"{kind} {position}", text))
    return parts


def _metadata(archive: ZipFile) -> list[MetaItem]:
    """``meta.xml``: Dublin Core entries and user-defined fields ("Copyright") by name."""
    root = member_xml(archive, "meta.xml", KIND)
    meta = None if root is None else root.find(f"{_OFFICE}meta")
    if meta is None:
        return []
    items = []
    for child in meta:
        if not isinstance(child.tag, str) or not (value := joined_text(child)):
            continue
        name = child.get(f"{_META}name") if child.tag == f"{_META}user-defined" else None
        name = name or qualified_name(child.tag, _META_PREFIXES)
        items.append(MetaItem("properties", name, value, location=PROPERTIES_LOCATION))
    return items
