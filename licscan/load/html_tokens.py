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
from bisect import bisect_right
from dataclasses import dataclass, field
from html import unescape
from itertools import accumulate, compress

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
# The start tags licscan reads (their attributes: the rest of the markup token) and the start
# tags of ld+json scripts, found in one scan.
_LOCATED = re.compile(
    rf"<(?:((?i:a|area|meta|link|base|html)){_NAME_END}|(?i:script)[^>]*?(?i:ld\+json)[^>]*>)"
)
_ATTR = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r /=>]*)"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?"""
)
_TEXT_SPECIAL = re.compile(r"&(?:#[xX][0-9A-Fa-f]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)|\r\n?")
_SCRIPT_END = re.compile(rf"</(?i:script){_NAME_END}")
# ">" optional, as in _MARKUP: a start tag left open at the end of the file is then one
# greedy match; a required ">" made the regex backtrack exponentially through the attributes.
_RCDATA = re.compile(rf"<((?i:title|textarea)){_NAME_END}{_ATTRS}>?")
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
    for name, double, single, bare in _ATTR.findall(raw):
        name = name.lower()
        if name in attrs:
            continue
        value = double or single or bare  # a missing value reads as "" either way
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
    tokens.comments = _comments(source, base, markup_end)
    for match in _LOCATED.finditer(source):
        start = base + match.start()
        end = markup_end.get(start)
        if end is None:  # text inside a script or comment, not a real tag
            continue
        name = match.group(1)
        if name is not None:
            tokens.tags.append(
                Tag(name.lower(), start, end, _attributes_part(source, match, end - base))
            )
        else:
            close = _SCRIPT_END.search(source, match.end())
            tokens.jsonld.append(
                (base + match.end(), base + (close.start() if close else len(source)))
            )
    return tokens


def _comments(source: str, base: int, markup_end: dict[int, int]) -> list[tuple[int, int, str]]:
    """Comments (start, end, body): the markup tokens opening with ``<!--``, found by search."""
    comments = []
    pos = source.find("<!--")
    while pos >= 0:
        end = markup_end.get(base + pos)
        if end is not None:  # not text inside a script or another comment
            comments.append((base + pos, end, _comment_body(source[pos + 4 : end - base])))
        pos = source.find("<!--", pos + 4)
    return comments


def _attributes_part(source: str, match: re.Match, end: int) -> str:
    """A located start tag's attributes: its markup token after the name, without the ``>``."""
    end -= source[end - 1] == ">"  # the tokenizer's attributes never end with a bare ">"
    return source[match.end(1) : end]


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
    pieces = list(filter(None, texts))
    src_starts = list(compress(starts, texts))
    text_starts = list(accumulate(map(len, pieces), initial=0))
    text = "".join(pieces)
    if "&" not in text and "\r" not in text:
        total = text_starts.pop()
        lengths = list(map(len, pieces))
        return text, OffsetMap(text_starts, src_starts, lengths, [True] * len(pieces), total)
    # the runs holding an entity or a CR, found by position in the joined text
    special = sorted({bisect_right(text_starts, pos) - 1 for pos in _positions(text, "&\r")})
    decoded = _DecodedRuns()
    done = 0
    for i in special:
        decoded.plain(pieces[done:i], src_starts[done:i])
        decoded.decode(pieces[i], src_starts[i])
        done = i + 1
    decoded.plain(pieces[done:], src_starts[done:])
    return decoded.result()


def _positions(text: str, chars: str) -> list[int]:
    """Where ``chars`` occur in ``text`` (str.find: much faster than a regex when they are few)."""
    found = []
    for char in chars:
        pos = text.find(char)
        while pos >= 0:
            found.append(pos)
            pos = text.find(char, pos + 1)
    return found


class _DecodedRuns:
    """Text runs with their map rows (source start, source length, linear), built in order."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.src_starts: list[int] = []
        self.src_lengths: list[int] = []
        self.linear: list[bool] = []

    def plain(self, pieces: list[str], src_starts: list[int]) -> None:
        """Runs without entities or CRs: verbatim copies of the source."""
        self.pieces += pieces
        self.src_starts += src_starts
        self.src_lengths += map(len, pieces)
        self.linear += [True] * len(pieces)

    def decode(self, text: str, start: int) -> None:
        """A run holding entities or CRs: verbatim stretches between decoded atoms."""
        done = 0
        for match in _TEXT_SPECIAL.finditer(text):
            token = match.group()
            decoded = "\n" if token[0] == "\r" else unescape(token)
            if decoded == token:
                continue  # "&" not starting a character reference: plain text
            if match.start() > done:
                self._row(text[done : match.start()], start + done, match.start() - done, True)
            self._row(decoded, start + match.start(), len(token), False)
            done = match.end()
        if done < len(text):
            self._row(text[done:], start + done, len(text) - done, True)

    def _row(self, piece: str, src_start: int, src_length: int, linear: bool) -> None:
        self.pieces.append(piece)
        self.src_starts.append(src_start)
        self.src_lengths.append(src_length)
        self.linear.append(linear)

    def result(self) -> tuple[str, OffsetMap]:
        text_starts = list(accumulate(map(len, self.pieces), initial=0))
        total = text_starts.pop()
        segments = OffsetMap(text_starts, self.src_starts, self.src_lengths, self.linear, total)
        return "".join(self.pieces), segments
