"""For the fuzz tests: Hypothesis strategies for hostile documents and rule files, the invariants
every loaded document and every span must keep, and a time limit per example.

A plain module, not fixtures: strategies and example counts are built at import, for the
``@given`` and ``@settings`` decorators, where pytest hands out no fixture.  The HTML loading
tests receive the time limit as a fixture (tests/load/conftest.py).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import settings
from hypothesis import strategies as st

from licscan.model import LoadedDocument
from licscan.textmap import Span

# Wall-clock seconds one generated example may take (a few milliseconds is usual): past it the
# example fails instead of hanging the suite, and Hypothesis shrinks it to a small reproducer.
EXAMPLE_SECONDS = 20


@contextmanager
def time_limit(seconds: float = EXAMPLE_SECONDS) -> Iterator[None]:
    """Interrupt the block (between Python bytecodes, so also a backtracking ``re``) after
    ``seconds``."""

    def expire(signum, frame):
        raise AssertionError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- strategies: text, HTML, Markdown, file bytes -------------------------------------------------
_ODD_CHARACTERS = ["\x00", "\ufeff", "\ud800", "\udfff", "\x0c", "\x1b", "\u2028", "\u0085",
                   "\ufffd", "İ", "ß", "\U0001f600", "\u0301"]  # fmt: skip
_SPACES = [" ", "  ", "\n", "\n\n", "\r\n", "\r", "\t"]
# What licscan looks for, so that generated documents also exercise the rules and the links.
RIGHTS_WORDS = ["Copyright", "©", "(c)", "2024", "1999-2025", "2019–present", "Example Ltd.",
                "Jane Roe", "All rights reserved.", "Photo:", "AP", "Reuters", "Getty Images",
                "CC BY-NC-ND 4.0", "may not be reproduced", "Source:", "rights@example.com",
                "https://news.example.com/a?b=1", "www.example.org"]  # fmt: skip
RIGHTS_STATEMENTS = ["© 2024 Example Ltd. All rights reserved.",
                     "Copyright (c) 1999-2025 Jane Roe", "Photo: Jane Roe/Getty Images",
                     "WASHINGTON (AP) — ", "Licensed under CC BY-SA 4.0.",
                     "No part of this page may be reproduced without permission.",
                     "Republish with credit to news.example.com",
                     "For reprint rights contact rights@example.com."]  # fmt: skip

any_character = st.one_of(st.characters(exclude_categories=()), st.sampled_from(_ODD_CHARACTERS))
any_text = st.text(any_character, max_size=200)
_text_piece = st.one_of(
    st.sampled_from(RIGHTS_WORDS),
    st.sampled_from(RIGHTS_STATEMENTS),
    st.sampled_from(_SPACES),
    st.text(any_character, max_size=8),
)

_TAGS = ["p", "div", "span", "a", "b", "br", "script", "style", "title", "textarea", "pre",
         "head", "body", "html", "meta", "link", "base", "table", "tr", "td", "li", "blockquote",
         "q", "nav", "footer", "article", "main", "template", "svg", "noscript", "xmp",
         "plaintext", "iframe", "select", "dialog", "img", "area", "math", "frameset"]  # fmt: skip
_ATTRIBUTES = ["href", "rel", "hidden", "aria-hidden", "style", "content", "name", "property",
               "charset", "http-equiv", "lang", "alt", "title", "open", "type"]  # fmt: skip
_VALUES = ["", "true", "license", "copyright", "dc.rights", "https://ex.example.com/a?b=1&amp;c",
           "/relative", "display:none", "white-space:pre", "© Example", "utf-16", "shift_jis",
           "text/html; charset=iso-8859-1", "application/ld+json", 'x"y', "a'b", "&copy;",
           "\x00", "javascript:x", "//host/p"]  # fmt: skip
_ENTITIES = ["&amp;", "&copy;", "&#169;", "&#xA9;", "&#0;", "&#xD800;", "&#1114112;",
             "&#99999999999;", "&nbsp;", "&copy", "&notanentity;", "&", "&#", "&#x;",
             "&NotEqualTilde;"]  # fmt: skip
_OTHER_MARKUP = ["<!-- c -->", "<!--", "-->", "<!-->", "--!>", "<![CDATA[x]]>", "<![CDATA[",
                 "<?xml version='1.0' encoding='latin-1'?>", "<!DOCTYPE html>", "<!doctype>",
                 "</>", "<>", "< p>", "<meta charset='shift_jis'>", "<meta charset=utf-8>",
                 '<script type="application/ld+json">{"copyrightHolder": "X Ltd"}</script>',
                 "<script type=application/ld+json>{bad json</script>", "</script>",
                 "<!-- licscan: ignore -->"]  # fmt: skip


@st.composite
def _start_tag(draw) -> str:
    tag = draw(st.sampled_from(_TAGS))
    tag = tag.upper() if draw(st.booleans()) else tag
    attributes = draw(st.lists(
        st.tuples(st.sampled_from(_ATTRIBUTES), st.sampled_from(_VALUES),
                  st.sampled_from(['"', "'", "", None])),
        max_size=3,
    ))  # fmt: skip
    written = "".join(
        f" {attribute}" if quote is None else f" {attribute}={quote}{value}{quote}"
        for attribute, value, quote in attributes
    )
    return f"<{tag}{written}{draw(st.sampled_from(['>', '/>', '', ' >']))}"


_markup_piece = st.one_of(
    _start_tag(),
    st.sampled_from(_TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from(_OTHER_MARKUP),
    st.sampled_from(_ENTITIES),
)
html_source = st.lists(st.one_of(_text_piece, _markup_piece), max_size=60).map("".join)

_MARKDOWN = ["# ", "*", "**", "_", "`", "```\n", "~~~", "[", "]", "(", ")", "<", ">", "\\*",
             "\\", "> ", "- ", "1. ", "    code\n", "---\n", "+++\n", "key: v\n", 'title: "x"\n',
             "|a|b|\n", "|-|-|\n", "[x]: https://e.example/ 't'\n", "[x][x]",
             "<https://a.example>", "![alt](p.png)", "[credit](https://b.example/c)"]  # fmt: skip
markdown_source = st.lists(
    st.one_of(st.sampled_from(_MARKDOWN), _text_piece, _markup_piece), max_size=60
).map("".join)

_BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
_CODECS = ["utf-8", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "shift_jis", "gb18030", "koi8-r"]


@st.composite
def file_bytes(draw) -> bytes:
    """Bytes of a file: random, or an HTML/Markdown source in some encoding; a byte-order mark
    (fitting or not) in front; a few bytes overwritten."""
    kind = draw(st.sampled_from(["random", "html", "markdown"]))
    if kind == "random":
        data = draw(st.binary(max_size=400))
    else:
        source = draw(html_source if kind == "html" else markdown_source)
        data = source.encode(draw(st.sampled_from(_CODECS)), "replace")
    data = bytearray(draw(st.sampled_from(_BOMS)) + data)
    for position, value in draw(st.lists(st.tuples(st.integers(0), st.integers(0, 255)),
                                         max_size=3)):  # fmt: skip
        if data:
            data[position % len(data)] = value
    return bytes(data)


# -- invariants ------------------------------------------------------------------------------------
def _line_and_column(source: str, offset: int) -> tuple[int, int]:
    line_start = source.rfind("\n", 0, offset) + 1
    return source.count("\n", 0, offset) + 1, offset - line_start + 1


def assert_span_in_file(span: Span, source: str) -> None:
    """``span`` lies inside ``source`` and its lines and columns are those of its offsets."""
    assert 0 <= span.start <= span.end <= len(source), (span, len(source))
    assert (span.line, span.column) == _line_and_column(source, span.start), span
    end_line, last_column = _line_and_column(source, max(span.start, span.end - 1))
    assert (span.end_line, span.end_column) == (
        end_line,
        last_column + (span.end > span.start),
    ), span


def assert_offsets_consistent(document: LoadedDocument) -> None:
    """Every visible character maps into the source, in order; verbatim runs copy the source
    (a folded space stands for a whitespace character); every range lies inside its string."""
    text, source, offsets = document.text, document.source, document.offsets
    if offsets.text_starts:
        assert offsets.text_length == len(text)
    previous = 0
    for position in range(len(text)):
        start, end = offsets.source_range(position, position + 1)
        assert previous <= start <= end <= len(source), (position, start, end, len(source))
        previous = start
    runs = zip(
        offsets.text_starts, offsets.src_starts, offsets.src_lengths, offsets.linear, strict=True
    )
    for text_start, src_start, length, linear in runs:
        if linear:
            copied = zip(text[text_start : text_start + length],
                         source[src_start : src_start + length], strict=True)  # fmt: skip
            assert all(a == b or (a.isspace() and b.isspace()) for a, b in copied)
    for link in document.links:
        assert -1 <= link.text_start <= link.text_end <= len(text), link
        assert 0 <= link.src_start <= link.src_end <= len(source), link
    for start, end, _ in document.comments:
        assert 0 <= start <= end <= len(source)
    for item in document.meta:
        assert 0 <= item.src_start <= item.src_end <= len(source), item
    for start, end in document.quoted + document.boilerplate:
        assert 0 <= start < end <= len(text)


def examples(divisor: int) -> int:
    """The profile's number of examples divided by ``divisor``, for a slower property."""
    return max(1, settings.default.max_examples // divisor)
