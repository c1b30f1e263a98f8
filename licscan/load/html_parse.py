"""Parsing an HTML page with lxml: the whole tree, or a stream of events for a page of very much
markup; the parser's limits and the markup it repaired become warnings or a failure on the
:class:`~licscan.load.content.ExtractedContent`."""

from __future__ import annotations

from collections.abc import Iterator

from licscan.load.content import ExtractedContent
from licscan.load.html_tokens import flatten_nesting
from licscan.load.html_walk import EVENTS
from licscan.load.layout import WHITESPACE, SourceStream
from licscan.load.plaintext import utf8_without_controls

# Elements nested deeper are read as part of the one at this depth (as Chromium does at 512).
MAX_DEPTH = 512
_FLATTENED = (
    f"HTML nested more than {MAX_DEPTH} levels deep: deeper elements read as part of the "
    f"element at that depth"
)
_LIBXML_MAX_DEPTH = 2048  # with huge_tree
_CHUNK = 1 << 20  # bytes fed to the pull parser at a time


def parse_tree(source: str, content: ExtractedContent, stream: SourceStream):
    """The root of the page's tree; None when the parser could not read the whole page (then
    ``content`` says why)."""
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


def top_elements(root) -> list:
    """The tree's top-level elements: content after </html> ends up in a second one."""
    if root is None:
        return []
    tops = (*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings())
    return [top for top in tops if isinstance(top.tag, str)]


def streamed_events(data: bytes, content: ExtractedContent, tags_above: int) -> Iterator:
    """The (event, element) pairs of a page of more than ``tags_above`` tags, from a pull
    parser, each an event late (so that the element's text or tail is complete), and every
    element freed once walked: memory stays a few times the page's size.  lxml's pull parser
    keeps no log of the markup it repaired, and a page nested as deep as libxml reads (2,048
    levels) is not read: it cannot be parsed again with its nesting flattened."""
    from lxml import etree

    parser = etree.HTMLPullParser(
        events=EVENTS, encoding="utf-8", collect_ids=False, huge_tree=True
    )
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
            f"HTML of more than {tags_above:,} tags nested {_LIBXML_MAX_DEPTH:,} levels "
            f"deep: too large and too deep to read"
        )
        content.warnings.append(content.failure)


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
