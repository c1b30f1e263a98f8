"""Documents whose source licscan builds: the text of a binary format (PDF, Word), part by part.

A binary file has no text to point into, so its loader writes one: each part's text (a page, a
paragraph, a footnote) in reading order, a blank line between parts, and a
:class:`~licscan.textmap.Locations` entry naming the part where it begins.  The source is then
read as plain text, so offsets, lines and columns work as for any text file, and every span
also says where it is in the file ("page 3, line 12").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from licscan.load.plaintext import read_plain_text
from licscan.model import DocType, LoadedDocument
from licscan.textmap import Locations

PART_BREAK = "\n\n"
# The location of a document's own properties (PDF document info, Office core properties).
PROPERTIES_LOCATION = "document properties"


@dataclass(frozen=True)
class Part:
    """One part of a built source: its name in a location, its text, and whether its lines
    are lines a reader sees in the file (a PDF page's) or not (a Word paragraph's)."""

    label: str
    text: str
    count_lines: bool = True


def built_document(
    parts: Iterable[Part], doc_type: DocType, path: Path, relpath: str
) -> LoadedDocument:
    """The document of ``parts``, joined in order, with their locations."""
    locations = Locations()
    pieces: list[str] = []
    length = 0
    for part in parts:
        if pieces:
            pieces.append(PART_BREAK)
            length += len(PART_BREAK)
        text = part.text.replace("\r\n", "\n").replace("\r", "\n")
        locations.add(length, part.label, part.count_lines)
        pieces.append(text)
        length += len(text)
    document = read_plain_text("".join(pieces), path, relpath).document
    document.doc_type = doc_type
    document.locations = locations
    document.encoding = ""  # the file has none: its text was extracted
    return document


def number_ranges(numbers: list[int]) -> str:
    """ "1-3, 7" of [1, 2, 3, 7]."""
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)
