"""One pass over HTML source with positions: text runs, comments and the tags licscan reads.

lxml builds the tree (and repairs broken markup) but reports no column offsets.  This
tokenizer follows the HTML5 tokenizer closely enough to see the same text runs lxml sees:
entities decoded with the HTML5 table (:func:`html.unescape`), CR/CRLF read as LF, control
characters left out (lxml is given the page without them), the content of ``script``,
``style`` and the other raw-text elements skipped.  The decoded runs,
with their map to the source, are where :class:`~licscan.load.layout.SourceStream` finds
lxml's text pieces again.

Speed and memory matter (pages are large, mostly markup and scripts): the markup is found by
one regular expression and kept as positions in arrays, and everything per token is done by
array and list operations; only text runs holding an entity, a CR or a control character are
looked at one by one.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from itertools import accumulate, chain, compress

from licscan.load.plaintext import CONTROLS, control_positions
from licscan.textmap import OffsetMap, offsets_array

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
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r\x20/>]*)")
# Elements without content (no end tag).
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
     "param", "source", "track", "wbr"}
)  # fmt: skip
_TEXT_SPECIAL = re.compile(
    rf"&(?:#[xX][0-9A-Fa-f]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)|\r\n?|[{CONTROLS}]+"
)
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
    markup_count: int = 0  # tags, comments and raw-text elements


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
    markup = _MarkupTokens(source, base)
    tokens = Tokens(markup_count=len(markup.starts))
    tokens.text, tokens.map = _stream(source, markup, base)
    tokens.comments = _comments(source, base, markup)
    for match in _LOCATED.finditer(source):
        start = base + match.start()
        end = markup.get(start)
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


class _MarkupTokens:
    """The markup tokens of a source: where each starts and ends, and so the text runs between
    them.  Kept as positions (a page of tiny elements has millions of tokens); ``<title>`` and
    ``<textarea>`` hold text only: markup found inside them is text again."""

    def __init__(self, source: str, base: int) -> None:
        bounds = offsets_array(chain.from_iterable(map(re.Match.span, _MARKUP.finditer(source))))
        self.starts, self.ends = bounds[0::2], bounds[1::2]
        self._base = base
        self._read_rcdata(source)

    def get(self, start: int) -> int | None:
        """Where the token that starts at source offset ``start`` (``base`` included) ends."""
        i = self._index(start - self._base)
        return None if i is None else self._base + self.ends[i]

    def _index(self, start: int) -> int | None:
        i = bisect_left(self.starts, start)
        return i if i < len(self.starts) and self.starts[i] == start else None

    def _read_rcdata(self, source: str) -> None:
        for match in reversed(list(_RCDATA.finditer(source))):
            close = _RCDATA_END[match.group(1).lower()].search(source, match.end())
            if close is None or "<" not in source[match.end() : close.start()]:
                continue  # the usual case: nothing to undo
            first, last = self._index(match.start()), self._index(close.start())
            if first is not None and last is not None and last > first:
                del self.starts[first + 1 : last]
                del self.ends[first + 1 : last]


def flatten_nesting(source: str, max_depth: int) -> str:
    """``source`` without the start and end tags of elements nested deeper than ``max_depth``:
    their text stays, read as part of the element at that depth.  For a parser with a depth
    limit; elements are counted open until their end tag (implied end tags and the parser's own
    repairs are not known here, so its depth may still differ: the caller checks again)."""
    parts = _MARKUP.split(source)
    open_names: list[str] = []  # the open elements, innermost last
    dropped: list[bool] = []  # whether each one's start tag was left out
    open_count: Counter[str] = Counter()
    for i in range(1, len(parts), 2):
        match = _TAG_NAME.match(parts[i])
        if match is None:  # a comment, a doctype, a processing instruction
            continue
        name = match.group(2).lower()
        if not match.group(1):  # a start tag
            deep = len(open_names) >= max_depth
            if deep:
                parts[i] = ""
            if name not in VOID:
                open_names.append(name)
                dropped.append(deep)
                open_count[name] += 1
        elif open_count[name]:  # an end tag closing an open element (and those inside it)
            while True:
                open_count[open_names[-1]] -= 1
                deep = dropped.pop()
                if open_names.pop() == name:
                    break
            if deep:
                parts[i] = ""
    return "".join(parts)


def _comments(source: str, base: int, markup: _MarkupTokens) -> list[tuple[int, int, str]]:
    """Comments (start, end, body): the markup tokens opening with ``<!--``, found by search."""
    comments = []
    pos = source.find("<!--")
    while pos >= 0:
        end = markup.get(base + pos)
        if end is not None:  # not text inside a script or another comment
            comments.append((base + pos, end, _comment_body(source[pos + 4 : end - base])))
        pos = source.find("<!--", pos + 4)
    return comments


def _attributes_part(source: str, match: re.Match, end: int) -> str:
    """A located start tag's attributes: its markup token after the name, without the ``>``."""
    end -= source[end - 1] == ">"  # the tokenizer's attributes never end with a bare ">"
    return source[match.end(1) : end]


