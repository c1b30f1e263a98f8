"""Aligning a document with one source: seeds, fragments, passages with exact boundaries.

1. **Seeds**: every word 3-gram the document shares with the source (numpy: sort the
   source's 3-gram hashes, binary-search the document's).  3-grams frequent in the source and
   words the index marked as boilerplate give no seeds.
2. **Fragments**: seeds on the same diagonal (source position minus document position) that
   follow each other form exact runs of shared words.  Where a document stretch matches several
   places of the source, the longest run keeps it.
3. **Passages**: long fragments (``STRONG`` words or more) chain when the document gap between
   them is at most ``GAP_STRONG`` words (an inserted sentence, a dropped one, a synonym every few
   words); short fragments only join a chain they touch (``GAP_WEAK``).  A passage's fragments
   may come from anywhere in the source: shuffled sentences are one passage, not dozens.
4. **Boundaries**: the first and last fragment are extended word by word where both sides
   agree again after a substituted word, and up to the start or end of the sentence where both
   sides have one or two changed words there.  Quotes and punctuation that hug the first and
   last word on both sides are included.
5. **Validity**: a passage needs ``MIN_WORDS`` shared words, one fragment of ``MIN_RUN`` words
   that no left-out stretch of the document (site chrome, rights lines) interrupts, and
   at least ``MIN_DENSITY`` of its words shared: two articles on the same story share names
   and stock phrases, never a sentence.
6. **Kind and similarity**: rapidfuzz's Indel alignment of the two word sequences gives the
   similarity of an in-order passage; a passage whose fragments follow the source order for
   less than ``ORDERED`` of their words is ``reordered``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from rapidfuzz.distance import Indel

from licscan.match.hashing import NGRAM, SEED, WINDOW, ngram_hashes
from licscan.match.words import Tokens

STRONG = 6  # words in a fragment that can anchor a passage on its own
MIN_RUN = 8  # a passage holds at least one exact run this long (about a short sentence)
MIN_WORDS = 10  # shared words in a passage
MIN_DENSITY = 0.5  # shared words / document words of the passage
GAP_STRONG = 45  # document words between long fragments of one passage (an inserted sentence)
GAP_WEAK = 4  # document words between a short fragment and the passage it joins
MAX_REPEAT = 64  # a 3-gram found more often in the source seeds nothing
ORDERED = 0.8  # share of words in source order below which a passage is "reordered"
NEAR_VERBATIM = 0.95


@dataclass
class Fragment:
    d0: int  # document words [d0, d1)
    d1: int
    s0: int  # source words [s0, s1)
    s1: int

    @property
    def size(self) -> int:
        return self.d1 - self.d0


@dataclass
class Passage:
    d0: int
    d1: int
    s0: int
    s1: int
    fragments: list[Fragment] = field(default_factory=list)
    doc_chars: tuple[int, int] = (0, 0)
    src_chars: tuple[int, int] = (0, 0)
    matched: int = 0  # shared words
    src_covered: int = 0  # source characters the passage reuses
    similarity: float = 0.0
    kind: str = ""


def align(doc: Tokens, src: Tokens, masked: np.ndarray | None = None,
          unseeded: np.ndarray | None = None) -> list[Passage]:
    """Passages of ``doc`` reused from ``src``.  ``masked`` marks document words to ignore
    (boilerplate); ``unseeded`` words may lie inside a passage but never start one (URLs)."""
    passages = []
    if masked is None:
        masked = np.zeros(len(doc), dtype=bool)
    seedless = masked if unseeded is None else masked | unseeded
    pending = _chain(_fragments(doc, src, seedless))
    while pending:
        group = pending.pop()
        chain = _order_chain(group)
        ordered = sum(group[i].size for i in chain) >= ORDERED * sum(f.size for f in group)
        if ordered and len(chain) < len(group):
            # an in-order passage plus stray fragments (a headline repeated in the body, a
            # credit naming the site): strays outside the passage are judged on their own,
            # strays within it are repeats the passage already covers
            on_chain = set(chain)
            group, strays = [group[i] for i in chain], [
                f for i, f in enumerate(group) if i not in on_chain]
            d0, d1 = group[0].d0, max(f.d1 for f in group)
            pending += _chain([f for f in strays if f.d1 <= d0 or f.d0 >= d1])
        passage = _passage(doc, src, group, ordered, masked)
        if passage is not None:
            passages.append(passage)
    passages.sort(key=lambda p: p.d0)
    return passages


# --- seeds and fragments ------------------------------------------------------------------
def _seeds(doc: Tokens, src: Tokens, masked: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    dg = ngram_hashes(doc.hashes, SEED)
    sg = ngram_hashes(src.hashes, SEED)
    if not len(dg) or not len(sg):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    order = np.argsort(sg, kind="stable")
    ordered = sg[order]
    left = np.searchsorted(ordered, dg, "left")
    counts = np.searchsorted(ordered, dg, "right") - left
    valid = (counts > 0) & (counts <= MAX_REPEAT)
    if masked is not None and masked.any():
        window = np.lib.stride_tricks.sliding_window_view(masked, SEED).any(axis=1)
        valid &= ~window
    counts = counts[valid]
    total = int(counts.sum())
    doc_idx = np.repeat(np.flatnonzero(valid), counts)
    firsts = np.repeat(left[valid], counts)
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return doc_idx, order[firsts + within].astype(np.int64)


def _fragments(doc: Tokens, src: Tokens, masked: np.ndarray | None) -> list[Fragment]:
    doc_idx, src_idx = _seeds(doc, src, masked)
    if not len(doc_idx):
        return []
    diag = src_idx - doc_idx
    order = np.lexsort((doc_idx, diag))
    doc_idx, diag = doc_idx[order], diag[order]
    breaks = np.flatnonzero((np.diff(diag) != 0) | (np.diff(doc_idx) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(doc_idx)])) - 1
    runs = [
        Fragment(int(doc_idx[a]), int(doc_idx[b]) + SEED, int(doc_idx[a] + diag[a]),
                 int(doc_idx[b] + diag[b]) + SEED)
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    return _resolve_overlaps(runs, len(doc))


def _resolve_overlaps(runs: list[Fragment], length: int) -> list[Fragment]:
    """Each document word belongs to one fragment: the longest run that claims it."""
    taken = np.zeros(length, dtype=bool)
    kept: list[Fragment] = []
    for run in sorted(runs, key=lambda f: (-f.size, f.d0, f.s0)):
        free = ~taken[run.d0 : run.d1]
        if free.all():
            kept.append(run)
        elif free.sum() >= SEED:
            idx = np.flatnonzero(free)
            if idx[-1] - idx[0] + 1 != len(idx):
                continue  # claimed in its middle: a repeat, not a run of its own
            cut_left, cut_right = int(idx[0]), run.size - int(idx[-1]) - 1
            run = Fragment(run.d0 + cut_left, run.d1 - cut_right, run.s0 + cut_left,
                           run.s1 - cut_right)
            kept.append(run)
        else:
            continue
        taken[run.d0 : run.d1] = True
    kept.sort(key=lambda f: (f.d0, f.s0))
    return kept


# --- passages -----------------------------------------------------------------------------
def _chain(fragments: list[Fragment]) -> list[list[Fragment]]:
    """Group fragments into passages: long ones chain across gaps; a short one joins only
    a fragment it continues on both sides (a sentence cut by a changed word)."""
    groups: list[list[Fragment]] = []
    for frag in (f for f in fragments if f.size >= STRONG):
        if groups and frag.d0 - max(f.d1 for f in groups[-1]) <= GAP_STRONG:
            groups[-1].append(frag)
        else:
            groups.append([frag])
    weak = [f for f in fragments if f.size < STRONG]
    changed = True
    while weak and changed:
        changed = False
        rest = []
        for frag in weak:
            home = next((g for g in groups if any(_continues(frag, m) for m in g)), None)
            if home is None:
                rest.append(frag)
            else:
                home.append(frag)
                changed = True
        weak = rest
    return [sorted(g, key=lambda f: f.d0) for g in groups]


def _continues(frag: Fragment, other: Fragment) -> bool:
    """``frag`` follows or precedes ``other`` closely in the document and in the source."""
    if frag.d0 >= other.d1:
        doc_gap, src_gap = frag.d0 - other.d1, frag.s0 - other.s1
    elif other.d0 >= frag.d1:
        doc_gap, src_gap = other.d0 - frag.d1, other.s0 - frag.s1
    else:
        return False
    return doc_gap <= GAP_WEAK and 0 <= src_gap <= doc_gap + GAP_WEAK and doc_gap <= src_gap + (
        GAP_WEAK
    )


def _passage(doc: Tokens, src: Tokens, group: list[Fragment], ordered: bool,
             masked: np.ndarray) -> Passage | None:
    matched = sum(f.size for f in group)
    if matched < MIN_WORDS or _longest_run(group, doc.gaps) < MIN_RUN:
        return None
    first, last = group[0], max(group, key=lambda f: f.d1)
    d0, s_first = _extend_left(doc, src, first.d0, first.s0, masked)
    d1, s_last = _extend_right(doc, src, last.d1, last.s1, masked)
    if d1 - d0 < MIN_WORDS or matched / (d1 - d0) < MIN_DENSITY:
        return None
    # the source side's ends: the fragments lowest and highest in the source, extended too
    low, high = min(group, key=lambda f: f.s0), max(group, key=lambda f: f.s1)
    low_d, s0 = (d0, s_first) if low is first else _extend_left(doc, src, low.d0, low.s0, masked)
    high_d, s1 = (d1, s_last) if high is last else _extend_right(doc, src, high.d1, high.s1, masked)
    s0, s1 = min(s0, s_first), max(s1, s_last)
    edges = [
        Fragment(d0, first.d0, s_first, first.s0), Fragment(last.d1, d1, last.s1, s_last),
        Fragment(low_d, low.d0, s0, low.s0), Fragment(high.d1, high_d, high.s1, s1),
    ]
    passage = Passage(d0, d1, s0, s1, group, matched=matched)
    passage.doc_chars = widen(doc, src, d0, d1, s_first, s_last)
    passage.src_chars = widen(src, doc, s0, s1, low_d, high_d)
    passage.src_covered = _covered_chars(src, group + [e for e in edges if e.s1 > e.s0])
    _classify(doc, src, passage, ordered)
    return passage


def _longest_run(group: list[Fragment], gaps: np.ndarray | None) -> int:
    """The longest stretch of a fragment not interrupted by left-out words: islands of text
    between chrome (a site name, an "Ads" label) are not a sentence."""
    if gaps is None:
        return max(f.size for f in group)
    best = 0
    for f in group:
        edges = [f.d0, *(np.flatnonzero(gaps[f.d0 + 1 : f.d1]) + f.d0 + 1).tolist(), f.d1]
        best = max(best, *(b - a for a, b in pairwise(edges)))
    return best


def _extend_left(doc: Tokens, src: Tokens, d: int, s: int, masked: np.ndarray) -> tuple[int, int]:
    dw, sw = doc.words, src.words

    def agrees(a: int, b: int) -> bool:  # two words agree again after a changed stretch
        i, j = d - a - 2, s - b - 2
        return (i >= 0 and j >= 0 and dw[i] == sw[j] and dw[i + 1] == sw[j + 1]
                and not masked[i : d].any())

    while d > 0 and s > 0 and not masked[d - 1]:
        if dw[d - 1] == sw[s - 1]:
            d, s = d - 1, s - 1
            continue
        step = _bridge(agrees)
        if step is None:
            break
        d, s = d - step[0] - 2, s - step[1] - 2
    if d > 0 and masked[d - 1]:  # boilerplate ahead: its first words were not fingerprinted
        cut = next((i for i in range(d, d + _EDGE) if i < len(doc) and doc.starts_unit(i)), None)
        if cut is not None:
            return cut, s + (cut - d)
    if not doc.starts_unit(d) and not src.starts_unit(s):
        for a, b in ((1, 1), (1, 2), (2, 1), (2, 2)):
            if (d - a >= 0 and s - b >= 0 and doc.starts_unit(d - a) and src.starts_unit(s - b)
                    and not masked[d - a : d].any()):
                return d - a, s - b
    return d, s


def _extend_right(doc: Tokens, src: Tokens, d: int, s: int, masked: np.ndarray
                  ) -> tuple[int, int]:
    dw, sw = doc.words, src.words
    nd, ns = len(dw), len(sw)

    def agrees(a: int, b: int) -> bool:
        i, j = d + a, s + b
        return (i + 1 < nd and j + 1 < ns and dw[i] == sw[j] and dw[i + 1] == sw[j + 1]
                and not masked[d : i + 2].any())

    while d < nd and s < ns and not masked[d]:
        if dw[d] == sw[s]:
            d, s = d + 1, s + 1
            continue
        step = _bridge(agrees)
        if step is None:
            break
        d, s = d + step[0] + 2, s + step[1] + 2
    if d < nd and masked[d]:  # boilerplate follows: its first words were not fingerprinted
        cut = next((i for i in range(d, max(0, d - _EDGE), -1) if doc.ends_unit(i - 1)), None)
        if cut is not None:
            return cut, s - (d - cut)
    if d < nd and s < ns and not doc.ends_unit(d - 1) and not src.ends_unit(s - 1):
        for a, b in ((1, 1), (1, 2), (2, 1), (2, 2)):
            d_end, s_end = d + a, s + b
            if (d_end <= nd and s_end <= ns and doc.ends_unit(d_end - 1)
                    and src.ends_unit(s_end - 1) and not masked[d:d_end].any()):
                return d_end, s_end
    return d, s


# words at each end of a boilerplate run that may lack a fingerprint of their own
_EDGE = NGRAM + WINDOW - 1
_BRIDGES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1), (3, 2), (2, 3))


def _bridge(agrees) -> tuple[int, int] | None:
    """The smallest substitution (document words, source words) after which two words agree."""
    for a, b in _BRIDGES:
        if agrees(a, b):
            return a, b
    return None


def widen(side: Tokens, other: Tokens, first: int, end: int, other_first: int,
           other_end: int) -> tuple[int, int]:
    """Characters of words ``[first, end)`` of one side, with the quotes and punctuation that
    hug them where the other side has some at the same edge too."""
    start, stop = int(side.starts[first]), int(side.ends[end - 1])
    if other_first < len(other) and other.leading_punct(other_first):
        start -= side.leading_punct(first)
    if 0 < other_end <= len(other) and other.trailing_punct(other_end - 1):
        stop += side.trailing_punct(end - 1)
    return start, stop


def _covered_chars(src: Tokens, fragments: list[Fragment]) -> int:
    """Characters of the source the fragments reuse, small gaps (a changed word) bridged."""
    ranges = sorted((f.s0, f.s1) for f in fragments if f.s1 > f.s0)
    merged: list[list[int]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1] + 3:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return sum(int(src.ends[b - 1]) - int(src.starts[a]) for a, b in merged)


def _classify(doc: Tokens, src: Tokens, p: Passage, ordered: bool) -> None:
    if not ordered:
        doc_len, src_len = p.d1 - p.d0, p.s1 - p.s0
        p.similarity = round(2 * p.matched / (doc_len + src_len), 4)
        p.kind = "reordered"
        return
    doc_words, src_words = doc.words[p.d0 : p.d1], src.words[p.s0 : p.s1]
    p.similarity = round(Indel.normalized_similarity(doc_words, src_words), 4)
    if doc_words == src_words:
        doc_text = " ".join(doc.text[p.doc_chars[0] : p.doc_chars[1]].split())
        src_text = " ".join(src.text[p.src_chars[0] : p.src_chars[1]].split())
        p.kind = "verbatim" if doc_text == src_text else "near_verbatim"
    else:
        p.kind = "near_verbatim" if p.similarity >= NEAR_VERBATIM else "edited"


def _order_chain(fragments: list[Fragment]) -> list[int]:
    """Indices of the heaviest chain of fragments in source order (weighted longest
    increasing subsequence; fragments are sorted by document position)."""
    if len(fragments) > _EXACT_CHAIN:
        return _increasing_chain(fragments)
    sizes = [f.size for f in fragments]
    best, back = sizes[:], [-1] * len(fragments)
    for i, frag in enumerate(fragments):
        for j in range(i):
            if fragments[j].s1 <= frag.s0 + SEED and best[j] + sizes[i] > best[i]:
                best[i], back[i] = best[j] + sizes[i], j
    i = max(range(len(best)), key=best.__getitem__)
    chain = []
    while i != -1:
        chain.append(i)
        i = back[i]
    return chain[::-1]


_EXACT_CHAIN = 300  # fragments up to which the weighted chain is computed exactly (quadratic)


def _increasing_chain(fragments: list[Fragment]) -> list[int]:
    """Longest chain of fragments with increasing source starts (patience sorting,
    O(k log k)); stands in for the weighted chain on very long passages."""
    tails: list[int] = []  # source start ending the best chain of each length
    tail_index: list[int] = []
    back = [-1] * len(fragments)
    for i, frag in enumerate(fragments):
        k = bisect_left(tails, frag.s0)
        back[i] = tail_index[k - 1] if k else -1
        if k == len(tails):
            tails.append(frag.s0)
            tail_index.append(i)
        else:
            tails[k], tail_index[k] = frag.s0, i
    chain, i = [], tail_index[-1]
    while i != -1:
        chain.append(i)
        i = back[i]
    return chain[::-1]
