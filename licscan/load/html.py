"""HTML pages: visible text with a source map, links, metadata, JSON-LD, quotes and comments.

lxml parses (and repairs) the page; :mod:`.html_tokens` finds the same text runs in the source
with their offsets; the tree walk writes each visible text piece through a
:class:`~licscan.load.layout.TextWriter`, so every character keeps its offset in the file.

Visibility follows what a reader sees: ``script``, ``style``, ``noscript``, ``template``,
``svg``, ``iframe``, form controls, the ``head`` (except ``<title>``, which becomes the first
line), elements with ``hidden``, ``aria-hidden="true"``, a closed ``<dialog>`` or an inline
``display:none``/``visibility:hidden`` are left out; so are comments and image ``alt`` texts.

Site chrome (menus, page header and footer, comment forms, share widgets, text outside
``<article>``/``<main>``, link lists) is marked in :attr:`ExtractedContent.boilerplate`, see
:mod:`.boilerplate`.

URLs: :attr:`Link.href` keeps the attribute as written; :attr:`Link.url` is the absolute URL,
resolved against ``<base href>``, else the canonical URL, else ``og:url`` ("" when the href is
relative and no base is known).  ``<link rel>`` values in :attr:`LoadedDocument.meta` are
absolute the same way.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urljoin

from licscan.load import boilerplate
from licscan.load.content import ExtractedContent
from licscan.load.html_tokens import RAWTEXT, Tag, flatten_nesting, tokenize
from licscan.load.jsonld import jsonld_items
from licscan.load.layout import WHITESPACE, SourceStream, TextWriter
from licscan.load.plaintext import utf8_without_controls
from licscan.model import Link, MetaItem

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
_MARKED = frozenset({"a", "area", "br", "title", "td", "th"}) | _QUOTES
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.I)
_PRE_STYLE = re.compile(r"white-space\s*:\s*(?:pre|break-spaces)", re.I)
_LINK_RELS = frozenset(
    {"canonical", "license", "copyright", "author", "publisher", "cite-as", "me"}
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ORIGIN = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
_ANCHOR_END = re.compile(r"</a\s*>", re.I)
_TAG_ALIGN_LOOKAHEAD = 16
# Elements nested deeper are read as part of the one at this depth (as Chromium does at 512).
MAX_DEPTH = 512
_FLATTENED = (
    f"HTML nested more than {MAX_DEPTH} levels deep: deeper elements read as part of the "
    f"element at that depth"
)
_LIBXML_MAX_DEPTH = 2048  # with huge_tree
# Pages of more markup than this are parsed and walked as a stream (see _streamed): a tree of
# millions of elements would take gigabytes.  Real pages, even very long ones, stay far below.
STREAM_ABOVE = 500_000
_CHUNK = 1 << 20  # bytes fed to the pull parser at a time
_EVENTS = ("start", "end", "comment", "pi")


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


@dataclass
class _PendingLink:
    href: str
    rel: tuple[str, ...]
    text_start: int
    tag: Tag | None
    text_end: int = -1
    label: str = ""  # what names the link when it shows no text


def extract_html(source: str, writer: TextWriter, base: int = 0) -> ExtractedContent:
    """Write the visible text of ``source`` (at offset ``base`` of the file) into ``writer``."""
    tokens = tokenize(source, base)
    content = ExtractedContent(comments=tokens.comments)
    stream = SourceStream(tokens.text, tokens.map)
    head_meta = _head_metadata(tokens.tags, content)
    walk = _Walk(writer, stream, tokens.tags, content)
    if tokens.markup_count > STREAM_ABOVE:
        walk.run(*_streamed(utf8_without_controls(source), content))
    else:
        root = _parse(source, content, stream)
        # content after </html> ends up in a second top-level element: walk every one
        for top in _top_elements(root):
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
                _finish_link(pending, writer, text, source, base, head_meta.base_url)
            )
        content.meta.extend(_license_links(content.links))
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


def finish_ranges(ranges: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Trim whitespace off text ranges, drop the empty ones, sort them."""
    result = []
    for start, end in ranges:
        start, end = _trim(text, start, end)
        if start < end:
            result.append((start, end))
    return sorted(result)


