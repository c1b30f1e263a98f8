"""What a loader reads from a page or a Markdown file besides its visible text, and the
document made of both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from licscan.load.layout import WHITESPACE, TextWriter
from licscan.load.loader import Parsed
from licscan.model import DocType, Link, LoadedDocument, MetaItem


@dataclass
class ExtractedContent:
    """Links, metadata, quotes, comments, warnings and text ranges (chrome, captions) of an HTML
    page, a Markdown file or an HTML fragment of one; :func:`markup_document` puts them on the
    document."""

    links: list[Link] = field(default_factory=list)
    meta: list[MetaItem] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    citations: list[tuple[int, int, str]] = field(default_factory=list)  # <cite>, cite=URL
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)  # site chrome (text ranges)
    captions: list[tuple[int, int]] = field(default_factory=list)  # picture captions (text ranges)
    caption_credits: list[tuple[int, int]] = field(default_factory=list)  # credits in captions
    title: str = ""
    lang: str = ""
    canonical_url: str = ""
    parsed: bool = True  # False when the parser could not read the whole document
    failure: str = ""  # why, when the source had text (a malformed document, not an empty one)


# An extractor writes the visible text of a source into a TextWriter and returns the rest.
Extractor = Callable[[str, TextWriter], ExtractedContent]


def markup_document(
    source: str, doc_type: DocType, path: Path, relpath: str, extract: Extractor
) -> Parsed:
    """The document of a markup source (HTML, Markdown) read by ``extract``."""
    writer = TextWriter()
    part = extract(source, writer)
    text = writer.text()
    document = LoadedDocument(path, relpath, doc_type, source, text, writer.map)
    document.title = part.title
    document.lang = part.lang
    document.canonical_url = part.canonical_url
    document.links = _finish_links(part.links, text)
    document.meta = part.meta
    document.quoted = finish_ranges(part.quoted, text)
    document.citations = sorted(
        (*trim(text, start, end), url) for start, end, url in part.citations
    )
    document.boilerplate = finish_ranges(part.boilerplate, text)
    # a figure and its figcaption often show the same text: one range for both
    document.captions = sorted(set(finish_ranges(part.captions, text)))
    document.caption_credits = sorted(set(finish_ranges(part.caption_credits, text)))
    document.comments = sorted(part.comments)
    document.warnings = list(part.warnings)
    return Parsed(document, None if part.parsed else part.failure)


def finish_ranges(ranges: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Trim whitespace off text ranges, drop the empty ones, sort them."""
    result = []
    for start, end in ranges:
        start, end = trim(text, start, end)
        if start < end:
            result.append((start, end))
    return sorted(result)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The range [start, end) of ``text`` without its leading and trailing whitespace."""
    while start < end and text[start] in WHITESPACE:
        start += 1
    while end > start and text[end - 1] in WHITESPACE:
        end -= 1
    return start, end


def _finish_links(links: list[Link], text: str) -> list[Link]:
    """Fill in the anchor text of links whose range was known before the text was."""
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
