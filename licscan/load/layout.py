"""Building visible text the way a browser lays it out, keeping every character's source offset.

:class:`TextWriter` folds whitespace (runs of ASCII whitespace become one space, none at the
start or end of a line), turns block boundaries into line breaks and records where each
character came from.  :class:`SourceStream` is the decoded text of a source's text runs
(entities decoded, CRLF read as LF) with its map back to the source: parsers such as lxml and
markdown-it report text without positions, and the stream is where each of their text pieces
is found again, in document order, with a moving cursor.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from licscan.textmap import OffsetMap, TextBuilder

WHITESPACE = " \t\n\r\f"
# Whitespace that does not already read as one plain space.
_FOLD = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
_NON_SPACE = re.compile(r"[^ \t\n\r\f]")
_WORD = re.compile(r"[^ \t\n\r\f]+|[ \t\n\r\f]+")


class TextWriter:
    """Accumulates visible text; spaces and line breaks are decided lazily, at the next text."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.length = 0  # characters written so far
        self._space_src = -1  # source offset of a pending folded space
        self._space_length = 0  # 1: a whitespace character of the source; 0: only pinned there
        self._want_newlines = 0  # line breaks owed before the next text
        self._newlines = 0  # line breaks at the end of the text so far
        self.src_end = 0  # source offset just after the last character written

    def __len__(self) -> int:
        return self.length

    def mark(self) -> int:
        """Where the next visible character will go (ranges are trimmed at the end anyway)."""
        return self.length

    # -- text ------------------------------------------------------------------------------
    def flow(self, text: str, src: int) -> None:
        """Verbatim source text ``text`` found at ``src``; whitespace is folded."""
        body = text.lstrip(WHITESPACE)
        if len(body) < len(text) and self._space_src < 0:
            self._space_src, self._space_length = src, 1
        if not body:
            return
        start = src + len(text) - len(body)
        core = body.rstrip(WHITESPACE)
        if self._want_newlines or self._space_src >= 0:
            self._separate(start, True)
        add = self.builder.add
        if _FOLD.search(core) is None:
            add(core, start)
            self.length += len(core)
        else:
            pos = 0
            for match in _FOLD.finditer(core):
                # the words before, plus one space mapped onto the run's first character
                words = core[pos : match.start()] + " "
                add(words, start + pos)
                self.length += len(words)
                pos = match.end()
            add(core[pos:], start + pos)
            self.length += len(core) - pos
        self._newlines = 0
        self.src_end = start + len(core)
        if len(core) < len(body):
            self._space_src, self._space_length = self.src_end, 1

    def preformatted(self, text: str, src: int, src_length: int | None = None) -> None:
        """Text whose whitespace is kept (``<pre>``, code blocks); linear unless ``src_length``."""
        if text:
            self._separate(src, False)
            self._append(text, src, src_length)

    def atom(self, text: str, src: int, src_length: int) -> None:
        """Text standing for a source stretch of another length (a decoded entity)."""
        if text:
            self._separate(src, True)
            self._append(text, src, src_length)

    # -- separators ------------------------------------------------------------------------
    def space(self, src: int, length: int = 0) -> None:
        """Whitespace: one space before the next word on the same line.

        ``length`` is 1 when ``src`` is a whitespace character of the source, 0 when the space
        is only pinned there (whitespace the parser reported without a position).
        """
        if self._space_src < 0:
            self._space_src, self._space_length = src, length

    def line_break(self) -> None:
        """``<br>``: a forced line break (two in a row make a blank line, no more)."""
        if self.length:
            self._want_newlines = min(max(self._want_newlines, self._newlines) + 1, 2)
            self._space_src = -1

    def block(self, newlines: int = 1) -> None:
        """A block boundary: at least ``newlines`` line breaks before the next text."""
        self._space_src = -1
        if self.length and newlines > self._want_newlines:
            self._want_newlines = newlines

    def text(self) -> str:
        return self.builder.text()

    @property
    def map(self) -> OffsetMap:
        return self.builder.map

    # -- internals ---------------------------------------------------------------------------
    def _separate(self, src: int, folded_space: bool) -> None:
        """Write the line breaks owed and, between words, the pending space."""
        missing = self._want_newlines - self._newlines
        if missing > 0:
            self.builder.add("\n" * missing, src, 0)
            self.length += missing
            self._newlines = self._want_newlines
            self._space_src = -1
        self._want_newlines = 0
        if self._space_src >= 0:
            if folded_space and self._newlines == 0 and self.length:
                if self._space_length == 1:
                    self.builder.add(" ", self._space_src)
                else:
                    self.builder.add(" ", self._space_src, self._space_length)
                self.length += 1
            self._space_src = -1

    def _append(self, text: str, src: int, src_length: int | None) -> None:
        self.builder.add(text, src, src_length)
        self.length += len(text)
        self.src_end = src + (len(text) if src_length is None else src_length)
        stripped = text.rstrip("\n")
        if stripped:
            self._newlines = len(text) - len(stripped)
        else:
            self._newlines += len(text)


