"""One pass over HTML source with positions: text runs, comments and the tags licscan reads.

lxml builds the tree (and repairs broken markup) but reports no column offsets.  This
tokenizer follows the HTML5 tokenizer closely enough to see the same text runs lxml sees:
entities decoded with the HTML5 table (:func:`html.unescape`), CR/CRLF read as LF, the
content of ``script``, ``style`` and the other raw-text elements skipped.  The decoded runs,
with their map to the source, are where :class:`~licscan.load.writer.SourceStream` finds
lxml's text pieces again.

Speed matters (pages are large, mostly markup and scripts): the source is split into text and
markup by one regular expression and everything per token is done by list operations; only
text runs holding an entity or a CR are looked at one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from itertools import accumulate

from ..textmap import OffsetMap

RAWTEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes"})

_NAME_END = r"(?=[\t\n\f\r />]|\Z)"
# Attributes: a quote opens a value only after "=" (as in HTML5), so "it's" stays plain text.
_ATTRS = r"""(?:[^>"'=]+|=[\t\n\f\r\x20]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r\x20>]*)|["'])*"""


def _raw_element(name: str) -> str:
    """A raw-text element's start tag and content, up to (not including) its end tag."""
    return rf"(?i:{name}){_NAME_END}{_ATTRS}>?[^<]*(?:<(?!/(?i:{name}){_NAME_END})[^<]*)*"


# Markup: comments, raw-text elements with their content, start and end tags, bogus comments.
# "<" is factored out so the engine skips ahead to each "<"; one group, for re.split.
_MARKUP = re.compile(
    rf"""(<(?:!--(?:>|->|.*?(?:--!?>|\Z))
        |{"|".join(_raw_element(name) for name in sorted(RAWTEXT))}
        |[A-Za-z][^\t\n\f\r\x20/>]*{_ATTRS}>?
        |/[A-Za-z][^>]*>?
        |[!?/][^>]*>?))""",
    re.DOTALL | re.VERBOSE,
)
_LOCATED = re.compile(rf"<((?i:a|area|meta|link|base|html)){_NAME_END}({_ATTRS})")
_JSONLD = re.compile(r"<(?i:script)[^>]*?ld\+json[^>]*>", re.IGNORECASE)
_ATTR = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r /=>]*)"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?"""
)
_TEXT_SPECIAL = re.compile(r"&(?:#[xX][0-9A-Fa-f]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)|\r\n?")
_SCRIPT_END = re.compile(rf"</(?i:script){_NAME_END}")
_RCDATA = re.compile(rf"<((?i:title|textarea)){_NAME_END}{_ATTRS}>")
_RCDATA_END = {name: re.compile(rf"</(?i:{name}){_NAME_END}") for name in ("title", "textarea")}


class Tag:
    """A start tag: lowercase name, its range in the source, attributes parsed on first use."""

    __slots__ = ("_attrs", "_raw", "end", "name", "start")

    def __init__(self, name: str, start: int, end: int, raw_attrs: str) -> None:
        self.name = name
        self.start = start
        self.end = end
        self._raw = raw_attrs
        self._attrs: dict[str, str] | None = None

    @property
    def attrs(self) -> dict[str, str]:
        if self._attrs is None:
            self._attrs = parse_attrs(self._raw)
        return self._attrs


@dataclass
class Tokens:
    text: str = ""  # the decoded text runs, concatenated
    map: OffsetMap = field(default_factory=OffsetMap)  # text offsets -> source offsets
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    jsonld: list[tuple[int, int]] = field(default_factory=list)  # ld+json script contents


def parse_attrs(raw: str) -> dict[str, str]:
    """Attributes of a start tag (names lowercased, values entity-decoded; first one wins)."""
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        name = match.group(1).lower()
        if name in attrs:
            continue
        value = match.group(2)
        if value is None:
            value = match.group(3)
        if value is None:
            value = match.group(4) or ""
        attrs[name] = unescape(value) if "&" in value else value
    return attrs


