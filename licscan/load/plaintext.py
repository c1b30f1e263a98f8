"""Plain text: the file itself is the visible text; bare URLs in it become links.

The map is the identity, except that CRLF and lone CR line endings read as one ``\\n`` (each
mapped to its source characters), so every loader hands detectors LF-only text, and that
control characters (:data:`CONTROLS`) are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from licscan.load.loader import Parsed
from licscan.model import DocType, Link, LoadedDocument
from licscan.textmap import OffsetMap, TextBuilder

# C0 control characters other than whitespace (NUL among them): invisible, and left out of
# every visible text, as browsers drop NUL; a parser would turn each into U+FFFD.
CONTROLS = "\x00-\x08\x0b\x0e-\x1f"
_CONTROL = re.compile(f"[{CONTROLS}]+")
_CONTROL_BYTES = bytes(range(32)).translate(None, b"\t\n\x0c\r")  # their UTF-8 bytes
_NEWLINE_OR_CONTROL = re.compile(f"\r\n?|[{CONTROLS}]+")
_URL = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*_~"


def read_plain_text(source: str, path: Path, relpath: str) -> Parsed:
    """The document of a plain-text file (it always reads)."""
    text, offsets = plain_text(source)
    document = LoadedDocument(path, relpath, DocType.text, source, text, offsets)
    document.links = url_links(text, offsets)
    return Parsed(document)


def plain_text(source: str) -> tuple[str, OffsetMap]:
    """The visible text of a plain-text file and its map to the source."""
    if "\r" not in source and not has_controls(source):
        return source, OffsetMap()
    builder = TextBuilder()
    pos = 0
    for match in _NEWLINE_OR_CONTROL.finditer(source):
        builder.add(source[pos : match.start()], pos)
        if match.group()[0] == "\r":
            builder.add("\n", match.start(), len(match.group()))
        pos = match.end()
    builder.add(source[pos:], pos)
    return builder.text(), builder.map


def has_controls(text: str) -> bool:
    data = text.encode("utf-8", "surrogatepass")  # bytes.translate: 7 times a regex's speed
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


def control_positions(text: str) -> list[int]:
    """Where runs of control characters start in ``text``."""
    return [match.start() for match in _CONTROL.finditer(text)] if has_controls(text) else []


def without_controls(source: str) -> str:
    """``source`` for a parser whose text pieces are found again in a stream without controls."""
    return _CONTROL.sub("", source) if has_controls(source) else source


def utf8_without_controls(source: str) -> bytes:
    """:func:`without_controls` as UTF-8, quickly (no multi-byte character holds such bytes)."""
    return source.encode("utf-8", "surrogatepass").translate(None, _CONTROL_BYTES)


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """Bare URLs (``https://…``, ``www.…``) in text: (start, end, url), trailing punctuation off."""
    found = []
    for match in _URL.finditer(text):
        url = match.group()
        while url:
            if url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")")):
                url = url[:-1]
            else:
                break
        if len(url) > len("www.") and "." in url:
            found.append((match.start(), match.start() + len(url), url))
    return found


def url_links(text: str, offsets: OffsetMap, covered: list[Link] = ()) -> list[Link]:
    """Links for the bare URLs of ``text`` outside the ranges already taken by ``covered``."""
    taken = [(link.text_start, link.text_end) for link in covered if link.text_start >= 0]
    links = []
    for start, end, url in find_urls(text):
        if any(s < end and start < e for s, e in taken):
            continue
        src_start, src_end = offsets.source_range(start, end)
        absolute = url if "://" in url else "https://" + url
        links.append(Link(url, url, (), start, end, src_start, src_end, url=absolute))
    return links
