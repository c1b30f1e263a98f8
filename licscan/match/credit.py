"""Does a document credit the source a passage comes from?  Evidence, and where it is.

Evidence of credit, each recorded as ``"<kind>:<what>@L<line>"``:

``link``
    a link (``<a href>``, Markdown link, or a bare ``https://``/``www.`` URL in the text) to
    the source's registered domain: ``www.example.com`` and ``example.com`` are one site, and a
    link to any page of the site counts for the site.
``canonical``
    the document's ``<link rel="canonical">`` points to the source's site.
``credit_line``
    a credit phrase naming the source by any of its aliases (:mod:`licscan.match.identity`):
    "Source: X", "via X", "Courtesy of X", "Originally published by X", "according to X",
    "©X", "X reported", "laut X", "selon X", "según X", "NEW YORK (X) -", "Reporting by X",
    "h/t X" … — the phrases are the ``attribution`` rules of the rule set
    (``rules/attribution.yaml``, run by :mod:`licscan.detect.credit_phrases`).  Names are
    compared without case, spaces and punctuation ("Global Defense Corp" names
    ``globaldefensecorp.com``); a two-letter name ("AP") only as written.
``credit_link``
    a link whose anchor text or address names the source ("<a>Reuters</a>",
    ``twitter.com/Reuters``).
``cite``
    a ``<blockquote cite=URL>`` whose URL is on the source's site or names it, or a
    ``<cite>`` naming the source.

A credit line naming another outlet is not credit for this source, and text reused from any
source does not count (a copied article may name its own publisher, or another's), nor does
a credit copied along with a passage (the source's own dateline before it).  Credit must
stand near the passage (its paragraphs, the one before, the two after) or in the document's
credit area (the first two and last three paragraphs: byline, footer); a canonical link
counts wherever it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from licscan.detect.credit_phrases import Cue, credits
from licscan.match.records import SourceInfo
from licscan.match.sites import name_variants, site_of, squash
from licscan.match.words import WORD_RE
from licscan.model import LoadedDocument

BYLINE_WORDS = 6  # a line naming the source with at most this many words is a credit line
URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]{}\"'`]+")


@dataclass
class Credit:
    attributed: bool
    linked: bool
    evidence: list[str]


def credit_for(document: LoadedDocument, source: SourceInfo, passages: list[tuple[int, int]],
               cues: list[Cue], copied: list[tuple[int, int]] | None = None) -> Credit:
    """Evidence in ``document`` crediting ``source``; ``passages`` are the text ranges reused
    from it; ``copied`` (default: ``passages``) every range reused from any source, where
    evidence does not count; ``cues`` are the document's credit phrases
    (:func:`licscan.detect.credit_phrases.find_cues`)."""
    copied = passages if copied is None else copied
    site = source.domain or site_of(source.url or source.host)
    near = _Near(document.text, passages)
    evidence: list[str] = []
    if site:
        evidence += _link_evidence(document, site, copied, near)
    linked = bool(evidence)
    names = names_pattern(source)
    if names is not None:
        evidence += [
            _credit(document, start, end) for start, end in credits(document.text, cues, names)
            if near(start) and not _inside(start, end, copied)
        ]
        evidence += _named_links(document, names, site, copied, near)
    evidence += _citations(document, names, site, copied, near)
    evidence = list(dict.fromkeys(evidence))
    return Credit(attributed=bool(evidence), linked=linked, evidence=evidence)


def credit_ranges(document: LoadedDocument, source: SourceInfo, cues: list[Cue]
                  ) -> list[tuple[int, int]]:
    """Text ranges of the document's credit phrases naming ``source`` ("according to The
    Associated Press", "(Reporting by Reuters)"): never part of a passage reused from it."""
    names = names_pattern(source)
    return [] if names is None else credits(document.text, cues, names)


def byline_ranges(text: str, source: SourceInfo) -> list[tuple[int, int]]:
    """Lines of a source's ``text`` that only name it: bylines and credit lines ("By
    Reuters", "ITV, ASSOCIATED PRESS"), of at most :data:`BYLINE_WORDS` words."""
    names = names_pattern(source)
    if names is None:
        return []
    found: dict[tuple[int, int], None] = {}
    for m in names.finditer(text):
        start, end = _line_start(text, m.start()), _line_end(text, m.end())
        if len(WORD_RE.findall(text, start, end)) <= BYLINE_WORDS:
            found[(start, end)] = None
    return list(found)


