"""The walk over an HTML page's tree: the visible text written through a
:class:`~licscan.load.layout.TextWriter`, hidden text skipped, and on the way the links, quotes,
title, and the text ranges of site chrome, of the content area and of picture captions
(:mod:`.captions`).

Visibility follows what a reader sees: ``script``, ``style``, ``noscript`` (unless the page
shows nothing else, see :mod:`.html`), ``template``, ``svg``, ``iframe``, form controls, the
``head`` (except ``<title>``, which becomes the first line), elements with ``hidden``,
``aria-hidden="true"``, a closed ``<dialog>`` or an inline ``display:none``/``visibility:hidden``
are left out; so are comments and image ``alt`` texts.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from licscan.load import boilerplate
from licscan.load.captions import CAPTION, LONGEST, caption_elements
from licscan.load.content import ExtractedContent
from licscan.load.html_tokens import RAWTEXT, Tag
from licscan.load.layout import WHITESPACE, SourceStream, TextWriter

# Elements whose content a reader never sees.
_HIDDEN_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
        "canvas", "audio", "video", "select", "datalist", "map", "img", "picture", "input",
        "source", "track", "param", "meta", "link", "base", "head", "button",
    }
)  # fmt: skip
# Block elements, with the line breaks they put around their content.
BLOCK_BREAKS = {
    **dict.fromkeys(
        ("p", "h1", "h2", "h3", "h4", "h5", "h6", "title", "blockquote", "pre", "ul", "ol",
         "dl", "table", "figure", "hr", "section", "article", "aside", "header", "footer",
         "nav", "main", "address", "form", "fieldset", "details", "listing", "xmp"),
        2,
    ),
    **dict.fromkeys(
        ("div", "li", "dd", "dt", "tr", "figcaption", "caption", "summary", "legend",
         "thead", "tbody", "tfoot", "dialog", "hgroup", "menu", "dir", "center", "body",
         "html", "option", "optgroup", "frameset", "frame", "textarea", "search"),
        1,
    ),
}  # fmt: skip
CELLS = frozenset({"td", "th"})
_PRE_TAGS = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
_QUOTES = frozenset({"blockquote", "q"})
# Elements the walk does more for than write their text.
_CITES = frozenset({"cite", "blockquote"})  # a <blockquote> cites with its cite attribute
_MARKED = frozenset({"a", "area", "br", "title", "td", "th"}) | _QUOTES | _CITES
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.I)
_PRE_STYLE = re.compile(r"white-space\s*:\s*(?:pre|break-spaces)", re.I)
_TAG_ALIGN_LOOKAHEAD = 16
# The lxml events the walk reads: elements open and close; a comment or processing
# instruction brings its tail text.
EVENTS = ("start", "end", "comment", "pi")


@cache
def _layout_query() -> Any:
    """In one pass over a tree: the attributes that may hide an element or keep its whitespace
    (faster than reading them off every element), and the paragraphs and line breaks that
    :func:`boilerplate.page_areas` counts words in."""
    from lxml import etree

    return etree.XPath(
        "descendant-or-self::*/@hidden | descendant-or-self::*/@aria-hidden"
        " | descendant-or-self::*/@style | descendant-or-self::p | descendant-or-self::br"
    )


class _LayoutAttributes:
    """Contains the elements that :func:`_layout_query` would find attributes of."""

    def __contains__(self, element) -> bool:
        get = element.get
        return get("style") is not None or get("hidden") is not None or (
            get("aria-hidden") is not None
        )


@dataclass
class PendingLink:
    """A link met by the walk, finished once the whole text is known."""

    href: str
    rel: tuple[str, ...]
    text_start: int
    tag: Tag | None
    text_end: int = -1
    label: str = ""  # what names the link when it shows no text


class Walk:
    """Walks the tree once, writing visible text; hidden text only moves the stream's cursor."""

    def __init__(
        self,
        writer: TextWriter,
        stream: SourceStream,
        tags: list[Tag],
        content: ExtractedContent,
        noscript: bool = False,
    ) -> None:
        """``noscript``: write the content of ``<noscript>`` elements (hidden otherwise)."""
        self.writer = writer
        self.hidden_tags = _HIDDEN_TAGS - {"noscript"} if noscript else _HIDDEN_TAGS
        self.stream = stream
        self.content = content
        self.links: list[PendingLink] = []
        self._anchor_tags = [t for t in tags if t.name in ("a", "area")]
        self._anchor_index = 0
        self._marks: list[int] = []  # where each open quote element started
        self._cites: list[tuple[int, str | None]] = []  # open <cite>/<blockquote>: start, URL
        self._open_links: list[PendingLink | None] = []  # one per open <a>/<area>
        self._title_start = -1
        self.chrome: list[tuple[int, int]] = []  # text ranges of chrome elements
        self.areas: list[tuple[int, int]] = []  # text ranges of <main>/<article>
        self.captions: list[tuple[int, int]] = []  # text ranges of picture captions
        self.caption_credits: list[tuple[int, int]] = []  # … and of the credits in them
        self._caption_starts: dict[Any, int] = {}  # open caption elements -> where they began

    def run_tree(self, root) -> None:
        from lxml import etree

        found = _layout_query()(root)  # attribute values (strings) and elements
        attributed = {item.getparent() for item in found if isinstance(item, str)}
        page = boilerplate.page_areas(root, [item for item in found if not isinstance(item, str)])
        events = etree.iterwalk(root, events=EVENTS)
        self.run(events, attributed, page, caption_elements(root))

    def run_stream(self, events: Iterable) -> None:
        """Walk the events of a page parsed as a stream: the page's content area
        (:func:`boilerplate.page_areas`) and its captions need the whole tree and are not
        known."""
        self.run(events, _LayoutAttributes(), boilerplate.PageAreas(set(), set()), {})

    def run(
        self,
        events: Iterable,
        attributed: Container,
        page: boilerplate.PageAreas,
        captioned: dict[Any, str],
    ) -> None:
        """Walk the (event, element) pairs of lxml's ``iterwalk``; ``attributed`` holds the
        elements with an attribute that may hide them or keep their whitespace, ``captioned``
        the caption elements with their kind."""
        writer, stream = self.writer, self.stream
        take, find = stream.take, stream.text.find
        window = stream.WINDOW
        hidden_tags = self.hidden_tags
        caption_starts = self._caption_starts  # empty but inside a caption: a cheap test
        classify, candidates = boilerplate.classify, boilerplate.CANDIDATES
        chrome, sectioning = boilerplate.CHROME, boilerplate.SECTIONING
        # the state inside the current element; the stack keeps each ancestor's.  ``region``:
        # chrome (1), content area (2) or neither (0); ``opened``: where it began in the text
        hidden = by_head = pre = sectioned = False
        region = opened = 0
        stack: list[tuple] = []
        for event, element in events:
            if event == "start":
                tag = element.tag
                stack.append((hidden, by_head, pre, sectioned, region, opened))
                if tag == "title" and by_head:
                    hidden = by_head = False
                elif hidden:
                    by_head = False
                elif tag == "head":
                    hidden = by_head = True
                elif tag in hidden_tags:
                    hidden = True
                elif element in attributed or tag == "dialog":  # rare: hidden or preformatted
                    style = element.get("style")
                    hidden = _hidden_by_attribute(element, tag, style)
                    if style and _PRE_STYLE.search(style):
                        pre = True
                if not pre and tag in _PRE_TAGS:
                    pre = True
                if captioned and not hidden and element in captioned:
                    caption_starts[element] = writer.mark()
                if not hidden and region != chrome and tag in candidates:
                    kind = classify(element, tag, sectioned, page)
                    if kind and kind != region:
                        region, opened = kind, writer.mark()
                    sectioned = sectioned or tag in sectioning
                if tag in _MARKED:
                    self._open(element, tag, hidden)
                elif not hidden and tag in BLOCK_BREAKS:
                    writer.block(BLOCK_BREAKS[tag])
                if tag in RAWTEXT:  # scripts and styles: not read (they can be large)
                    continue
                piece = element.text
                if not piece:
                    continue
            elif event == "end":
                tag = element.tag
                if tag in _MARKED:
                    self._close(element, tag, hidden)
                elif not hidden and tag in BLOCK_BREAKS:
                    writer.block(BLOCK_BREAKS[tag])
                if caption_starts and element in caption_starts:
                    self._close_caption(element, captioned[element])
                state = stack.pop()
                if region != state[4]:  # this element opened a region
                    (self.chrome if region == chrome else self.areas).append(
                        (opened, writer.mark())
                    )
                hidden, by_head, pre, sectioned, region, opened = state
                piece = element.tail
                if not piece:
                    continue
            else:  # comment or processing instruction: only its tail is text
                piece = element.tail
                if not piece:
                    continue
            if hidden:
                if piece.strip(WHITESPACE):
                    take(piece, None)  # keeps the cursor in step
            elif pre:
                take(piece, writer, True)
            elif not piece.strip(WHITESPACE):
                writer.space(writer.src_end)
            else:  # the common case, inlined: found nearby, inside one verbatim run
                cursor = stream.cursor
                start = find(piece, cursor, cursor + len(piece) + window)
                end = start + len(piece)
                if start < 0 or not stream.write_verbatim(writer, piece, start, end):
                    take(piece, writer)
                else:
                    stream.cursor = end

    def _close_caption(self, element, kind: str) -> None:
        start, end = self._caption_starts.pop(element), self.writer.mark()
        if 0 < end - start <= LONGEST[kind]:
            (self.captions if kind == CAPTION else self.caption_credits).append((start, end))

    def _open(self, element, tag: str, hidden: bool) -> None:
        """Start of an element that breaks lines, links, quotes or titles."""
        writer = self.writer
        if tag == "a" or tag == "area":
            self._open_link(element, tag, hidden)
            return  # a link has no other role
        if hidden:
            return
        breaks = BLOCK_BREAKS.get(tag)
        if breaks:
            writer.block(breaks)
        elif tag in CELLS:
            writer.space(writer.src_end)
        elif tag == "br":
            writer.line_break()
        if tag in _QUOTES:
            self._marks.append(writer.mark())
        if tag in _CITES:
            url = (element.get("cite") or "").strip() if tag == "blockquote" else ""
            self._cites.append((writer.mark(), url if url or tag == "cite" else None))
        if tag == "title" and not self.content.title:
            self._title_start = writer.mark()

    def _close(self, element, tag: str, hidden: bool) -> None:
        writer = self.writer
        if tag == "a" or tag == "area":
            link = self._open_links.pop() if self._open_links else None
            if link is not None:
                link.label = _label(element)  # now, while the element is whole
                if not hidden:
                    link.text_end = writer.mark()
            return
        if hidden:
            return
        if tag in _QUOTES and self._marks:
            self.content.quoted.append((self._marks.pop(), writer.mark()))
        if tag in _CITES and self._cites:
            start, url = self._cites.pop()
            if url is not None:  # a <cite>, or a <blockquote> with a cite attribute
                self.content.citations.append((start, writer.mark(), url))
        if tag == "title" and self._title_start >= 0:
            self.content.title = " ".join(writer.text()[self._title_start :].split())
            self._title_start = -1
        breaks = BLOCK_BREAKS.get(tag)
        if breaks:
            writer.block(breaks)
        elif tag in CELLS:
            writer.space(writer.src_end)

    def _open_link(self, element, tag: str, hidden: bool) -> None:
        href = element.get("href")
        link = None
        if href is not None:
            href = href.strip()
            rel = element.get("rel")
            rels = tuple(rel.lower().split()) if rel else ()
            start = -1 if hidden else self.writer.mark()
            link = PendingLink(href, rels, start, self._locate_anchor(tag, href))
            self.links.append(link)
        self._open_links.append(link)

    def _locate_anchor(self, tag: str, href: str) -> Tag | None:
        """The source tag of the n-th <a>/<area> the parser kept (checked by its href)."""
        tags, index = self._anchor_tags, self._anchor_index
        for i in range(index, min(index + _TAG_ALIGN_LOOKAHEAD, len(tags))):
            candidate = tags[i]
            if candidate.name == tag and (
                href in candidate._raw or candidate.attrs.get("href", "").strip() == href
            ):
                self._anchor_index = i + 1
                return candidate
        return None


def _hidden_by_attribute(element, tag: str, style: str | None) -> bool:
    """``hidden``, ``aria-hidden="true"``, a closed ``<dialog>``, an inline style hiding it."""
    hidden = element.get("hidden")
    if hidden is not None and hidden.lower() != "until-found":
        return True
    aria = element.get("aria-hidden")
    if aria is not None and aria.strip().lower() == "true":
        return True
    if tag == "dialog" and element.get("open") is None:
        return True
    return bool(style and _HIDDEN_STYLE.search(style))


def _label(element) -> str:
    """What names a link that shows no text: aria-label, title or an image's alt."""
    label = element.get("aria-label") or element.get("title")
    if not label and len(element):  # (most links hold text only)
        for image in element.iter("img"):
            label = image.get("alt")
            if label:
                break
    return " ".join((label or "").split())