# -- parsing -----------------------------------------------------------------------------------
def _parse(source: str, content: ExtractedContent, stream: SourceStream):
    markup = utf8_without_controls(source)
    root, parser, reason = _lxml_parse(markup)
    if _over_limit(parser):  # libxml stops at 2,048 levels of nesting, even with huge_tree
        flat = flatten_nesting(markup.decode("utf-8", "surrogatepass"), MAX_DEPTH)
        root, parser, reason = _lxml_parse(flat.encode("utf-8", "surrogatepass"))
        content.warnings.append(_FLATTENED)
    if root is None and not _over_limit(parser):
        content.parsed = False
        if stream.text.strip(WHITESPACE):
            content.failure = f"HTML parser failed: {reason}"
            content.warnings.append(content.failure)
        return None
    return root if _read_whole(parser, content) else None


def _read_whole(parser, content: ExtractedContent) -> bool:
    """Whether the parser read the whole page (else ``content`` says why not); warns of the
    markup it repaired."""
    from lxml import etree

    if _over_limit(parser):
        content.failure = (
            f"HTML too deeply nested or too large to parse, even with elements past "
            f"{MAX_DEPTH} levels flattened"
        )
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    fatal = [e for e in errors if e.level >= etree.ErrorLevels.FATAL]
    if fatal and not content.failure:  # the parser gave up part-way: the tree is incomplete
        content.failure = f"HTML parser stopped at line {fatal[0].line}: {fatal[0].message.strip()}"
    if content.failure:
        content.parsed = False
        content.warnings.append(content.failure)
        return False
    if errors:
        first = errors[0]
        content.warnings.append(
            f"malformed HTML repaired by the parser: {len(errors)} problem(s), first at line "
            f"{first.line}: {first.message.strip()}"
        )
    return True


def _top_elements(root) -> list:
    if root is None:
        return []
    tops = (*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings())
    return [top for top in tops if isinstance(top.tag, str)]


def _streamed(
    data: bytes, content: ExtractedContent
) -> tuple[Iterator, Container, boilerplate.PageAreas]:
    """A page of very much markup, parsed and walked in one go: the walk's events come from a
    pull parser, each an event late (so that the element's text or tail is complete), and every
    element is freed once walked.  Memory stays a few times the page's size; but the page's
    content area (:func:`boilerplate.page_areas`) needs the whole tree and is not known, lxml's
    pull parser keeps no log of the markup it repaired, and a page nested as deep as libxml
    reads (2,048 levels) is not read: it cannot be parsed again with its nesting flattened."""
    from lxml import etree

    parser = etree.HTMLPullParser(
        events=_EVENTS, encoding="utf-8", collect_ids=False, huge_tree=True
    )

    def events() -> Iterator:
        release, held = _Release(), None
        for start in range(0, len(data), _CHUNK):
            parser.feed(data[start : start + _CHUNK])
            for event in parser.read_events():
                if held is not None:
                    yield held
                    release(*held)
                held = event
        parser.close()
        for event in (*parser.read_events(), None):
            if held is not None:
                yield held
                release(*held)
            held = event
        if release.deepest >= _LIBXML_MAX_DEPTH:  # it stopped there, silently
            content.parsed = False
            content.failure = (
                f"HTML of more than {STREAM_ABOVE:,} tags nested {_LIBXML_MAX_DEPTH:,} levels "
                f"deep: too large and too deep to read"
            )
            content.warnings.append(content.failure)

    return events(), _LayoutAttributes(), boilerplate.PageAreas(set(), set())