def tokenize(source: str, base: int = 0) -> Tokens:
    """Tokenize ``source``; every offset is shifted by ``base`` (for fragments of a file)."""
    parts = _read_rcdata(source, _MARKUP.split(source))
    offsets = list(accumulate(map(len, parts), initial=base))  # where each part starts
    # markup start -> end; the offsets list ends with the end of the source, hence strict=False
    markup_end = dict(zip(offsets[1::2], offsets[2::2], strict=False))
    tokens = Tokens()
    tokens.text, tokens.map = _stream(parts[0::2], offsets[0::2])
    tokens.comments = [
        (start, markup_end[start], _comment_body(part[4:]))
        for start, part in zip(offsets[1::2], parts[1::2], strict=False)
        if part.startswith("<!--")
    ]
    for match in _LOCATED.finditer(source):
        start = base + match.start()
        if start in markup_end:  # a real tag, not text inside a script or comment
            name = match.group(1).lower()
            tokens.tags.append(Tag(name, start, markup_end[start], match.group(2)))
    for match in _JSONLD.finditer(source):
        start = base + match.start()
        if start in markup_end:
            close = _SCRIPT_END.search(source, match.end())
            end = close.start() if close else len(source)
            tokens.jsonld.append((base + match.end(), base + end))
    return tokens


def _read_rcdata(source: str, parts: list[str]) -> list[str]:
    """``<title>`` and ``<textarea>`` hold text only: markup found inside them is text again."""
    index: dict[int, int] | None = None
    for match in reversed(list(_RCDATA.finditer(source))):
        close = _RCDATA_END[match.group(1).lower()].search(source, match.end())
        if close is None or "<" not in source[match.end() : close.start()]:
            continue  # the usual case: nothing to undo
        if index is None:
            offsets = accumulate(map(len, parts), initial=0)
            index = {offset: i for i, offset in enumerate(offsets) if i % 2}
        first, last = index.get(match.start()), index.get(close.start())
        if first is not None and last is not None and last > first:
            parts[first + 1 : last] = ["".join(parts[first + 1 : last])]
    return parts


def _comment_body(token: str) -> str:
    if token in (">", "->"):
        return ""
    for closer in ("--!>", "-->"):
        if token.endswith(closer):
            return token[: -len(closer)]
    return token


def _stream(texts: list[str], starts: list[int]) -> tuple[str, OffsetMap]:
    """Concatenate the text runs, decoding entities and CRs, with the map back to the source."""
    runs = [(start, text) for start, text in zip(starts, texts, strict=False) if text]
    if not any("&" in text or "\r" in text for _, text in runs):
        lengths = [len(text) for _, text in runs]
        text_starts = [0, *accumulate(lengths)]
        total = text_starts.pop()
        segments = OffsetMap(text_starts, [s for s, _ in runs], lengths, [True] * len(runs), total)
        return "".join(text for _, text in runs), segments
    pieces: list[str] = []
    rows: list[tuple[int, int, int, bool]] = []  # (text start, source start, length, linear)
    position = 0
    for start, text in runs:
        if "&" not in text and "\r" not in text:
            pieces.append(text)
            rows.append((position, start, len(text), True))
            position += len(text)
            continue
        done = 0
        for match in _TEXT_SPECIAL.finditer(text):
            token = match.group()
            decoded = "\n" if token[0] == "\r" else unescape(token)
            if decoded == token:
                continue  # "&" not starting a character reference: plain text
            if match.start() > done:
                pieces.append(text[done : match.start()])
                rows.append((position, start + done, match.start() - done, True))
                position += match.start() - done
            pieces.append(decoded)
            rows.append((position, start + match.start(), len(token), False))
            position += len(decoded)
            done = match.end()
        if done < len(text):
            pieces.append(text[done:])
            rows.append((position, start + done, len(text) - done, True))
            position += len(text) - done
    columns = [list(column) for column in zip(*rows, strict=True)] or [[], [], [], []]
    segments = OffsetMap(*columns, text_length=position)
    return "".join(pieces), segments
