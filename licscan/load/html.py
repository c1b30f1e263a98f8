"""HTML pages: visible text with a source map, links, metadata, JSON-LD, quotes and comments.

lxml parses (and repairs) the page (:mod:`.html_parse`); :mod:`.html_tokens` finds the same text
runs in the source with their offsets; the tree walk (:mod:`.html_walk`) writes each visible text
piece through a :class:`~licscan.load.layout.TextWriter`, so every character keeps its offset in
the file; :mod:`.html_head` reads the head's metadata and finishes the links.

Site chrome (menus, page header and footer, comment forms, share widgets, text outside
``<article>``/``<main>``, link lists) is marked in :attr:`ExtractedContent.boilerplate`, see
:mod:`.boilerplate`.

``<noscript>`` content is hidden, as in a browser that runs scripts, unless the page shows
(nearly) nothing else: a page whose body the parser found inside a ``<noscript>`` (one left
unclosed, or a page made for readers without scripts) is read with its ``<noscript>`` content.
"""

from __future__ import annotations

import re
from functools import partial
from itertools import islice
from pathlib import Path

from licscan.load import boilerplate
from licscan.load.content import ExtractedContent, markup_document
from licscan.load.html_head import finish_link, head_metadata, license_links
from licscan.load.html_parse import parse_tree, streamed_events, top_elements
from licscan.load.html_tokens import tokenize
from licscan.load.html_walk import Walk
from licscan.load.jsonld import jsonld_items
from licscan.load.layout import SourceStream, TextWriter
from licscan.load.loader import Parsed
from licscan.load.plaintext import utf8_without_controls
from licscan.model import DocType, LoadedDocument

# Pages of more markup than this are parsed and walked as a stream (see streamed_events): a tree
# of millions of elements would take gigabytes.  Real pages, even very long ones, stay far below.
STREAM_ABOVE = 500_000
# A page showing fewer words than this besides its title shows (nearly) nothing.
NEARLY_EMPTY_WORDS = 10
_NOSCRIPT = re.compile(r"<noscript\b", re.IGNORECASE)
_WORD = re.compile(r"\S+")


def read_html(source: str, path: Path, relpath: str) -> Parsed:
    """The document of an HTML page; read with its ``<noscript>`` content when it shows (nearly)
    nothing else and that content holds words."""
    parsed = markup_document(source, DocType.html, path, relpath, extract_html)
    shown = _words_besides_title(parsed.document, NEARLY_EMPTY_WORDS)
    if shown >= NEARLY_EMPTY_WORDS or not _NOSCRIPT.search(source):
        return parsed
    with_noscript = partial(extract_html, noscript=True)
    fallback = markup_document(source, DocType.html, path, relpath, with_noscript)
    if _words_besides_title(fallback.document, shown + NEARLY_EMPTY_WORDS) - shown >= (
        NEARLY_EMPTY_WORDS
    ):
        return fallback
    return parsed


def _words_besides_title(document: LoadedDocument, enough: int) -> int:
    """The words of the text besides its title, counted up to ``enough`` (a page is not read
    to its end to tell that it shows something)."""
    title = len(document.title.split())
    return sum(1 for _ in islice(_WORD.finditer(document.text), title + enough)) - title


def extract_html(
    source: str, writer: TextWriter, base: int = 0, noscript: bool = False
) -> ExtractedContent:
    """Write the visible text of ``source`` (at offset ``base`` of the file) into ``writer``;
    with ``noscript``, the content of ``<noscript>`` elements too."""
    tokens = tokenize(source, base)
    content = ExtractedContent(comments=tokens.comments)
    stream = SourceStream(tokens.text, tokens.map)
    head_meta = head_metadata(tokens.tags, content)
    walk = Walk(writer, stream, tokens.tags, content, noscript)
    if tokens.markup_count > STREAM_ABOVE:
        walk.run_stream(streamed_events(utf8_without_controls(source), content, STREAM_ABOVE))
    else:
        for top in top_elements(parse_tree(source, content, stream)):
            walk.run_tree(top)
    if content.parsed:
        text = writer.text()
        content.boilerplate = boilerplate.combine(
            text, walk.chrome, walk.areas,
            boilerplate.link_dense(text, [(p.text_start, p.text_end) for p in walk.links
                                          if 0 <= p.text_start < p.text_end]),
        )
        for pending in walk.links:
            content.links.append(
                finish_link(pending, writer, text, source, base, head_meta.base_url)
            )
        content.meta.extend(license_links(content.links))
        content.captions, content.caption_credits = walk.captions, walk.caption_credits
        if stream.misses:
            content.warnings.append(
                f"{stream.misses} text piece(s) could not be mapped exactly to the source"
            )
    for start, end in tokens.jsonld:
        items, warnings = jsonld_items(source[start - base : end - base], start)
        content.meta.extend(items)
        content.warnings.extend(warnings)
    content.meta.sort(key=lambda item: item.src_start)
    if not content.title:
        content.title = head_meta.og_title
    return content
