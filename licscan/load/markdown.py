"""Markdown: front matter, the rendered text (markdown-it-py), links, quotes and comments.

markdown-it gives each block its source lines but no columns; inline text is found again in
the block's lines with a moving cursor, in a stream where backslash escapes and entities are
decoded (``\\*`` reads ``*``, ``&copy;`` reads ``©``), and code in the raw source.  HTML blocks
go through the HTML loader, so their comments (``<!-- licscan: ignore … -->``), links and
hidden parts are handled as in a page.

Choices: image alt texts are left out (the page shows the image); code blocks and code spans
are kept as text; link hrefs are the destination as written in the source (for reference
links, the definition's URL as markdown-it normalised it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from licscan.load.content import ExtractedContent, markup_document
from licscan.load.frontmatter import read_front_matter
from licscan.load.html import extract_html
from licscan.load.html_head import absolute_url
from licscan.load.html_tokens import parse_attrs
from licscan.load.html_walk import BLOCK_BREAKS, CELLS
from licscan.load.layout import SourceStream, TextWriter
from licscan.load.loader import Parsed
from licscan.load.plaintext import CONTROLS, url_links, without_controls
from licscan.model import DocType, Link
from licscan.textmap import TextBuilder

_DECODE = re.compile(
    r"\\[!-/:-@\[-`{-~]|&(?:#[xX][0-9A-Fa-f]{1,6};|#[0-9]{1,7};|[A-Za-z][A-Za-z0-9]{1,31};)|\r\n?"
    rf"|[{CONTROLS}]+"
)
_RAW_DECODE = re.compile(rf"\r\n?|[{CONTROLS}]+")
_LINE_END = re.compile(r"\r\n?|\n")
_LINK_DEST = re.compile(r"[*_~]{0,4}\]\([ \t]*(?:<([^>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))")
_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\](?:\([^)\n]*\)|\[[^\]\n]*\])?")
# markdown-it leaves out what is nested deeper than this (its default, 20, hides a quote 20
# levels deep); a file reaching it is not read rather than read in part.
MAX_NESTING = 100
_TITLE_KEYS = ("title",)
_LANG_KEYS = ("lang", "language", "locale")
_CANONICAL_KEYS = ("canonical_url", "canonical", "canonicalURL", "canonical-url", "canonicalUrl")


@dataclass
class _OpenLink:
    href: str
    text_start: int
    src_open: int
    autolink: bool
    from_html: bool


def read_markdown(source: str, path: Path, relpath: str) -> Parsed:
    """The document of a Markdown file; bare URLs in its text are links too."""
    parsed = markup_document(source, DocType.markdown, path, relpath, extract_markdown)
    document = parsed.document
    document.links = sorted(
        document.links + url_links(document.text, document.offsets, document.links),
        key=lambda link: (link.src_start, link.text_start),
    )
    return parsed


def extract_markdown(source: str, writer: TextWriter) -> ExtractedContent:
    """Write the rendered text of ``source`` into ``writer``; return the rest of what it holds."""
    front = read_front_matter(source)
    content = ExtractedContent(meta=list(front.items), warnings=list(front.warnings))
    content.title = front.get(*_TITLE_KEYS)
    content.lang = front.get(*_LANG_KEYS)
    canonical = front.get(*_CANONICAL_KEYS)
    content.canonical_url = canonical if absolute_url(canonical, "") else ""
    walk = _Walk(source, front.end, writer, content)
    tokens = _parser().parse(without_controls(source[front.end :]))
    if any(token.level >= MAX_NESTING - 1 for token in tokens):  # markdown-it cut the rest
        content.parsed = False
        content.failure = f"Markdown nested more than {MAX_NESTING} levels deep (quotes or lists)"
        content.warnings.append(content.failure)
        return content
    walk.run(tokens)
    if walk.misses:
        content.warnings.append(
            f"{walk.misses} text piece(s) could not be mapped exactly to the source"
        )
    return content


def _parser():
    from markdown_it import MarkdownIt

    options = {"html": True, "maxNesting": MAX_NESTING}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"])


def _decoded_stream(source: str, start: int, raw: bool) -> SourceStream:
    """The body as text: line endings as LF, controls left out and, unless ``raw``, escapes and
    entities decoded."""
    builder = TextBuilder()
    pattern = _RAW_DECODE if raw else _DECODE
    pos = start
    for match in pattern.finditer(source, start):
        token = match.group()
        if token[0] == "\r":
            decoded = "\n"
        elif token[0] == "\\":
            decoded = token[1]
        elif token[0] == "&":
            decoded = unescape(token)
            if decoded == token:
                continue
        else:
            decoded = ""
        builder.add(source[pos : match.start()], pos)
        builder.add(decoded, match.start(), len(token))
        pos = match.end()
    builder.add(source[pos:], pos)
    return SourceStream(builder.text(), builder.map)


class _Walk:
    def __init__(
        self, source: str, body_start: int, writer: TextWriter, content: ExtractedContent
    ) -> None:
        self.source = source
        self.writer = writer
        self.content = content
        self.text_stream = _decoded_stream(source, body_start, raw=False)
        self.raw_stream = _decoded_stream(source, body_start, raw=True)
        self.line_starts = [body_start] + [m.end() for m in _LINE_END.finditer(source, body_start)]
        self.cursor = body_start  # source offset: everything before it has been read
        self.region_end = len(source)
        self.links: list[_OpenLink] = []
        self.quote_starts: list[int] = []
        self.title_start = -1

    @property
    def misses(self) -> int:
        return self.text_stream.misses + self.raw_stream.misses

    def run(self, tokens) -> None:
        writer = self.writer
        for token in tokens:
            kind = token.type
            if token.map:
                start, end = self._region(token.map)
                self.cursor = max(self.cursor, start)
                self.region_end = end
            if kind == "inline":
                self._inline(token.children or [])
            elif kind in ("fence", "code_block"):
                writer.block(2)
                for line in token.content.splitlines(keepends=True):
                    self._take(line, self.raw_stream, preformatted=True)
                writer.block(2)
            elif kind == "html_block":
                self._html_block()
            elif kind == "hr":
                writer.block(2)
            elif token.hidden:
                continue  # the paragraphs of a tight list: no block of their own
            elif kind.endswith("_open"):
                self._open_block(token.tag)
            elif kind.endswith("_close"):
                self._close_block(token.tag)

    def _region(self, line_map) -> tuple[int, int]:
        starts = self.line_starts
        first, last = line_map
        start = starts[first] if first < len(starts) else len(self.source)
        end = starts[last] if last < len(starts) else len(self.source)
        return start, end

    def _open_block(self, tag: str) -> None:
        writer = self.writer
        if tag in BLOCK_BREAKS:
            writer.block(BLOCK_BREAKS[tag])
        elif tag in CELLS:
            writer.space(writer.src_end)
        if tag == "blockquote":
            self.quote_starts.append(writer.mark())
        if tag == "h1" and not self.content.title and self.title_start < 0:
            self.title_start = writer.mark()

    def _close_block(self, tag: str) -> None:
        writer = self.writer
        if tag == "blockquote" and self.quote_starts:
            self.content.quoted.append((self.quote_starts.pop(), writer.mark()))
        if tag == "h1" and self.title_start >= 0 and not self.content.title:
            self.content.title = " ".join(writer.text()[self.title_start :].split())
        if tag in BLOCK_BREAKS:
            writer.block(BLOCK_BREAKS[tag])
        elif tag in CELLS:
            writer.space(writer.src_end)

    # -- inline content ------------------------------------------------------------------------
    def _take(self, piece: str, stream: SourceStream, preformatted: bool = False) -> int:
        """Find ``piece`` from the cursor within the current block; return its source offset."""
        stream.cursor = stream.position_of(self.cursor)
        found = stream.take(
            piece, self.writer, preformatted, limit=stream.position_of(self.region_end)
        )
        self.cursor = stream.source_offset(stream.cursor)
        return stream.source_offset(found) if found >= 0 else -1

    def _inline(self, children) -> None:
        writer = self.writer
        for child in children:
            kind = child.type
            if kind == "text":
                self._take(child.content, self.text_stream)
            elif kind == "code_inline":
                self._take(child.content, self.raw_stream)
            elif kind == "softbreak":
                writer.space(self.cursor)
            elif kind == "hardbreak":
                writer.line_break()
            elif kind == "link_open":
                href = child.attrs.get("href", "")
                autolink = child.markup in ("autolink", "linkify")
                self.links.append(_OpenLink(str(href), writer.mark(), self.cursor, autolink, False))
            elif kind == "link_close":
                self._close_link(from_html=False)
            elif kind == "image":
                skip = _IMAGE.search(self.source, self.cursor, self.region_end)
                if skip is not None:
                    self.cursor = skip.end()
            elif kind == "html_inline":
                self._html_inline(child.content)

    def _html_inline(self, markup: str) -> None:
        found = self._find_raw(markup)
        if markup.startswith("<!--"):
            if found >= 0:
                body = markup[4:-3] if markup.endswith("-->") else markup[4:]
                self.content.comments.append((found, self.cursor, body))
            return
        lowered = markup.lower()
        if re.match(r"<br\b", lowered):
            self.writer.line_break()
        elif re.match(r"<a\b", lowered):
            href = parse_attrs(markup[2:].rstrip(">")).get("href")
            if href is not None:
                start = found if found >= 0 else self.cursor
                self.links.append(_OpenLink(href.strip(), self.writer.mark(), start, False, True))
        elif re.match(r"</a\b", lowered):
            self._close_link(from_html=True)

    def _find_raw(self, markup: str) -> int:
        """Source offset of raw markup at/after the cursor (advancing past it), or -1."""
        stream = self.raw_stream
        stream.cursor = stream.position_of(self.cursor)
        start = stream.text.find(markup, stream.cursor, stream.position_of(self.region_end))
        if start < 0:
            return -1
        stream.cursor = start + len(markup)
        self.cursor = stream.source_offset(stream.cursor)
        return stream.source_offset(start)

    def _close_link(self, from_html: bool) -> None:
        index = next(
            (i for i in range(len(self.links) - 1, -1, -1) if self.links[i].from_html == from_html),
            -1,
        )
        if index < 0:
            return
        link = self.links.pop(index)
        href, src_end = link.href, self.cursor
        source = self.source
        src_start = link.src_open
        if link.autolink:
            src_start = max(0, source.rfind("<", link.src_open, self.cursor))
            close = source.find(">", self.cursor, self.region_end)
            src_end = close + 1 if close >= 0 else self.cursor
        elif from_html:
            close = re.compile(r"</a\s*>", re.I).search(source, self.cursor, self.region_end)
            src_end = close.end() if close else self.cursor
        else:
            bracket = source.find("[", link.src_open, self.cursor)
            src_start = bracket if bracket >= 0 else link.src_open
            dest = _LINK_DEST.match(source, self.cursor)
            if dest is not None:
                raw = dest.group(1) if dest.group(1) is not None else dest.group(2)
                href = unescape(raw) if raw else href
                close = source.find(")", dest.end(), min(self.region_end, dest.end() + 500))
                src_end = close + 1 if close >= 0 else dest.end()
            else:  # reference link: [text][label] or [label]
                close = source.find("]", self.cursor, self.region_end)
                src_end = close + 1 if close >= 0 else self.cursor
        self.cursor = max(self.cursor, src_end)
        self.content.links.append(
            Link(
                href=href,
                text="",  # filled in once the whole text is known
                text_start=link.text_start,
                text_end=self.writer.mark(),
                src_start=src_start,
                src_end=src_end,
                url=absolute_url(href, self.content.canonical_url),
            )
        )

    def _html_block(self) -> None:
        start, end = self.cursor, self.region_end
        writer = self.writer
        writer.block(2)
        html = extract_html(self.source[start:end], writer, base=start)
        writer.block(2)
        self.content.links.extend(html.links)
        self.content.meta.extend(html.meta)
        self.content.quoted.extend(html.quoted)
        self.content.citations.extend(html.citations)
        self.content.captions.extend(html.captions)
        self.content.caption_credits.extend(html.caption_credits)
        self.content.comments.extend(html.comments)
        self.content.warnings.extend(html.warnings)
        self.cursor = end
