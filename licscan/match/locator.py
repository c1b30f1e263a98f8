"""Where a passage of a source lies in its original file, without the file.

The index keeps each source's offset map (visible text to original file) and line starts as
one zlib-compressed JSON blob (:func:`pack_textmap`); :class:`SourceLocator` reads it back.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

from licscan.textmap import LineIndex, OffsetMap, Span


@dataclass
class SourceLocator:
    """Turns offsets in a source's visible text into offsets and lines of its original file."""

    offsets: OffsetMap
    line_starts: list[int]

    @classmethod
    def unpack(cls, blob: bytes) -> SourceLocator:
        """The locator :func:`pack_textmap` stored."""
        text_starts, src_starts, src_lengths, linear, length, starts = json.loads(
            zlib.decompress(blob)
        )
        offsets = OffsetMap(text_starts, src_starts, src_lengths, [bool(x) for x in linear],
                            length)
        return cls(offsets, starts)

    def span(self, start: int, end: int) -> Span:
        src_start, src_end = self.offsets.source_range(start, end)
        return _StoredLines(self.line_starts).span(src_start, src_end)


def pack_textmap(offsets: OffsetMap, starts: list[int]) -> bytes:
    """A source's offset map and line starts, as the index stores them."""
    fields = [list(offsets.text_starts), list(offsets.src_starts), list(offsets.src_lengths),
              list(offsets.linear), offsets.text_length, starts]
    return zlib.compress(json.dumps(fields, separators=(",", ":")).encode(), 6)


class _StoredLines(LineIndex):
    """A :class:`LineIndex` rebuilt from stored line starts, without the source text."""

    def __init__(self, starts: list[int]) -> None:
        self._starts = starts


def line_starts(source: str) -> list[int]:
    """Offsets where each line of ``source`` begins (what :class:`LineIndex` bisects)."""
    starts = [0]
    pos = source.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = source.find("\n", pos + 1)
    return starts
