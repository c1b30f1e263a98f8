"""A passage's ends without credit: what the alignment took in but is not reused text.

Two texts of one story agree on more than the story: the source's byline or credit line
("ASSOCIATED PRESS") and the draft's credit phrase ("according to The Associated Press") may
hold the same words, and the alignment then starts the passage there.  :func:`trim` drops the
words at either end of a passage that lie in such ranges (the document's credit phrases naming
the source; the source's bylines, credit lines and picture captions), so the credit is
found as credit and the quotation marks just inside it stand at the passage's ends.

:func:`copied_around` goes the other way, for credit: words next to a passage that are the
source's own words next to it (its dateline, "NEW YORK (Reuters) -", which matching leaves
out) were copied with it, and a credit copied with the text is the source naming itself, not
the document crediting it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from licscan.match.passages import MIN_WORDS, Passage, widen
from licscan.match.words import WORD_RE, Tokens, normalise_word

REACH = 12  # words either side of a passage compared with the source's, raw
_WINDOW = 200  # characters that hold them


def trim(p: Passage, doc: Tokens, src: Tokens, doc_out: Sequence[tuple[int, int]],
         src_out: Sequence[tuple[int, int]]) -> Passage:
    """``p`` without, at either end, the source words in ``src_out`` (with the document words
    they are aligned with) and the document words in ``doc_out`` that share nothing with the
    source (bridged over); ``p`` itself when nothing is trimmed, when its words are not in
    source order, or when too little would be left to be a passage.

    Document words of a credit phrase that equal the source's own words are the source naming
    itself, copied: they stay in the passage, and so are not credit."""
    if p.kind == "reordered":
        return p
    doc_in, src_in = _Ranges(doc, doc_out), _Ranges(src, src_out)
    d0, s0 = p.d0, p.s0
    while d0 < p.d1 and s0 < p.s1:
        if src_in(s0):
            d0, s0 = d0 + (doc.words[d0] == src.words[s0]), s0 + 1
        elif doc_in(d0) and doc.words[d0] != src.words[s0]:
            d0 += 1
        else:
            break
    d1, s1 = p.d1, p.s1
    while d1 > d0 and s1 > s0:
        if src_in(s1 - 1):
            d1, s1 = d1 - (doc.words[d1 - 1] == src.words[s1 - 1]), s1 - 1
        elif doc_in(d1 - 1) and doc.words[d1 - 1] != src.words[s1 - 1]:
            d1 -= 1
        else:
            break
    d0, d1, s0, s1 = _cut_at_credit(p, doc, doc_out, (d0, d1, s0, s1))
    if (d0, d1, s0, s1) == (p.d0, p.d1, p.s0, p.s1):
        return p
    matched = sum(max(0, min(f.d1, d1) - max(f.d0, d0)) for f in p.fragments)
    if d1 - d0 < MIN_WORDS or s1 - s0 < MIN_WORDS or matched < MIN_WORDS:
        return p
    dropped = _chars(src, p.s0, s0) + _chars(src, s1, p.s1)
    return replace(
        p, d0=d0, d1=d1, s0=s0, s1=s1, matched=matched,
        doc_chars=widen(doc, src, d0, d1, s0, s1), src_chars=widen(src, doc, s0, s1, d0, d1),
        src_covered=max(0, p.src_covered - dropped),
    )


def _cut_at_credit(p: Passage, doc: Tokens, doc_out: Sequence[tuple[int, int]],
                   bounds: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``bounds`` cut where a credit phrase of the document stands between two of the
    passage's words with fewer than :data:`MIN_WORDS` words beyond it: the words past a credit
    line ("Source: Phys.org") that happen to go on like the source ("We …") are not copied text
    but the document's next paragraph."""
    d0, d1, s0, s1 = bounds
    for start, _ in sorted(doc_out):
        k = int(np.searchsorted(doc.starts, start, "left"))  # the first word after it
        if not d0 < k < d1 or doc.ends[k - 1] > start:
            continue
        if k - d0 < MIN_WORDS:
            d0, s0 = k, _source_word(p, k, s0)
        elif d1 - k < MIN_WORDS:
            d1, s1 = k, _source_word(p, k, s1)
            break
    return d0, d1, s0, s1


def _source_word(p: Passage, word: int, default: int) -> int:
    """The source word aligned with document word ``word`` in one of ``p``'s fragments."""
    for f in p.fragments:
        if f.d0 <= word <= f.d1:
            return f.s0 + (word - f.d0)
    return default


class _Ranges:
    """Whether a word starts inside one of some text ranges."""

    def __init__(self, tokens: Tokens, ranges: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._tokens = tokens
        self._starts = np.asarray([a for a, _ in ordered], dtype=np.int64)
        self._ends = np.maximum.accumulate(np.asarray([b for _, b in ordered], dtype=np.int64))

    def __call__(self, word: int) -> bool:
        if not len(self._starts):
            return False
        pos = int(self._tokens.starts[word])
        k = int(np.searchsorted(self._starts, pos, "right")) - 1
        return k >= 0 and int(self._ends[k]) > pos


def _chars(tokens: Tokens, first: int, end: int) -> int:
    return int(tokens.ends[end - 1] - tokens.starts[first]) if end > first else 0


def copied_around(doc_text: str, src_text: str, doc_range: tuple[int, int],
                  src_range: tuple[int, int]) -> tuple[int, int]:
    """``doc_range`` widened over the words either side that equal the source's words either
    side of ``src_range`` (at most :data:`REACH`, compared as written, left-out words too),
    when they make the rest of the document's line."""
    (start, end), (src_start, src_end) = doc_range, src_range
    line_start = doc_text.rfind("\n", 0, start) + 1
    line_end = doc_text.find("\n", end)
    line_end = len(doc_text) if line_end < 0 else line_end
    before = _shared(_words(doc_text, max(line_start, start - _WINDOW), start)[::-1],
                     _words(src_text, src_start - _WINDOW, src_start)[::-1])
    after = _shared(_words(doc_text, end, min(line_end, end + _WINDOW)),
                    _words(src_text, src_end, src_end + _WINDOW))
    # only a whole line's opening or ending is copied with it: "DOVER (Harbour Wire) -" is,
    # the name in "According to Harbour Wire" is the document's own credit
    if before and _has_word(doc_text, line_start, before[-1][0]):
        before = []
    if after and _has_word(doc_text, after[-1][1], line_end):
        after = []
    return (before[-1][0] if before else start), (after[-1][1] if after else end)


def _has_word(text: str, start: int, end: int) -> bool:
    return WORD_RE.search(text, start, end) is not None


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    found = WORD_RE.finditer(text, max(0, start), max(0, end))
    return [(m.start(), m.end(), normalise_word(m.group())) for m in found]


def _shared(doc: list[tuple[int, int, str]], src: list[tuple[int, int, str]]
            ) -> list[tuple[int, int, str]]:
    """The leading document words that equal the source's, in step (at most REACH)."""
    shared = []
    for ours, theirs in zip(doc[:REACH], src[:REACH], strict=False):
        if ours[2] != theirs[2]:
            break
        shared.append(ours)
    return shared
