"""What a loader reads from a page or a Markdown file besides its visible text."""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.model import Link, MetaItem


@dataclass
class ExtractedContent:
    """Links, metadata, quotes, comments and warnings of an HTML page, a Markdown file or an
    HTML fragment of one; ``_build`` in :mod:`licscan.load` puts them on the document."""

    links: list[Link] = field(default_factory=list)
    meta: list[MetaItem] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)  # site chrome (text ranges)
    title: str = ""
    lang: str = ""
    canonical_url: str = ""
    parsed: bool = True  # False when the parser could not read the whole document
    failure: str = ""  # why, when the source had text (a malformed document, not an empty one)