class SourceStream:
    """The decoded text runs of a source, where parser text pieces are found again."""

    WINDOW = 4096  # how far past the cursor a piece may start (text the parser dropped)

    def __init__(self, text: str, segments: OffsetMap) -> None:
        self.text = text
        self._starts = segments.text_starts
        self._src = segments.src_starts
        self._src_lengths = segments.src_lengths
        self._linear = segments.linear
        self.cursor = 0
        self.misses = 0  # pieces that could not be found exactly

    def source_offset(self, pos: int) -> int:
        """Source offset of stream position ``pos`` (the end of the source when past it)."""
        if not self._starts:
            return pos
        i = max(0, bisect_right(self._starts, pos) - 1)
        if self._linear[i]:
            return self._src[i] + min(pos - self._starts[i], self._src_lengths[i])
        return self._src[i] + (self._src_lengths[i] if pos > self._starts[i] else 0)

    def position_of(self, src: int) -> int:
        """Stream position of the first character at or after source offset ``src``."""
        if not self._starts:
            return min(src, len(self.text))
        i = bisect_right(self._src, src) - 1
        if i < 0:
            return 0
        offset = src - self._src[i]
        if offset == 0 or (self._linear[i] and offset < self._src_lengths[i]):
            return self._starts[i] + offset
        return self._starts[i + 1] if i + 1 < len(self._starts) else len(self.text)

    def take(
        self,
        piece: str,
        writer: TextWriter | None,
        preformatted: bool = False,
        limit: int | None = None,
    ) -> int:
        """Find ``piece`` at or after the cursor, write it (unless ``writer`` is None), advance.

        Returns the stream position where the piece was found (-1: only approximately).
        """
        end_limit = len(self.text) if limit is None else limit
        stop = min(self.cursor + len(piece) + self.WINDOW, end_limit)
        start = self.text.find(piece, self.cursor, stop)
        if start < 0 and stop < end_limit:
            if len(piece) >= 24:  # long pieces are distinctive enough to look further
                start = self.text.find(piece, self.cursor, end_limit)
            else:  # the window starts after any whitespace the parser's pieces skipped
                word = _NON_SPACE.search(self.text, self.cursor, end_limit)
                if word is not None and word.start() > self.cursor:
                    stop = min(word.start() + len(piece) + self.WINDOW, end_limit)
                    start = self.text.find(piece, self.cursor, stop)
        if start >= 0:
            end = start + len(piece)
            if writer is not None:
                self.write(writer, start, end, preformatted)
            self.cursor = end
            return start
        self.misses += 1
        self._take_by_words(piece, writer, preformatted, end_limit)
        return -1

    def write_verbatim(self, writer: TextWriter, piece: str, start: int, end: int) -> bool:
        """Write ``piece``, found at [start, end), if it lies in one verbatim run (else False)."""
        starts = self._starts
        if not starts:
            writer.flow(piece, start)
            return True
        i = bisect_right(starts, start) - 1
        if self._linear[i] and (i + 1 == len(starts) or end <= starts[i + 1]):
            writer.flow(piece, self._src[i] + start - starts[i])
            return True
        return False

    def write(self, writer: TextWriter, start: int, end: int, preformatted: bool = False) -> None:
        """Write stream range [start, end) into ``writer`` segment by segment."""
        starts, text = self._starts, self.text
        if not preformatted and self.write_verbatim(writer, text[start:end], start, end):
            return
        if not starts:
            writer.preformatted(text[start:end], start)
            return
        i = bisect_right(starts, start) - 1
        count = len(starts)
        while i < count and starts[i] < end:
            seg_start = starts[i]
            seg_end = starts[i + 1] if i + 1 < count else len(text)
            lo = start if start > seg_start else seg_start
            if self._linear[i]:
                chunk = text[lo : min(end, seg_end)]
                self._write_linear(writer, chunk, self._src[i] + lo - seg_start, preformatted)
            elif lo == seg_start:
                self._write_atom(writer, text[seg_start:seg_end], i, preformatted)
            i += 1

    @staticmethod
    def _write_linear(writer: TextWriter, chunk: str, src: int, preformatted: bool) -> None:
        if preformatted:
            writer.preformatted(chunk, src)
        else:
            writer.flow(chunk, src)

    def _write_atom(self, writer: TextWriter, atom: str, i: int, preformatted: bool) -> None:
        src, length = self._src[i], self._src_lengths[i]
        if atom.strip(WHITESPACE):
            writer.atom(atom, src, length)
        elif preformatted:
            writer.preformatted(atom, src, length)
        else:
            writer.space(src, length)

    def _take_by_words(
        self, piece: str, writer: TextWriter | None, preformatted: bool, limit: int
    ) -> None:
        """Align a piece the parser changed (another entity table, a dropped control character)
        word by word: words found nearby keep their offsets, the others are pinned in place."""
        text = self.text
        for match in _WORD.finditer(piece):
            word = match.group()
            is_space = not word.strip(WHITESPACE)
            if is_space and writer is not None and not preformatted:
                writer.space(self.source_offset(self.cursor))
                continue
            if is_space and writer is None:
                continue
            start = text.find(word, self.cursor, min(self.cursor + len(word) + 64, limit))
            if start >= 0:
                if writer is not None:
                    self.write(writer, start, start + len(word), preformatted)
                self.cursor = start + len(word)
            elif writer is not None:
                self._write_unmapped(writer, word, self.source_offset(self.cursor), preformatted)

    @staticmethod
    def _write_unmapped(writer: TextWriter, word: str, src: int, preformatted: bool) -> None:
        """A word not found in the source: kept, mapped to an empty stretch at ``src``."""
        if preformatted:
            writer.preformatted(word, src, 0)
        else:
            writer.atom(word, src, 0)
