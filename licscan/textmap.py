"""Extracted text that remembers where every character came from.

Loaders turn a file into the text a reader sees (markup gone, entities decoded, whitespace
folded).  Every finding must still point into the *original* file, so each extracted text
carries an :class:`OffsetMap`: a sorted list of segments, each either *linear* (the text chars
map one-to-one onto the same number of source chars) or *atomic* (one or more text chars stand
for a source stretch of another length: a decoded entity ``&amp;``, a separator the loader
inserted for a block boundary).  The segments are kept in compact arrays (8 bytes an offset,
1 byte a flag): a page of millions of tiny elements has millions of them.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple


class Span(NamedTuple):
    """A stretch of the original file: code-point offsets (end exclusive), 1-based lines/columns.

    ``end_column`` is the column just after the last character, as SARIF expects.  A named
    tuple, not a dataclass: a scan of a file of repeated notices makes hundreds of thousands.
    ``location`` says where the stretch is in words ("page 3, line 12") for a document whose
    source licscan built itself (PDF, Word, EPUB): there lines and columns count in that text,
    not in the file; "" for a text file.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    location: str = ""


class LineIndex:
    """Turns code-point offsets of a source string into 1-based (line, column)."""

    def __init__(self, source: str) -> None:
        starts = [0]
        find = source.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        starts = self._starts  # line_col twice, inlined: spans are made by the hundred thousand
        line = bisect_right(starts, start)
        last = end - 1 if end > start else start
        end_line = bisect_right(starts, last, line - 1)
        column, end_column = start - starts[line - 1] + 1, last - starts[end_line - 1] + 1
        return Span(start, end, line, column, end_line, end_column + (1 if end > start else 0))


def where(path: str, line: int, column: int, location: str = "") -> str:
    """A row's place as reports write it: ``page.html:12:5``, or ``report.pdf (page 3, line
    12)`` when it has a location (lines of a built source mean nothing in the file)."""
    return f"{path} ({location})" if location else f"{path}:{line}:{column}"


class Locations:
    """Where the parts of a built source lie in the original file, in words a reader follows.

    A loader of a binary format writes its source part by part (a page, a paragraph, a
    footnote, a chapter's XHTML) and names each part as it goes; :meth:`describe` names the
    part an offset falls in, with the line inside it when the part's lines are the original's
    ("page 3, line 12", "chapter2.xhtml, line 40"), else the label alone ("footer").
    """

    def __init__(self) -> None:
        self._starts = array("q")
        self._labels: list[str] = []
        self._count_lines = bytearray()
        self._first_lines: list[int] | None = None  # each part's first line, once asked

    def __len__(self) -> int:
        return len(self._labels)

    def add(self, src_start: int, label: str, count_lines: bool = True) -> None:
        """Begin a part at ``src_start`` (parts come in source order)."""
        self._starts.append(src_start)
        self._labels.append(label)
        self._count_lines.append(count_lines)
        self._first_lines = None

    def describe(self, offset: int, lines: LineIndex) -> str:
        """The words for source ``offset``; "" before the first part."""
        part = bisect_right(self._starts, offset) - 1
        if part < 0:
            return ""
        label = self._labels[part]
        if not self._count_lines[part]:
            return label
        if self._first_lines is None:
            self._first_lines = [lines.line_col(start)[0] for start in self._starts]
        line = lines.line_col(offset)[0] - self._first_lines[part] + 1
        return f"{label}, line {line}"


def offsets_array(values: Iterable[int] = ()) -> array:
    """Offsets (or lengths) as a compact array."""
    return values if isinstance(values, array) else array("q", values)


@dataclass
class OffsetMap:
    """Maps offsets in extracted text to offsets in the source string.

    Built from any sequences (the source index stores lists); kept as arrays.
    """

    text_starts: array = field(default_factory=offsets_array)
    src_starts: array = field(default_factory=offsets_array)
    src_lengths: array = field(default_factory=offsets_array)
    linear: bytearray = field(default_factory=bytearray)  # 1: linear, 0: atomic
    text_length: int = 0

    def __post_init__(self) -> None:
        self.text_starts = offsets_array(self.text_starts)
        self.src_starts = offsets_array(self.src_starts)
        self.src_lengths = offsets_array(self.src_lengths)
        if not isinstance(self.linear, bytearray):
            self.linear = bytearray(self.linear)

    def _segment(self, pos: int) -> int:
        return max(0, bisect_right(self.text_starts, pos) - 1)

    def source_start(self, pos: int) -> int:
        """Source offset where the text character at ``pos`` begins."""
        if not self.text_starts:
            return pos
        i = self._segment(pos)
        if self.linear[i]:
            return self.src_starts[i] + min(pos - self.text_starts[i], self.src_lengths[i])
        return self.src_starts[i]

    def source_end(self, end: int) -> int:
        """Source offset just after the text character at ``end - 1``."""
        if not self.text_starts:
            return end
        if end <= 0:
            return self.source_start(0)
        i = self._segment(end - 1)
        if self.linear[i]:
            return self.src_starts[i] + min(end - self.text_starts[i], self.src_lengths[i])
        return self.src_starts[i] + self.src_lengths[i]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        src_start, src_end = self.source_start(start), self.source_end(end)
        return src_start, src_end if src_end > src_start else src_start


class TextBuilder:
    """Accumulates extracted text piece by piece, recording each piece's source offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._linear_end: int | None = None  # source end of the last segment, when linear
        self.map = OffsetMap()

    def __len__(self) -> int:
        return self._length

    def add(self, text: str, src_start: int, src_length: int | None = None) -> None:
        """Append ``text`` taken from the source at ``src_start``.

        Without ``src_length`` the text is a verbatim copy (linear segment); with it, the whole
        piece stands for ``src_length`` source chars (an entity, an inserted separator).
        """
        if not text:
            return
        size = len(text)
        m = self.map
        if src_length is None and src_start == self._linear_end:
            m.src_lengths[-1] += size  # extends the previous verbatim run
            self._linear_end += size
        else:
            linear = src_length is None
            m.text_starts.append(self._length)
            m.src_starts.append(src_start)
            m.src_lengths.append(size if linear else src_length)
            m.linear.append(linear)
            self._linear_end = src_start + size if linear else None
        self._parts.append(text)
        self._length += size
        m.text_length = self._length

    def text(self) -> str:
        return "".join(self._parts)
