"""Word-level alignment of a reused passage with its source, for side-by-side highlighting.

Both excerpts are split into words (case and punctuation ignored for the comparison).  The
longest common run of words is marked, then the longest run among the words not yet marked,
and so on (:meth:`difflib.SequenceMatcher.find_longest_match`), so passages that were
reordered are highlighted as well as those copied in order.  Runs shorter than ``min_run``
words ("of the") are coincidences and are not highlighted.

A paraphrase shares few runs of words: its match row keeps the sentences the paraphrase
stage aligned (``pairs``), and :func:`sentence_pairs` cuts them out of the two excerpts, to be
shown pair by pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import regex

WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*")
TOKEN = regex.compile(r"\S+")
MIN_RUN = 3
MAX_RUNS = 200  # enough for any excerpt a report shows; bounds the work on long texts
KEEP_WORDS = 25  # words of context kept on each side when a long uncopied stretch is elided
ELLIPSIS = " … "


@dataclass(frozen=True)
class Segment:
    text: str
    copied: bool


@dataclass(frozen=True)
class Alignment:
    candidate: list[Segment]
    source: list[Segment]
    copied_words: int  # words of the candidate inside highlighted runs


def align(candidate: str, source: str, min_run: int = MIN_RUN) -> Alignment:
    """Mark the words of ``candidate`` and ``source`` that one copied from the other."""
    words_a = [m.span() for m in WORD.finditer(candidate)]
    words_b = [m.span() for m in WORD.finditer(source)]
    keys_a: list[object] = [_key(candidate[s:e]) for s, e in words_a]
    keys_b: list[object] = [_key(source[s:e]) for s, e in words_b]
    shortest = max(1, min(min_run, len(keys_a), len(keys_b)))
    runs_a: list[tuple[int, int]] = []
    runs_b: list[tuple[int, int]] = []
    copied = 0
    for _ in range(MAX_RUNS):
        matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
        block = matcher.find_longest_match(0, len(keys_a), 0, len(keys_b))
        if block.size < shortest:
            break
        runs_a.append((words_a[block.a][0], words_a[block.a + block.size - 1][1]))
        runs_b.append((words_b[block.b][0], words_b[block.b + block.size - 1][1]))
        copied += block.size
        for k in range(block.size):  # marked words can never match again
            keys_a[block.a + k] = ("a", block.a + k)
            keys_b[block.b + k] = ("b", block.b + k)
    return Alignment(_segments(candidate, runs_a), _segments(source, runs_b), copied)


def _key(word: str) -> str:
    return word.casefold().replace("’", "'")


def elide(segments: list[Segment], keep: int = KEEP_WORDS) -> list[Segment]:
    """Shorten long stretches that were not copied, keeping ``keep`` words of context.

    A stretch before the first copied run keeps only its end, one after the last keeps only
    its start, one between two runs keeps both ends.  Copied text is never shortened.
    """
    if not any(segment.copied for segment in segments):
        return segments
    first = next(i for i, s in enumerate(segments) if s.copied)
    last = max(i for i, s in enumerate(segments) if s.copied)
    out = []
    for i, segment in enumerate(segments):
        tokens = [m.span() for m in TOKEN.finditer(segment.text)]
        if segment.copied or len(tokens) <= 2 * keep + 10:
            out.append(segment)
            continue
        head = segment.text[: tokens[keep - 1][1]]
        tail = segment.text[tokens[-keep][0]:]
        if i < first:
            text = ELLIPSIS.lstrip() + tail
        elif i > last:
            text = head + ELLIPSIS.rstrip()
        else:
            text = head + ELLIPSIS + tail
        out.append(Segment(text, False))
    return out


def _segments(text: str, runs: list[tuple[int, int]]) -> list[Segment]:
    segments = []
    position = 0
    for start, end in sorted(runs):
        if start > position:
            segments.append(Segment(text[position:start], False))
        segments.append(Segment(text[start:end], True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments


def sentence_pairs(excerpt: str, source_excerpt: str, starts: tuple[int, int],
                   pairs: Sequence[str]) -> list[tuple[str, str]]:
    """The aligned sentences of a paraphrase, as (document text, source text).

    ``pairs`` holds ``"start-end=source_start-source_end"`` visible-text offsets (the match
    row's ``pairs``) and ``starts`` the offsets of ``excerpt`` and ``source_excerpt`` (its
    ``text_start`` and ``source_start``).  A pair past the end of a clipped excerpt is left out.
    """
    out = []
    for pair in pairs:
        (a, b), (c, d) = (tuple(int(n) - start for n in side.split("-"))
                          for side, start in zip(pair.split("="), starts, strict=True))
        if 0 <= a < b <= len(excerpt) and 0 <= c < d <= len(source_excerpt):
            out.append((excerpt[a:b], source_excerpt[c:d]))
    return out
