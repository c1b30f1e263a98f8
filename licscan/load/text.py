"""Plain text: the file itself is the visible text; bare URLs in it become links.

The map is the identity, except that CRLF and lone CR line endings read as one ``\\n`` (each
mapped to its source characters), so every loader hands detectors LF-only text.
"""

from __future__ import annotations

import re

from ..model import Link
from ..textmap import OffsetMap, TextBuilder

_NEWLINE = re.compile(r"\r\n?")
_URL = re.compile(r"(?<![\w@/.-])(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*_~"


def plain_text(source: str) -> tuple[str, OffsetMap]:
    """The visible text of a plain-text file and its map to the source."""
    if "\r" not in source:
        return source, OffsetMap()
    builder = TextBuilder()
    pos = 0
    for match in _NEWLINE.finditer(source):
        builder.add(source[pos : match.start()], pos)
        builder.add("\n", match.start(), len(match.group()))
        pos = match.end()
    builder.add(source[pos:], pos)
    return builder.text(), builder.map


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
