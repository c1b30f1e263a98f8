"""One pass over HTML source with positions: text runs, comments and the tags licscan reads.

lxml builds the tree (and repairs broken markup) but reports no column offsets.  This
tokenizer follows the HTML5 tokenizer closely enough to see the same text runs lxml sees:
entities decoded with the HTML5 table (:func:`html.unescape`), CR/CRLF read as LF, the
content of ``script``/``style`` (raw text) skipped and that of ``title``/``textarea`` (RCDATA)
read as text.  The decoded runs form a :class:`~licscan.load.writer.SourceStream`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from ..textmap import TextBuilder

RAWTEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes"})
RCDATA = frozenset({"title", "textarea"})
# Start tags whose position and attributes licscan needs.
LOCATED = frozenset({"a", "area", "meta", "link", "base", "html"})

_SPACE = "\t\n\f\r "
_MARKUP = re.compile(
    r"""<(?:
        !--(?P<comment>>|->|.*?(?:--!?>|\Z))
      | /(?P<end>[A-Za-z][^\t\n\f\r />]*)[^>]*>?
      | (?P<start>[A-Za-z][^\t\n\f\r />]*)
        (?P<attrs>(?:[\t\n\f\r /]+
           |[^\t\n\f\r />][^\t\n\f\r /=>]*
            (?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >]*))?
        )*)>?
      | [!?/][^>]*>?
    )""",
    re.DOTALL | re.VERBOSE,
)
_ATTR = re.compile(
    r"""([^\t\n\f\r />][^\t\n\f\r /=>]*)"""
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >]*)))?"""
)
_TEXT_SPECIAL = re.compile(r"&(?:#[xX][0-9A-Fa-f]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)|\r\n?")
_CLOSERS: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"</{name}(?=[\t\n\f\r />]|\Z)", re.IGNORECASE) for name in RAWTEXT | RCDATA
}


@dataclass
class Tag:
    name: str  # lowercase
    start: int  # the start tag's range in the source
    end: int
    attrs: dict[str, str]


@dataclass
class Tokens:
    stream: TextBuilder = field(default_factory=TextBuilder)
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
    tokens = Tokens()
    add_text = _TextAdder(source, tokens.stream, base)
    search = _MARKUP.search
    size = len(source)
    pos = 0
    while pos < size:
        match = search(source, pos)
        if match is None:
            add_text(pos, size)
            break
        if match.start() > pos:
            add_text(pos, match.start())
        pos = match.end()
        name = match.group("start")
        if name is not None:
            pos = _start_tag(name.lower(), match, source, pos, tokens, add_text, base)
        elif match.group("comment") is not None:
            tokens.comments.append(
                (base + match.start(), base + pos, _comment_body(match.group("comment")))
            )
    return tokens


def _start_tag(name, match, source, pos, tokens, add_text, base) -> int:
    """Record a start tag; skip or read the content of raw-text elements; return the new pos."""
    if name in LOCATED:
        tokens.tags.append(Tag(name, base + match.start(), base + pos, parse_attrs(match["attrs"])))
    if name in RAWTEXT or name in RCDATA:
        close = _CLOSERS[name].search(source, pos)
        content_end = close.start() if close else len(source)
        if name == "script" and "ld+json" in match["attrs"].lower():
            tokens.jsonld.append((base + pos, base + content_end))
        elif name in RCDATA:
            add_text(pos, content_end)
        return content_end
    if name == "plaintext":
        add_text(pos, len(source))
        return len(source)
    return pos


def _comment_body(token: str) -> str:
    if token in (">", "->"):
        return ""
    for closer in ("--!>", "-->"):
        if token.endswith(closer):
            return token[: -len(closer)]
    return token


class _TextAdder:
    """Appends a source text run to the stream, decoding entities and line endings."""

    def __init__(self, source: str, stream: TextBuilder, base: int) -> None:
        self.source = source
        self.stream = stream
        self.base = base

    def __call__(self, start: int, end: int) -> None:
        source, add, base = self.source, self.stream.add, self.base
        run = source[start:end]
        if "&" not in run and "\r" not in run:
            add(run, base + start)
            return
        pos = start
        for match in _TEXT_SPECIAL.finditer(source, start, end):
            token = match.group()
            decoded = "\n" if token[0] == "\r" else unescape(token)
            if decoded == token:
                continue  # "&" not starting a character reference: plain text
            if match.start() > pos:
                add(source[pos : match.start()], base + pos)
            add(decoded, base + match.start(), len(token))
            pos = match.end()
        if end > pos:
            add(source[pos:end], base + pos)
