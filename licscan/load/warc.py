"""Web archives (``.warc``, ``.warc.gz``, read with warcio): each HTML ``response`` record with
a 2xx status is a document, read as an HTML page, its ``WARC-Target-URI`` its URL.

The archive is streamed, never loaded whole: listing it reads the records' headers one after
the other (warcio skips each payload as it goes), and reading a record seeks to its offset and
reads that record alone, up to the size limit.  The record's HTTP headers that state rights
become metadata of source ``http``, named as the meta tags that say the same, so rules and the
site audit read them alike: ``X-Robots-Tag`` (``robots``, or the crawler it names),
``Link: <…>; rel="license"`` (``license``), ``tdm-reservation`` and ``tdm-policy``.

A record that cannot be read is a row of its own: listing goes on at the next record found
after it (the next gzip member, or the next ``WARC/1.`` line of an uncompressed archive).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from typing import Any, BinaryIO

from licscan.load.container import Listing, Member
from licscan.load.encoding import decode
from licscan.load.errors import LoadError, missing_library
from licscan.load.html import read_html
from licscan.model import DocStatus, DocType, LoadedDocument, MetaItem
from licscan.textmap import Locations

KIND = "web archive"
HEADERS = "HTTP headers"
CUT_SHORT = "record cut short: the archive ends inside it"
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_START = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_CHUNK = 1024 * 1024
# one link-value of a Link header: <url>; params
_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
_REL = re.compile(r'(?i);\s*rel\s*=\s*"?([^";]+)"?')


def list_warc(path: Path, max_size: int) -> Listing:
    """The HTML responses of the archive at ``path``, and the other records counted."""
    archive_iterator, load_failed = _warcio()
    listing = Listing()
    with open(path, "rb") as handle:
        start: int | None = 0
        while start is not None:
            failed_at, error = _list_from(handle, start, listing, max_size, archive_iterator,
                                          load_failed)  # fmt: skip
            if failed_at is None:
                break
            if failed_at == 0:
                raise LoadError(DocStatus.malformed, f"not a readable {KIND}: {error}")
            reason = f"unreadable record at byte {failed_at}: {error}"
            listing.add(Member(str(failed_at), f"offset-{failed_at}", 0, DocStatus.malformed,
                               reason))  # fmt: skip
            start = _next_start(handle, failed_at + 1, path.name.lower().endswith(".gz"))
    if not listing.members and not listing.left_out:
        raise LoadError(DocStatus.empty, f"a {KIND} without a record")
    if not listing.left_out and all(m.status is DocStatus.malformed for m in listing.members):
        raise LoadError(DocStatus.malformed, f"not a readable {KIND}: {listing.members[0].reason}")
    return listing


def read_warc_record(path: Path, relpath: str, key: str, max_size: int) -> LoadedDocument:
    """The document of the response record at byte ``key`` of the archive."""
    archive_iterator, load_failed = _warcio()
    with open(path, "rb") as handle, _closing(archive_iterator, handle, int(key)) as records:
        try:
            record = next(records)
            content = record.content_stream().read(max_size + 1)
        except (load_failed, OSError, EOFError, ValueError) as error:
            raise LoadError(DocStatus.malformed, f"unreadable record: {error}") from None
        if len(content) > max_size:
            raise LoadError(DocStatus.too_large, f"its payload is over {max_size} bytes")
        if _cut_short(record):
            raise LoadError(DocStatus.malformed, CUT_SHORT)
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        headers = record.http_headers.headers
    if not content.strip():
        raise LoadError(DocStatus.empty, "a response without content")
    decoded = decode(content, html=True)
    document, failure = read_html(decoded.text, path, relpath)
    if failure is not None:
        raise LoadError(DocStatus.malformed if failure else DocStatus.empty,
                        failure or "no content besides markup")  # fmt: skip
    document.doc_type = DocType.warc
    document.encoding = decoded.encoding
    document.size = len(content)
    document.canonical_url = uri
    document.meta[:0] = header_items(headers)
    document.warnings[:0] = decoded.warnings
    document.locations = Locations()
    document.locations.add(0, "payload")
    return document


@contextmanager
def _closing(archive_iterator: type, handle: BinaryIO, start: int) -> Iterator[Iterator[Any]]:
    """warcio's record iterator from byte ``start``, closed on leaving: it and its generator
    hold each other, so unclosed, its decompression buffers (tens of KB a record) would wait
    for the next cyclic collection, and a scan of a large archive grew by them record after
    record."""
    handle.seek(start)
    records = archive_iterator(handle)
    generator = iter(records)
    try:
        yield generator
    finally:
        generator.close()
        records.close()


def header_items(headers: list[tuple[str, str]]) -> list[MetaItem]:
    """The rights statements of HTTP headers, named as the meta tags that say the same."""
    items = []
    for name, value in headers:
        name, value = name.strip().lower(), value.strip()
        if name == "x-robots-tag":
            items.append(_robots_item(value))
        elif name in ("tdm-reservation", "tdm-policy"):
            items.append(MetaItem("http", name, value, location=HEADERS))
        elif name == "link":
            items.extend(MetaItem("http", "license", url, location=HEADERS)
                         for url, params in _LINK.findall(value)
                         if "license" in _rels(params))  # fmt: skip
    return items


def _robots_item(value: str) -> MetaItem:
    """``X-Robots-Tag: noai`` is robots=noai; ``X-Robots-Tag: GPTBot: noai`` gptbot=noai."""
    agent, _, directives = value.partition(":")
    if directives and " " not in agent.strip() and "," not in agent:
        return MetaItem("http", agent.strip().lower(), directives.strip(), location=HEADERS)
    return MetaItem("http", "robots", value, location=HEADERS)


def _rels(params: str) -> set[str]:
    return {rel.lower() for found in _REL.findall(params) for rel in found.split()}


def _list_from(handle: BinaryIO, start: int, listing: Listing, max_size: int,
               archive_iterator: type, load_failed: type) -> tuple[int | None, str]:  # fmt: skip
    """List the records from byte ``start``; the offset and error of a record that could not
    be read, or None at the end of the archive."""
    handle.seek(start)
    records = archive_iterator(handle)
    try:
        for record in records:
            _add_record(listing, record, records.get_record_offset(), max_size)
    except (load_failed, OSError, EOFError, ValueError) as error:
        return records.offset, str(error).splitlines()[0] if str(error) else type(error).__name__
    return None, ""


def _add_record(listing: Listing, record: object, offset: int, max_size: int) -> None:
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    label = record_id or f"offset-{offset}"
    while record.raw_stream.read(_CHUNK):  # to the record's end, a chunk at a time
        pass
    if _cut_short(record):
        listing.add(Member(str(offset), label, status=DocStatus.malformed, reason=CUT_SHORT))
        return
    kind = _kind(record)
    if kind:
        listing.left_out[kind] += 1
        return
    size = int(record.rec_headers.get_header("Content-Length") or 0)
    if size > max_size:
        listing.add(Member(str(offset), label, size, DocStatus.too_large,
                           f"{size} bytes, over the limit of {max_size} bytes"))  # fmt: skip
    else:
        listing.add(Member(str(offset), label, size))


def _cut_short(record: object) -> bool:
    """Whether the archive ended before the record's declared length (or inside its header,
    before the length), once it is read."""
    if record.rec_headers.get_header("Content-Length") is None:
        return True
    return getattr(record.raw_stream, "limit", 0) > 0


def _kind(record: object) -> str:
    """Why a record is not a document (``request``, ``response 404``, ``response image/png``);
    "" for an HTML page."""
    if record.rec_type != "response":
        return record.rec_type
    if record.http_headers is None:
        return "response without HTTP headers"
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return f"response {status}"
    message = Message()
    message["content-type"] = record.http_headers.get_header("Content-Type") or ""
    content_type = message.get_content_type()
    return "" if content_type in _PAGE_TYPES else f"response {content_type}"


def _next_start(handle: BinaryIO, position: int, gzipped: bool) -> int | None:
    """The offset of the next record that may start at or after ``position``."""
    signature = _GZIP_START if gzipped else _WARC_START
    handle.seek(position)
    carry = b""
    while chunk := handle.read(_CHUNK):
        data = carry + chunk
        found = data.find(signature)
        if found >= 0:
            return position - len(carry) + found
        carry = data[-(len(signature) - 1) :]
        position += len(chunk)
    return None


def _warcio() -> tuple[type, type]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise missing_library(".warc", "web archives") from None
    return ArchiveIterator, ArchiveLoadFailed