class _Release:
    """Frees each walked element: its content, and its walked siblings before it (the element
    itself stays, as the parser may look at the last child it added).  Not inside a link: the
    link's label may be an image's alt text, read when the link ends.  Measures the depth."""

    def __init__(self) -> None:
        self.open_links = 0
        self.depth = self.deepest = 0

    def __call__(self, event: str, element) -> None:
        step = 1 if event == "start" else -1 if event == "end" else 0
        self.depth += step
        self.deepest = max(self.deepest, self.depth)
        if element.tag == "a" or element.tag == "area":
            self.open_links += step
        if event != "end" or self.open_links:
            return
        element.clear(keep_tail=True)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]


class _LayoutAttributes:
    """Contains the elements that :func:`_layout_query` would find attributes of."""

    def __contains__(self, element) -> bool:
        get = element.get
        return get("style") is not None or get("hidden") is not None or (
            get("aria-hidden") is not None
        )


def _lxml_parse(markup: bytes):
    """The root (None when there is none), the parser with its error log, and why no root."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", collect_ids=False, huge_tree=True)
    try:
        root = etree.fromstring(markup, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        return None, parser, str(error)
    return root, parser, "no element found"


def _over_limit(parser) -> bool:
    """Whether libxml stopped at one of its own limits (its message names an option of its
    API, which means nothing to a licscan user)."""
    from lxml import etree

    return any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log)


# -- the tree walk -----------------------------------------------------------------------------
class _Walk:
    """Walks the tree once, writing visible text; hidden text only moves the stream's cursor."""

    def __init__(
        self, writer: TextWriter, stream: SourceStream, tags: list[Tag], content: ExtractedContent
    ) -> None:
        self.writer = writer
        self.stream = stream
        self.content = content
        self.links: list[_PendingLink] = []
        self._anchor_tags = [t for t in tags if t.name in ("a", "area")]
        self._anchor_index = 0
        self._marks: list[int] = []  # where each open quote element started
        self._open_links: list[_PendingLink | None] = []  # one per open <a>/<area>
        self._title_start = -1
        self.chrome: list[tuple[int, int]] = []  # text ranges of chrome elements
        self.areas: list[tuple[int, int]] = []  # text ranges of <main>/<article>

    def run_tree(self, root) -> None:
        from lxml import etree

        found = _layout_query()(root)  # attribute values (strings) and elements
        attributed = {item.getparent() for item in found if isinstance(item, str)}
        page = boilerplate.page_areas(root, [item for item in found if not isinstance(item, str)])
        self.run(etree.iterwalk(root, events=_EVENTS), attributed, page)

    def run(self, events: Iterable, attributed: Container, page: boilerplate.PageAreas) -> None:
        """Walk the (event, element) pairs of lxml's ``iterwalk``; ``attributed`` holds the
        elements with an attribute that may hide them or keep their whitespace."""
        writer, stream = self.writer, self.stream
        take, find = stream.take, stream.text.find
        window = stream.WINDOW
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
                elif tag in _HIDDEN_TAGS:
                    hidden = True
                elif element in attributed or tag == "dialog":  # rare: hidden or preformatted
                    style = element.get("style")
                    hidden = _hidden_by_attribute(element, tag, style)
                    if style and _PRE_STYLE.search(style):
                        pre = True
                if not pre and tag in _PRE_TAGS:
                    pre = True
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
            link = _PendingLink(href, rels, start, self._locate_anchor(tag, href))
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


# -- links and head metadata ---------------------------------------------------------------------
def _finish_link(
    pending: _PendingLink, writer: TextWriter, text: str, source: str, base: int, base_url: str
) -> Link:
    start, end = -1, -1
    if pending.text_end > pending.text_start:
        start, end = _trim(text, pending.text_start, pending.text_end)
    if start < end:
        anchor_text = text[start:end]
    else:
        start = end = -1
        anchor_text = pending.label
    src_start, src_end = 0, 0
    if pending.tag is not None:
        src_start, src_end = pending.tag.start, pending.tag.end
        if pending.tag.name == "a":
            after = max(src_end, writer.map.source_end(end) if end > 0 else src_end)
            close = _ANCHOR_END.search(source, after - base, after - base + 20000)
            if close is not None:
                src_end = base + close.end()
    elif start >= 0:
        src_start, src_end = writer.map.source_range(start, end)
    return Link(
        href=pending.href,
        text=anchor_text,
        rel=pending.rel,
        text_start=start,
        text_end=end,
        src_start=src_start,
        src_end=src_end,
        url=absolute_url(pending.href, base_url),
    )