class _Near:
    """Where credit for a passage may stand: in its paragraphs, the paragraph before it, the
    two after it, or the document's credit area (its first two and last three paragraphs).
    A credit line further away belongs to something else (often another quoted source)."""

    BEFORE, AFTER, HEAD, TAIL = 1, 2, 2, 3

    def __init__(self, text: str, passages: list[tuple[int, int]]) -> None:
        starts, pos = [], 0
        for line in text.split("\n"):
            if line.strip():
                starts.append(pos)
            pos += len(line) + 1
        self._starts = starts
        count = len(starts)
        allowed = set(range(min(self.HEAD, count))) | set(range(count - self.TAIL, count))
        for a, b in passages:
            first, last = self.paragraph(a), self.paragraph(max(a, b - 1))
            allowed |= set(range(first - self.BEFORE, last + self.AFTER + 1))
        self._allowed = allowed

    def paragraph(self, pos: int) -> int:
        return max(0, bisect_right(self._starts, pos) - 1)

    def __call__(self, pos: int) -> bool:
        return self.paragraph(pos) in self._allowed


def names_pattern(source: SourceInfo) -> re.Pattern | None:
    """A pattern of every name of ``source``: its publisher, aliases, holders and site."""
    names = (source.publisher, *source.names, *source.holders, source.domain, source.host)
    return _names_pattern(tuple(name_variants(*names)), tuple(_initialisms(names)))


def _initialisms(names: tuple[str, ...]) -> list[str]:
    """Two-letter names in capitals ("AP"): matched as written, never inside other words or
    in lower case (a "p" after "a" is no credit)."""
    return [n for n in dict.fromkeys(names) if n.isupper() and len(squash(n)) == 2]


def _citations(document: LoadedDocument, names: re.Pattern | None, site: str,
               copied: list[tuple[int, int]], near: _Near) -> list[str]:
    """``<blockquote cite=URL>`` whose URL is on the source's site or names it (the quotation
    itself is copied text: its attribute is not), and ``<cite>`` text naming the source."""
    found = []
    for start, end, url in document.citations:
        if url:
            cited = (site and site_of(url) == site) or (names and names.search(url))
        else:
            cited = (names and names.search(document.text, start, end)
                     and near(start) and not _inside(start, end, copied))
        if cited:
            what = site_of(url) or url if url else " ".join(document.text[start:end].split())
            found.append(f"cite:{what[:60]}@L{_line(document, start)}")
    return found


def _named_links(document: LoadedDocument, names: re.Pattern, site: str,
                 copied: list[tuple[int, int]], near: _Near) -> list[str]:
    """Links whose anchor text or address names the source ("<a>Reuters</a>",
    ``twitter.com/Reuters``), outside copied text and near a passage; a link to the source's
    own site is link evidence already."""
    found = []
    for link in document.links:
        if site and site_of(link.url or link.href) == site:
            continue
        if link.text_start < 0 or _inside(link.text_start, link.text_end, copied):
            continue
        if not near(link.text_start):
            continue
        if names.search(link.text) or names.search(link.url or link.href):
            line = document.source_span(link.src_start, link.src_end).line
            found.append(f"credit_link:{' '.join(link.text.split())[:60]}@L{line}")
    return found


def _inside(start: int, end: int, passages: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in passages)


def _line(document: LoadedDocument, text_pos: int) -> int:
    return document.text_span(text_pos, text_pos + 1).line


