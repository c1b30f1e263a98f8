"""Does a document credit the source a passage comes from?  Evidence, and where it is.

Evidence of credit, each recorded as ``"<kind>:<what>@L<line>"``:

``link``
    a link (``<a href>``, Markdown link, or a bare ``https://``/``www.`` URL in the text) to
    the source's registered domain: ``www.example.com`` and ``example.com`` are one site, and a
    link to any page of the site counts for the site.
``canonical``
    the document's ``<link rel="canonical">`` points to the source's site.
``credit_line``
    a credit phrase naming the source, by publisher, holder, domain or host: "Source: X",
    "via X", "Courtesy of X", "Originally published by X", "according to X", "©X", "X
    reported", "laut X", "selon X", "según X" … — the phrases are the ``attribution`` rules of
    the rule set (``rules/attribution.yaml``, run by :mod:`licscan.detect.credit_phrases`).
    Names are compared without case, spaces and punctuation ("Global Defense Corp" names
    ``globaldefensecorp.com``).

A credit line naming another outlet is not credit for this source, and text inside the
passages reused from the source does not count (a copied article may name its own
publisher).  Credit must stand near the passage (its paragraphs, the one before, the two
after) or in the document's credit area (the first two and last three paragraphs: byline,
footer); a canonical link counts wherever it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from licscan.detect.credit_phrases import Cue, credits
from licscan.match.records import SourceInfo
from licscan.match.sites import name_variants, site_of
from licscan.model import LoadedDocument

URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]{}\"'`]+")


@dataclass
class Credit:
    attributed: bool
    linked: bool
    evidence: list[str]


def credit_for(document: LoadedDocument, source: SourceInfo, passages: list[tuple[int, int]],
               cues: list[Cue]) -> Credit:
    """Evidence in ``document`` crediting ``source``; ``passages`` are the text ranges reused
    from it, where evidence does not count; ``cues`` are the document's credit phrases
    (:func:`licscan.detect.credit_phrases.find_cues`)."""
    site = source.domain or site_of(source.url or source.host)
    near = _Near(document.text, passages)
    evidence: list[str] = []
    if site:
        evidence += _link_evidence(document, site, passages, near)
    linked = bool(evidence)
    names = _names_pattern(tuple(_names(source)))
    if names is not None:
        evidence += [
            _credit(document, start, end) for start, end in credits(document.text, cues, names)
            if near(start) and not _inside(start, end, passages)
        ]
    evidence = list(dict.fromkeys(evidence))
    return Credit(attributed=bool(evidence), linked=linked, evidence=evidence)


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


def _names(source: SourceInfo) -> list[str]:
    return name_variants(source.publisher, *source.names, *source.holders, source.domain,
                         source.host)


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
def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """One regex matching any of the squashed names with any spacing or punctuation between
    its letters (``usatoday`` matches "USA TODAY" and "usatoday.com")."""
    if not names:
        return None
    alternatives = sorted(
        (r"[\W_]*".join(re.escape(ch) for ch in name) for name in names), key=len, reverse=True
    )
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


def quoted(document: LoadedDocument, start: int, end: int) -> bool:
    """The passage stands in a blockquote or ``<q>`` (``document.quoted``), or between
    quotation marks."""
    inside = sum(max(0, min(b, end) - max(a, start)) for a, b in document.quoted)
    if end > start and inside >= 0.8 * (end - start):
        return True
    text = document.text
    opens = start < len(text) and text[start] in _OPEN
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    opens = opens or (i >= 0 and text[i] in _OPEN)
    closes = end > 0 and text[end - 1] in _CLOSE
    j = end
    while j < len(text) and text[j] in " \t.,;:!?":
        j += 1
    closes = closes or (j < len(text) and text[j] in _CLOSE)
    return opens and closes