def _label(element) -> str:
    """What names a link that shows no text: aria-label, title or an image's alt."""
    label = element.get("aria-label") or element.get("title")
    if not label and len(element):  # (most links hold text only)
        for image in element.iter("img"):
            label = image.get("alt")
            if label:
                break
    return " ".join((label or "").split())


def _license_links(links: list[Link]) -> list[MetaItem]:
    return [
        MetaItem("link", "license", link.url or link.href, link.src_start, link.src_end)
        for link in links
        if "license" in link.rel
    ]


@dataclass
class _HeadMeta:
    base_url: str = ""
    og_title: str = ""


def _head_metadata(tags: list[Tag], content: ExtractedContent) -> _HeadMeta:
    """Meta tags, <link rel>, <base>, <html lang>, canonical URL: read from the source tags."""
    head = _HeadMeta()
    base_href = canonical = og_url = language = ""
    links: list[tuple[Tag, str, str]] = []
    for tag in tags:
        if tag.name in ("a", "area"):
            continue  # located for links; their attributes are parsed only when needed
        attrs = tag.attrs
        if tag.name == "meta":
            name = (
                attrs.get("name") or attrs.get("property") or attrs.get("http-equiv")
                or attrs.get("itemprop") or ""
            ).strip().lower()  # fmt: skip
            value = attrs.get("content")
            if not name or value is None:
                continue
            value = value.strip()
            content.meta.append(MetaItem("meta", name, value, tag.start, tag.end))
            if name == "og:url" and not og_url:
                og_url = value
            elif name == "og:title" and not head.og_title:
                head.og_title = " ".join(value.split())
            elif name == "content-language" and not language:
                language = value.split(",")[0].strip()
        elif tag.name == "link":
            href = attrs.get("href", "").strip()
            for rel in attrs.get("rel", "").lower().split():
                if rel == "canonical" and href and not canonical:
                    canonical = href
                if rel in _LINK_RELS and href:
                    links.append((tag, rel, href))
        elif tag.name == "base" and not base_href:
            base_href = attrs.get("href", "").strip()
        elif tag.name == "html" and not content.lang:
            content.lang = (attrs.get("lang") or attrs.get("xml:lang") or "").strip()
    if not content.lang:
        content.lang = language
    base_url = base_href if _SCHEME.match(base_href) else ""
    content.canonical_url = absolute_url(canonical, base_url) if canonical else ""
    if not content.canonical_url and _SCHEME.match(og_url):
        content.canonical_url = og_url
    head.base_url = base_url or content.canonical_url
    if base_href and not base_url:
        head.base_url = absolute_url(base_href, content.canonical_url)
    for tag, rel, href in links:
        url = absolute_url(href, head.base_url) or href
        content.meta.append(MetaItem("link", rel, url, tag.start, tag.end))
    return head


def absolute_url(href: str, base_url: str) -> str:
    """``href`` made absolute against ``base_url``; "" when that is not possible."""
    if href.startswith(("https://", "http://")) or _SCHEME.match(href):  # the usual case first
        return href
    if not base_url or not href:
        return ""
    if href[0] == "/" and href[1:2] != "/" and "/." not in href:  # the common case, quickly
        origin = _ORIGIN.match(base_url)
        if origin:
            return origin.group() + href
    return urljoin(base_url, href)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in WHITESPACE:
        start += 1
    while end > start and text[end - 1] in WHITESPACE:
        end -= 1
    return start, end
