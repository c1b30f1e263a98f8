"""What the source index keeps of each source, and how the matcher and the judge see it.

:class:`SourceRecord` is written by a build (:mod:`licscan.match.build`), :class:`SourceInfo` is
read back by a scan; the SQLite layout they live in is :mod:`licscan.match.store`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.model import Term
from licscan.textmap import OffsetMap, Span


@dataclass
class SourceFields:
    """What the index keeps of every source in columns of its own."""

    id: str
    key: str  # absolute path (or URL) that identifies the source across builds
    path: str
    url: str
    publisher: str
    domain: str
    host: str
    title: str
    doc_type: str
    words: int


@dataclass
class SourceRecord(SourceFields):
    """Everything stored for one source."""

    sha256: str
    text: str
    offsets: OffsetMap
    line_starts: list[int]
    info: dict


@dataclass
class SourceInfo(SourceFields):
    """A source as the matcher and the judge see it."""

    sid: int
    chars: int
    names: list[str] = field(default_factory=list)  # its aliases: every name a credit may use
    terms: list[Term] = field(default_factory=list)
    holders: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    store: int = 0  # which store of a SourceIndex holds it
    ignored: list[tuple[int, int]] = field(default_factory=list)  # text ranges never compared
    captions: list[tuple[int, int]] = field(default_factory=list)  # picture captions, credits
    lang: str = ""  # ISO code of the language its content words were stemmed in

    @property
    def compared_chars(self) -> int:
        """Characters of the text that are compared (the article, without site chrome)."""
        return max(1, self.chars - sum(end - start for start, end in self.ignored))

    @property
    def label(self) -> str:
        """How a message names the source: its URL, else its path or id."""
        return self.url or self.path or self.id


def terms_to_json(terms: list[Term]) -> list[dict]:
    out = []
    for term in terms:
        row = {k: v for k, v in vars(term).items() if k != "span"}
        row["span"] = [term.span.start, term.span.end, term.span.line, term.span.column,
                       term.span.end_line, term.span.end_column]
        out.append(row)
    return out


def terms_from_json(rows: list[dict]) -> list[Term]:
    terms = []
    for row in rows:
        row = dict(row)
        span = Span(*row.pop("span", [0, 0, 1, 1, 1, 1]))
        known = {k: v for k, v in row.items() if k in Term.__dataclass_fields__}
        terms.append(Term(span=span, **known))
    return terms
