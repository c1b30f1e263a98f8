"""EPUB: each XHTML part of the spine read as an HTML page, the parts joined into one document
whose locations name the part ("text/chapter2.xhtml, line 40": the line in that file), and the
package metadata (``dc:rights``, ``dc:publisher``, ``dc:creator`` …) as items of source ``opf``.

The joined source is the parts' sources one after the other, each starting on a line of its
own, so a span's line inside its part is the line in the part's file.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote
from zipfile import ZipFile

from lxml import etree

from licscan.load.archive import (
    joined_text,
    member_bytes,
    open_archive,
    qualified_name,
    required_xml,
)
from licscan.load.encoding import decode
from licscan.load.errors import LoadError
from licscan.load.html import read_html
from licscan.load.loader import Parsed
from licscan.model import DocStatus, DocType, LoadedDocument, MetaItem
from licscan.textmap import Locations, OffsetMap

KIND = "EPUB"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC_PREFIXES = {"http://purl.org/dc/elements/1.1/": "dc"}
_PAGES = frozenset({"application/xhtml+xml", "text/html"})
SOURCE_BREAK = "\n"  # between two parts' sources: each part starts on a line of its own
TEXT_BREAK = "\n\n"  # between two parts' texts: a paragraph break


def read_epub(data: bytes, path: Path, relpath: str) -> Parsed:
    """The document of an EPUB: its spine's pages, joined."""
    with open_archive(data, KIND) as archive:
        package_path = _package_path(archive)
        package = required_xml(archive, package_path, KIND)
        folder = posixpath.dirname(package_path)
        pages = [(href, member_bytes(archive, posixpath.join(folder, unquote(href)), KIND))
                 for href in _spine(package)]  # fmt: skip
    warnings: list[str] = []
    parts = [(href, part) for href, content in pages
             if (part := _page(href, content, path, relpath, warnings)) is not None]  # fmt: skip
    if not parts:
        raise LoadError(DocStatus.empty, "an EPUB without a page of text")
    document = joined(parts, path, relpath)
    metadata = package.find(f"{_OPF}metadata")
    document.meta[:0] = _package_items(metadata, package_path)
    document.title = _first(metadata, "title")
    document.lang = _first(metadata, "language")
    document.warnings.extend(warnings)
    return Parsed(document)


def joined(parts: list[tuple[str, LoadedDocument]], path: Path, relpath: str) -> LoadedDocument:
    """One document of several, each part's location named by its label."""
    first = parts[0][1]
    document = LoadedDocument(path, relpath, DocType.epub, "", "", OffsetMap(), encoding="")
    document.locations = Locations()
    sources, texts = [], []
    src_base = text_base = 0
    for label, part in parts:
        if sources:
            _add_segment(document.offsets, text_base, src_base, len(SOURCE_BREAK), linear=False)
            sources.append(SOURCE_BREAK)
            texts.append(TEXT_BREAK)
            src_base, text_base = src_base + len(SOURCE_BREAK), text_base + len(TEXT_BREAK)
        document.locations.add(src_base, label)
        _append_map(document.offsets, part, text_base, src_base)
        _append_rows(document, part, text_base, src_base)
        sources.append(part.source)
        texts.append(part.text)
        src_base, text_base = src_base + len(part.source), text_base + len(part.text)
    document.source, document.text = "".join(sources), "".join(texts)
    document.offsets.text_length = len(document.text)
    document.canonical_url = first.canonical_url
    return document


def _package_path(archive: ZipFile) -> str:
    container = required_xml(archive, "META-INF/container.xml", KIND)
    for rootfile in container.iter(f"{_CONTAINER}rootfile"):
        if rootfile.get("full-path"):
            return rootfile.get("full-path", "")
    raise LoadError(DocStatus.malformed, f"not a readable {KIND}: its container names no package")


def _spine(package: etree._Element) -> list[str]:
    """The hrefs of the spine's pages, in reading order."""
    manifest = {item.get("id"): item for item in package.iter(f"{_OPF}item")}
    hrefs = []
    for itemref in package.iter(f"{_OPF}itemref"):
        item = manifest.get(itemref.get("idref"))
        if item is not None and item.get("media-type") in _PAGES and item.get("href"):
            hrefs.append(item.get("href", ""))
    return hrefs


def _page(href: str, content: bytes | None, path: Path, relpath: str,
          warnings: list[str]) -> LoadedDocument | None:  # fmt: skip
    """The document of one page; None (and a warning when something is wrong) when it holds
    no text."""
    if content is None:
        warnings.append(f"{href}: missing from the archive")
        return None
    try:
        text = decode(content, html=True).text
    except LoadError as error:
        warnings.append(f"{href}: {error.reason}")
        return None
    document, failure = read_html(text, path, relpath)
    if failure:
        warnings.append(f"{href}: {failure}")
    return None if failure is not None else document


def _package_items(metadata: etree._Element | None, package_path: str) -> list[MetaItem]:
    """The package's Dublin Core entries (``dc.rights``, ``dc.creator`` …)."""
    if metadata is None:
        return []
    location = f"package metadata ({package_path})"
    return [MetaItem("opf", qualified_name(child.tag, _DC_PREFIXES), value, location=location)
            for child in metadata
            if isinstance(child.tag, str) and child.tag.startswith("{http://purl.org/dc/")
            and (value := joined_text(child))]  # fmt: skip


def _first(metadata: etree._Element | None, name: str) -> str:
    found = None if metadata is None else metadata.find(f"{{http://purl.org/dc/elements/1.1/}}{name}")
    return "" if found is None else joined_text(found)


def _add_segment(offsets: OffsetMap, text_start: int, src_start: int, src_length: int,
                 linear: bool) -> None:  # fmt: skip
    offsets.text_starts.append(text_start)
    offsets.src_starts.append(src_start)
    offsets.src_lengths.append(src_length)
    offsets.linear.append(linear)


def _append_map(offsets: OffsetMap, part: LoadedDocument, text_base: int, src_base: int) -> None:
    """Add a part's map, moved to where the part is in the joined text and source."""
    own = part.offsets
    if not own.text_starts:  # the identity: one verbatim run
        _add_segment(offsets, text_base, src_base, len(part.text), linear=True)
        return
    offsets.text_starts.extend(start + text_base for start in own.text_starts)
    offsets.src_starts.extend(start + src_base for start in own.src_starts)
    offsets.src_lengths.extend(own.src_lengths)
    offsets.linear.extend(own.linear)


def _append_rows(document: LoadedDocument, part: LoadedDocument, text_base: int,
                 src_base: int) -> None:  # fmt: skip
    """Add a part's links, metadata and text ranges, moved like its map."""

    def moved(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(start + text_base, end + text_base) for start, end in ranges]

    for link in part.links:
        visible = link.text_start >= 0
        document.links.append(replace(
            link, src_start=link.src_start + src_base, src_end=link.src_end + src_base,
            text_start=link.text_start + text_base if visible else -1,
            text_end=link.text_end + text_base if visible else -1,
        ))  # fmt: skip
    document.meta.extend(replace(item, src_start=item.src_start + src_base,
                                 src_end=item.src_end + src_base) for item in part.meta)
    document.comments.extend((start + src_base, end + src_base, body)
                             for start, end, body in part.comments)  # fmt: skip
    document.quoted.extend(moved(part.quoted))
    document.boilerplate.extend(moved(part.boilerplate))
    document.captions.extend(moved(part.captions))
    document.caption_credits.extend(moved(part.caption_credits))
    document.warnings.extend(part.warnings)