def _comment_body(token: str) -> str:
    if token in (">", "->"):
        return ""
    for closer in ("--!>", "-->"):
        if token.endswith(closer):
            return token[: -len(closer)]
    return token


def _stream(source: str, markup: _MarkupTokens, base: int) -> tuple[str, OffsetMap]:
    """Concatenate the text runs, decoding entities and CRs, with the map back to the source."""
    run_starts = offsets_array((0,))
    run_starts.extend(markup.ends)
    run_ends = offsets_array(markup.starts)
    run_ends.append(len(source))
    texts = list(map(source.__getitem__, map(slice, run_starts, run_ends)))
    pieces = list(filter(None, texts))
    src_starts = offsets_array(compress(run_starts, texts))
    if base:
        src_starts = offsets_array(start + base for start in src_starts)
    del texts, run_starts, run_ends
    text_starts = offsets_array(accumulate(map(len, pieces), initial=0))
    text = "".join(pieces)
    controls = control_positions(text)
    if "&" not in text and "\r" not in text and not controls:
        total = text_starts.pop()
        lengths = offsets_array(map(len, pieces))
        linear = bytearray(b"\x01") * len(pieces)
        return text, OffsetMap(text_starts, src_starts, lengths, linear, total)
    # the runs holding an entity, a CR or a control, found by position in the joined text
    positions = _positions(text, "&\r") + controls
    special = sorted({bisect_right(text_starts, pos) - 1 for pos in positions})
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
        self.map = OffsetMap()

    def plain(self, pieces: list[str], src_starts: array) -> None:
        """Runs without entities or CRs: verbatim copies of the source."""
        self.pieces += pieces
        self.map.src_starts.extend(src_starts)
        self.map.src_lengths.extend(map(len, pieces))
        self.map.linear.extend(b"\x01" * len(pieces))

    def decode(self, text: str, start: int) -> None:
        """A run holding entities, CRs or controls: verbatim stretches between decoded atoms
        (controls are left out)."""
        done = 0
        for match in _TEXT_SPECIAL.finditer(text):
            token = match.group()
            if token[0] == "&":
                decoded = unescape(token)
                if decoded == token:
                    continue  # "&" not starting a character reference: plain text
            else:
                decoded = "\n" if token[0] == "\r" else ""
            if match.start() > done:
                self._row(text[done : match.start()], start + done, match.start() - done, True)
            if decoded:
                self._row(decoded, start + match.start(), len(token), False)
            done = match.end()
        if done < len(text):
            self._row(text[done:], start + done, len(text) - done, True)

    def _row(self, piece: str, src_start: int, src_length: int, linear: bool) -> None:
        self.pieces.append(piece)
        self.map.src_starts.append(src_start)
        self.map.src_lengths.append(src_length)
        self.map.linear.append(linear)

    def result(self) -> tuple[str, OffsetMap]:
        self.map.text_starts = offsets_array(accumulate(map(len, self.pieces), initial=0))
        self.map.text_length = self.map.text_starts.pop()
        return "".join(self.pieces), self.map
