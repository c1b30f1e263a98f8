"""The XML parts of a zipped document (Word, OpenDocument, EPUB): opened safely, size-checked.

A member larger than :data:`MAX_MEMBER` uncompressed is refused (a zip bomb fits in a small
file); XML is parsed without entities or network access.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from licscan.load.errors import LoadError
from licscan.model import DocStatus

MAX_MEMBER = 256 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def open_archive(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip archive of a document; ``malformed`` when it is not one."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        raise LoadError(DocStatus.malformed, f"not a readable {kind} (not a zip archive: "
                                             f"{error})") from None  # fmt: skip


def member_bytes(archive: zipfile.ZipFile, name: str, kind: str) -> bytes | None:
    """The bytes of member ``name``; None when there is no such member."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_MEMBER:
        raise LoadError(DocStatus.too_large, f"{name} unpacks to {info.file_size:,} bytes")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
        raise LoadError(DocStatus.malformed, f"not a readable {kind}: {name}: {error}") from None


def member_xml(archive: zipfile.ZipFile, name: str, kind: str) -> etree._Element | None:
    """The parsed XML of member ``name``; None when there is no such member."""
    data = member_bytes(archive, name, kind)
    if data is None:
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise LoadError(DocStatus.malformed, f"not a readable {kind}: {name}: {error}") from None


def required_xml(archive: zipfile.ZipFile, name: str, kind: str) -> etree._Element:
    """The parsed XML of a member the format cannot do without; ``malformed`` when missing."""
    root = member_xml(archive, name, kind)
    if root is None:
        raise LoadError(DocStatus.malformed, f"not a readable {kind}: no {name} inside")
    return root


def qualified_name(tag: str, prefixes: dict[str, str]) -> str:
    """``dc.creator`` of ``{http://purl.org/dc/elements/1.1/}creator``."""
    namespace, _, local = tag[1:].partition("}")
    prefix = prefixes.get(namespace)
    return f"{prefix}.{local}" if prefix else local


def joined_text(element: etree._Element) -> str:
    """An element's text with its whitespace folded."""
    return " ".join("".join(element.itertext()).split())
