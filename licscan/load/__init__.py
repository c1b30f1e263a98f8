"""Loading documents: a file (or a string) becomes a :class:`~licscan.model.LoadedDocument`.

:func:`load_document` reads a file chosen by discovery — gzip transparently, encoding
detected — and raises :class:`LoadError` with a status (``binary``, ``empty``, ``too_large``,
``undecodable``, ``unreadable``, ``malformed``, …) when it is not a usable document; it never
raises anything else.  :func:`load_text` builds a document from a string.

Offsets in a document are code points into :attr:`LoadedDocument.source`, which is the file
decoded exactly as ``open(path, encoding=document.encoding, newline="")`` reads it (for a
``.gz`` file: the decompressed bytes decoded the same way).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from licscan.load.errors import LoadError
from licscan.model import DocStatus, FileEntry, Link, LoadedDocument

__all__ = ["DOC_TYPES", "LoadError", "load_document", "load_text"]

DOC_TYPES = ("html", "markdown", "text")


def load_document(entry: FileEntry, max_size: int) -> LoadedDocument:
    """Read and parse one file; raise :class:`LoadError` when it cannot be a document."""
    if entry.status is not DocStatus.ok:
        raise LoadError(entry.status, entry.reason)
    try:
        return _load_file(entry, max_size)
    except LoadError:
        raise
    except (MemoryError, RecursionError) as error:
        raise LoadError(DocStatus.error, f"too complex to load: {type(error).__name__}") from error
    except Exception as error:  # a loader bug on one file must not stop the scan
        raise LoadError(
            DocStatus.error, f"loader failed: {type(error).__name__}: {error}"
        ) from error


def load_text(text: str, relpath: str = "doc.txt", doc_type: str = "text") -> LoadedDocument:
    """A document from a string (``doc_type`` "html", "markdown" or "text").

    Never raises for the content: what the parser could not read is in ``warnings``.
    """
    if doc_type not in DOC_TYPES:
        raise ValueError(f"doc_type must be one of {', '.join(DOC_TYPES)}, not {doc_type!r}")
    document, _ = _build(text, doc_type, Path(relpath), relpath)
    document.size = len(text.encode("utf-8", "surrogatepass"))
    return document


def _load_file(entry: FileEntry, max_size: int) -> LoadedDocument:
    from licscan.discover import doc_type_for_name
    from licscan.load.encoding import decode
    from licscan.load.reading import read_file
    from licscan.load.sniff import SNIFF_BYTES, binary_reason, looks_like_html

    raw = read_file(entry.path, max_size)
    if not raw.data:
        raise LoadError(DocStatus.empty, "decompresses to 0 bytes" if raw.compressed else "0 bytes")
    reason = binary_reason(raw.data[:SNIFF_BYTES])
    if reason:
        raise LoadError(DocStatus.binary, reason)
    doc_type = doc_type_for_name(entry.path.name)
    decoded = decode(raw.data, html=doc_type in (None, "html"))
    if not decoded.text.strip():
        raise LoadError(DocStatus.empty, "only whitespace", encoding=decoded.encoding)
    if doc_type is None:
        doc_type = "html" if looks_like_html(raw.data) else "text"
    document, failure = _build(decoded.text, doc_type, entry.path, entry.relpath)
    if failure is not None:
        status = DocStatus.malformed if failure else DocStatus.empty
        raise LoadError(status, failure or "no content besides markup", encoding=decoded.encoding)
    document.encoding = decoded.encoding
    document.size = raw.size
    document.compressed = raw.compressed
    document.warnings[:0] = decoded.warnings
    return document


def _build(
    source: str, doc_type: str, path: Path, relpath: str
) -> tuple[LoadedDocument, str | None]:
    """The document, and None — or why the parser could not read it ("" when it is empty)."""
    from licscan.load.plaintext import plain_text, url_links

    if doc_type == "text":
        text, offsets = plain_text(source)
        document = LoadedDocument(path, relpath, "text", source, text, offsets)
        document.links = url_links(text, offsets)
        return document, None

    from licscan.load.html import extract_html, finish_ranges
    from licscan.load.layout import TextWriter
    from licscan.load.markdown import extract_markdown

    writer = TextWriter()
    extract = extract_html if doc_type == "html" else extract_markdown
    part = extract(source, writer)
    failure = None if part.parsed else part.failure
    text = writer.text()
    document = LoadedDocument(path, relpath, doc_type, source, text, writer.map)
    document.title = part.title
    document.lang = part.lang
    document.canonical_url = part.canonical_url
    document.links = _finish_links(part.links, text)
    if doc_type == "markdown":
        document.links = sorted(
            document.links + url_links(text, writer.map, document.links),
            key=lambda link: (link.src_start, link.text_start),
        )
    document.meta = part.meta
    document.quoted = finish_ranges(part.quoted, text)
    document.boilerplate = finish_ranges(part.boilerplate, text)
    document.comments = sorted(part.comments)
    document.warnings = list(part.warnings)
    return document, failure


def _finish_links(links: list[Link], text: str) -> list[Link]:
    """Fill in the anchor text of links whose range was known before the text was."""
    from licscan.load.html import finish_ranges

    finished = []
    for link in links:
        if link.text or link.text_start < 0:
            finished.append(link)
            continue
        ranges = finish_ranges([(link.text_start, link.text_end)], text)
        if ranges:
            start, end = ranges[0]
            finished.append(replace(link, text=text[start:end], text_start=start, text_end=end))
        else:
            finished.append(replace(link, text_start=-1, text_end=-1))
    return finished
