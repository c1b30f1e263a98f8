"""Loading documents: a file (or a string) becomes a :class:`~licscan.model.LoadedDocument`.

:func:`load_document` reads a file chosen by discovery — gzip transparently, encoding
detected — with the loader :mod:`licscan.load.registry` gives its name, and raises
:class:`LoadError` with a status (``binary``, ``empty``, ``too_large``, ``undecodable``,
``unreadable``, ``malformed``, …) when it is not a usable document; it never raises anything
else.  :func:`load_text` builds a document from a string.

Offsets in a document are code points into :attr:`LoadedDocument.source`, which is the file
decoded exactly as ``open(path, encoding=document.encoding, newline="")`` reads it (for a
``.gz`` file: the decompressed bytes decoded the same way).  A binary format (PDF, Word,
OpenDocument, EPUB) has no such text: its loader builds the source from the file's parts and
:attr:`LoadedDocument.locations` says where each part is in the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.load.errors import LoadError
from licscan.model import DocStatus, DocType, FileEntry, LoadedDocument

if TYPE_CHECKING:
    from licscan.load.loader import Loader

__all__ = ["LoadError", "load_document", "load_text"]


def load_document(entry: FileEntry, max_size: int) -> LoadedDocument:
    """Read and parse one file; raise :class:`LoadError` when it cannot be a document."""
    if entry.status is not DocStatus.ok:
        raise LoadError(entry.status, entry.reason)
    try:
        return _load_member(entry, max_size) if entry.member else _load_file(entry, max_size)
    except LoadError:
        raise
    except (MemoryError, RecursionError) as error:
        raise LoadError(DocStatus.error, f"too complex to load: {type(error).__name__}") from error
    except Exception as error:  # a loader bug on one file must not stop the scan
        raise LoadError(
            DocStatus.error, f"loader failed: {type(error).__name__}: {error}"
        ) from error


def load_text(
    text: str, relpath: str = "doc.txt", doc_type: DocType | str = DocType.text
) -> LoadedDocument:
    """A document from a string, read as ``doc_type`` (one of the text loaders' types:
    "html", "markdown" or "text").

    Never raises for the content: what the parser could not read is in ``warnings``.
    """
    from licscan.load.registry import text_loader

    document, _ = text_loader(doc_type).read(text, Path(relpath), relpath)
    document.size = len(text.encode("utf-8", "surrogatepass"))
    return document


def _load_file(entry: FileEntry, max_size: int) -> LoadedDocument:
    from licscan.load.encoding import decode
    from licscan.load.reading import read_file
    from licscan.load.registry import loader_for_content, loader_for_name
    from licscan.load.sniff import SNIFF_BYTES, binary_reason

    loader = loader_for_name(entry.path.name)
    if loader is not None and not loader.whole_file:
        return _load_in_part(entry, loader, max_size)
    raw = read_file(entry.path, max_size)
    if not raw.data:
        raise LoadError(DocStatus.empty, "decompresses to 0 bytes" if raw.compressed else "0 bytes")
    if loader is not None and loader.binary:
        document, failure = loader.read(raw.data, entry.path, entry.relpath)
        _raise_for(failure, document.encoding)
    else:
        reason = binary_reason(raw.data[:SNIFF_BYTES])
        if reason:
            raise LoadError(DocStatus.binary, reason)
        # a file without a known suffix may be a page that names its encoding
        decoded = decode(raw.data, html=loader is None or loader.declares_charset)
        if not decoded.text.strip():
            raise LoadError(DocStatus.empty, "only whitespace", encoding=decoded.encoding)
        loader = loader or loader_for_content(raw.data)
        document, failure = loader.read(decoded.text, entry.path, entry.relpath)
        _raise_for(failure, decoded.encoding)
        document.encoding = decoded.encoding
        document.warnings[:0] = decoded.warnings
    document.size = raw.size
    document.compressed = raw.compressed
    return document


def _load_member(entry: FileEntry, max_size: int) -> LoadedDocument:
    """An item of a container file (a feed's item, a web archive's record), read alone."""
    from licscan.load.registry import container_for_name

    container = container_for_name(entry.path.name)
    if container is None:
        raise LoadError(DocStatus.error, f"no reader of items of {entry.path.name}")
    return container.read(entry.path, entry.relpath, entry.member, max_size)


def _load_in_part(entry: FileEntry, loader: Loader, max_size: int) -> LoadedDocument:
    """A file read by a loader that reads only what it needs (an image's metadata) from the open
    file, whatever its size; a gzip-compressed one is decompressed within the size limit."""
    from licscan.load.reading import GZIP_MAGIC, open_file, read_file

    with open_file(entry.path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if not size:
            raise LoadError(DocStatus.empty, "0 bytes")
        compressed = handle.read(2) == GZIP_MAGIC
        handle.seek(0)
        content = read_file(entry.path, max_size).data if compressed else handle
        document, failure = loader.read(content, entry.path, entry.relpath)
    _raise_for(failure, document.encoding)
    document.size = size
    document.compressed = compressed
    return document


def _raise_for(failure: str | None, encoding: str) -> None:
    """The LoadError of a loader's failure: malformed, or empty when there is only markup."""
    if failure is not None:
        status = DocStatus.malformed if failure else DocStatus.empty
        raise LoadError(status, failure or "no content besides markup", encoding=encoding)