def _link_evidence(document: LoadedDocument, site: str, passages: list[tuple[int, int]],
                   near: _Near) -> list[str]:
    found: list[str] = []
    canonical = document.canonical_url
    if canonical and site_of(canonical) == site:
        where = [m for m in document.meta if m.name.lower() == "canonical"]
        line = document.source_span(where[0].src_start, where[0].src_end).line if where else 1
        found.append(f"canonical:{site}@L{line}")
    for link in document.links:
        # a relative link made absolute against a canonical URL says nothing new
        href = link.href if canonical and not _absolute(link.href) else link.url or link.href
        if "canonical" in link.rel or site_of(href) != site:
            continue
        if link.text_start >= 0 and (_inside(link.text_start, link.text_end, passages)
                                     or not near(link.text_start)):
            continue
        line = document.source_span(link.src_start, link.src_end).line
        found.append(f"link:{site}@L{line}")
    for m in URL_RE.finditer(document.text):  # URLs written out in plain text
        if (site_of(m.group().rstrip(".,;:!?")) == site and near(m.start())
                and not _inside(m.start(), m.end(), passages)):
            found.append(f"link:{site}@L{_line(document, m.start())}")
    return list(dict.fromkeys(found))


def _absolute(href: str) -> bool:
    return href.startswith("//") or "://" in href[:12]


@lru_cache(maxsize=4096)
def _names_pattern(names: tuple[str, ...], initialisms: tuple[str, ...] = ()
                   ) -> re.Pattern | None:
    """One regex matching any of the squashed names with any spacing or punctuation between
    its letters (``usatoday`` matches "USA TODAY" and "usatoday.com"), or one of the
    ``initialisms`` as written."""
    if not names and not initialisms:
        return None
    alternatives = sorted(
        (r"[\W_]*".join(re.escape(ch) for ch in name) for name in names), key=len, reverse=True
    ) + [f"(?-i:{re.escape(name)})" for name in initialisms]
    return re.compile(
        r"(?<![^\W_])(?:the\s+)?(?:https?://)?(?:www\.)?(?:" + "|".join(alternatives)
        + r")(?![^\W_])",
        re.IGNORECASE,
    )


def _credit(document: LoadedDocument, start: int, end: int) -> str:
    line_start = _line_start(document.text, start)
    snippet = " ".join(document.text[line_start:_line_end(document.text, end)].split())
    if len(snippet) > 100:
        snippet = snippet[:99] + "…"
    return f"credit_line:{snippet}@L{_line(document, start)}"


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


_OPEN = frozenset("\"“„«‹‘‚'")
_CLOSE = frozenset("\"”»›’'")
# marks looked for a few words away: not the apostrophe, which is mostly one ("Britain's")
_MARKS = re.compile("[\"“”„«»‹›‘’‚]")
QUOTE_REACH = 4  # words between a passage and the quotation mark that still encloses it


def quoted(document: LoadedDocument, start: int, end: int) -> bool:
    """The passage stands in a blockquote or ``<q>`` (``document.quoted``), or between
    quotation marks: at its ends, or up to :data:`QUOTE_REACH` words away on the same line
    (the match may stop a few changed words short of them)."""
    inside = sum(max(0, min(b, end) - max(a, start)) for a, b in document.quoted)
    if end > start and inside >= 0.8 * (end - start):
        return True
    text = document.text
    opens = start < len(text) and text[start] in _OPEN
    closes = end > 0 and text[end - 1] in _CLOSE
    return (opens or _opens_before(text, start)) and (closes or _closes_after(text, end))


def _opens_before(text: str, start: int) -> bool:
    line_start = _line_start(text, start)
    i = start - 1
    while i >= line_start and text[i] in " \t":
        i -= 1
    if i >= line_start and text[i] in _OPEN:
        return True
    marks = list(_MARKS.finditer(text, line_start, start))
    if not marks or marks[-1].group() not in _OPEN:
        return False
    if marks[-1].group() == '"' and text.count('"', line_start, start) % 2 == 0:
        return False  # a straight mark that closes an earlier quotation
    return len(WORD_RE.findall(text, marks[-1].end(), start)) <= QUOTE_REACH


def _closes_after(text: str, end: int) -> bool:
    line_end = _line_end(text, end)
    j = end
    while j < line_end and text[j] in " \t.,;:!?":
        j += 1
    if j < line_end and text[j] in _CLOSE:
        return True
    mark = _MARKS.search(text, end, line_end)
    if mark is None or mark.group() not in _CLOSE:
        return False
    if mark.group() == '"' and text.count('"', _line_start(text, end), end) % 2 == 0:
        return False  # a straight mark that opens a later quotation
    return len(WORD_RE.findall(text, end, mark.start())) <= QUOTE_REACH
