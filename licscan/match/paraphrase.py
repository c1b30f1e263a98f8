"""The paraphrase stage: passages rewritten sentence by sentence from a source.

The exact stages (:mod:`licscan.match.passages`) need runs of shared words; a rewrite with
synonyms, reordered clauses and merged sentences keeps few.  What it keeps is the content of
each sentence, in about the source's order.  This stage reads the document sentences that no
exact passage covers:

1. **Content stems** (:mod:`licscan.match.content_words`): each sentence becomes the set of
   its stemmed content words (stop words out, numbers and names kept), in the document's
   language.
2. **Candidates**: the index's content-word postings (``cw``, :mod:`licscan.match.store`).
   Stems held by more than ``RARE_SHARE`` of the sources (or ``RARE_MAX``; but a stem only
   one source holds always counts) select nothing; every source holding a rarer stem of those
   sentences scores the stem's weight ``log(1 + sources / holders)``.  The ``CANDIDATES`` best
   sources scoring ``MIN_EVIDENCE`` or more are aligned.
3. **Sentence alignment**: each document sentence is compared with each source sentence and
   each pair of adjacent source sentences (two merged into one) by the weighted Dice
   coefficient of their stems.  The best comparison aligns when it scores ``PAIR_SCORE`` or
   more, shares ``PAIR_SHARED`` stems and stands out: ``STANDOUT`` standard deviations above
   the sentence's scores with the source's sentences.  A sentence that aligns with nothing
   may be half of a source sentence split in two: compared together with its neighbour, it
   aligns when the two do and it shares a stem with that source sentence itself.
4. **Passages** (the false-alarm guard): aligned sentences chain while at most ``MAX_SKIP``
   comparable sentences between them do not align.  A chain is a paraphrase when it holds
   ``MIN_PAIRS`` aligned sentences, drawn from at least two source sentences, at least
   ``IN_ORDER`` of its steps keep or advance the source position, and either the source
   sentences it aligns with lie within ``SPREAD`` sentences per aligned document sentence, or
   its pairs score ``SCATTERED_SCORE`` on average (a rewrite of paragraphs far apart must
   retell each sentence closely).  Two texts on the same event share names and numbers in a
   sentence or two; they do not retell one stretch of sentences in its order.
5. **One source per passage**: reports of one event from one wire story retell the same
   facts in the same order, so a rewrite of one of them aligns with the others too.  Where
   passages from several sources overlap, the one with the highest summed pair score stays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from licscan.match.content_words import language_of
from licscan.match.index import SourceIndex
from licscan.match.records import SourceInfo
from licscan.match.sentences import Sentence, SourceSentences, split_sentences, stem_weight
from licscan.match.words import Tokens

MIN_STEMS = 4  # content stems a sentence needs to be compared
PAIR_SCORE = 0.4  # weighted Dice of an aligned sentence pair
PAIR_SHARED = 3  # content stems an aligned pair shares
STANDOUT = 3.0  # standard deviations a pair's score stands above the sentence's other scores
MIN_PAIRS = 3  # aligned document sentences in a paraphrased passage
MAX_SKIP = 1  # comparable sentences that do not align inside a passage
IN_ORDER = 0.6  # share of a passage's steps that keep or advance the source position
SPREAD = 3  # source sentences a passage may range over, per aligned document sentence
SCATTERED_SCORE = 0.55  # mean pair score of a passage whose source sentences range wider
CANDIDATES = 4  # sources aligned per document
RARE_SHARE = 0.1  # a stem held by more of the sources than this selects no candidate
RARE_MAX = 1000  # ... nor one held by more sources than this (its postings are long)
MIN_EVIDENCE = 6.0  # summed weight of shared rare stems that makes a source a candidate

# An aligned document sentence: (document sentence, first and last source sentence, score).
# It may retell two merged source sentences, or half of one split in two.
Pair = tuple[int, int, int, float]


@dataclass(frozen=True)
class Paraphrase:
    """A document passage that retells sentences of a source."""

    pairs: list[tuple[tuple[int, int], tuple[int, int]]]  # (document chars, source chars)
    score: float  # mean weighted Dice of the aligned pairs
    weight: float  # summed weighted Dice: how much of the passage retells the source
    doc_words: int  # words of the aligned document sentences
    doc_chars: tuple[int, int]
    src_chars: tuple[int, int]
    src_covered: int  # characters of the source sentences aligned


# A paraphrase found in the index: its source, the source's compared words, the passage.
Found = tuple[SourceInfo, Tokens, Paraphrase]


def find_paraphrases(doc: Tokens, lang: str, covered: Sequence[tuple[int, int]],
                     index: SourceIndex, skip: Callable[[SourceInfo], bool]) -> list[Found]:
    """Passages of ``doc`` (the compared words of a document whose stated language is
    ``lang``) outside the ``covered`` text ranges that paraphrase a source of ``index``;
    sources for which ``skip`` is true (the document itself) are not aligned."""
    code = language_of(lang, doc.words)
    sentences = split_sentences(doc, code)
    taken = frozenset(i for i, s in enumerate(sentences) if _overlaps(s.chars, covered))
    free = [s for i, s in enumerate(sentences) if i not in taken]
    if sum(len(s.stems) >= MIN_STEMS for s in free) < MIN_PAIRS:
        return []
    found: list[Found] = []
    for s in range(len(index.stores)):
        candidates, weights = _candidates(index, s, free)
        for sid in candidates:
            info = index.info(s, sid)
            if skip(info) or (info.lang or "en") != code:
                continue
            source = index.derived(("sentences", code), s, sid,
                                   lambda s=s, sid=sid: _source_sentences(index, s, sid, code))
            found += [(info, index.tokens(s, sid), p)
                      for p in align_sentences(sentences, source, weights, taken)]
    return _one_source_each(found)


def align_sentences(doc: list[Sentence], source: SourceSentences, weights: dict[int, float],
                    taken: frozenset[int] = frozenset()) -> list[Paraphrase]:
    """The passages of ``doc`` sentences that retell sentences of ``source``; ``weights``
    weighs the document's stems; ``taken`` sentences (reuse the exact stages found) are
    neither compared nor inside a passage."""
    rows = [i for i, s in enumerate(doc) if len(s.stems) >= MIN_STEMS and i not in taken]
    if len(rows) < MIN_PAIRS or not source.sentences:
        return []
    aligned = _best_pairs(doc, rows, source, weights)
    return [p for chain in _chains(rows, aligned, taken)
            if (p := _passage(chain, doc, source.sentences))]


def _best_pairs(doc: list[Sentence], rows: list[int], source: SourceSentences,
                weights: dict[int, float]) -> dict[int, Pair]:
    """The best comparison of each document sentence that aligns: with one source sentence
    or two adjacent ones (merged); failing that, as half of a source sentence split in two
    (compared together with the next or previous sentence, sharing a stem with it on its
    own)."""
    best: dict[int, Pair] = {}
    for i in rows:
        common = _common(doc[i].stems, source, weights)
        for doubles in (False, True) if common else ():
            found = _best_match(common, source, weights, doubles)
            if found and found[1] > best.get(i, (0, 0, 0, 0.0))[3]:
                j, score = found
                best[i] = (i, j, j + doubles, score)
    for i, k in pairwise(rows):
        halves = [m for m in (i, k) if m not in best]
        if k != i + 1 or not halves:
            continue
        common = _common(doc[i].stems | doc[k].stems, source, weights)
        found = _best_match(common, source, weights, False) if common else None
        if found is None:
            continue
        j, score = found
        for m in halves:
            if source.overlap(doc[m].stems)[1][j]:  # it retells part of that sentence
                best[m] = (m, j, j, score)
    return best


def _common(stems: frozenset[int], source: SourceSentences, weights: dict[int, float]
            ) -> tuple[set[int], float] | None:
    """The stems a sentence shares with the whole source, and the sentence's own weight; or
    ``None`` when no sentence of the source could align with it (none can share more)."""
    own = sum(weights.get(h, 0.0) for h in stems)
    common = source.weights.keys() & stems
    if len(common) < PAIR_SHARED or sum(weights.get(h, 0.0) for h in common) < (
            PAIR_SCORE / 2 * own):
        return None
    return common, own


def _best_match(common: tuple[set[int], float], source: SourceSentences,
                weights: dict[int, float], doubles: bool) -> tuple[int, float] | None:
    """The source sentence (or adjacent pair) a sentence compares best with (``common``: what
    :func:`_common` found), and the weighted Dice coefficient, when it reaches ``PAIR_SCORE``
    with ``PAIR_SHARED`` stems shared and stands ``STANDOUT`` standard deviations above the
    comparisons with the other sentences (a text of a small vocabulary resembles every
    sentence of a source about as much)."""
    stems, own = common
    inter, shared = source.overlap(stems, doubles)
    if not len(inter):
        return None
    totals = own + (source.double_weight if doubles else source.single_weight)
    dice = np.divide(2 * inter, totals, out=np.zeros_like(inter), where=totals > 0)
    j = int(np.where(shared >= PAIR_SHARED, dice, 0).argmax())
    if dice[j] < PAIR_SCORE or shared[j] < PAIR_SHARED:
        return None
    others = np.delete(dice, range(max(0, j - doubles), min(len(dice), j + doubles + 1)))
    if len(others) and dice[j] - others.mean() < STANDOUT * others.std():
        return None
    return j, float(dice[j])


def _chains(rows: list[int], aligned: dict[int, Pair], taken: frozenset[int]
            ) -> list[list[Pair]]:
    """Runs of aligned document sentences with at most ``MAX_SKIP`` comparable sentences
    and no taken one between two of them."""
    chains: list[list[Pair]] = []
    current: list[Pair] = []
    skipped = 0
    for i in sorted({*rows, *taken}):
        if i in taken:
            if current:
                chains.append(current)
            current, skipped = [], 0
            continue
        if i not in aligned:
            skipped += 1
            if skipped > MAX_SKIP and current:
                chains.append(current)
                current = []
            continue
        skipped = 0
        current.append(aligned[i])
    if current:
        chains.append(current)
    return chains


def _passage(chain: list[Pair], doc: list[Sentence], src: list[Sentence]) -> Paraphrase | None:
    """The passage a chain makes, if it passes the false-alarm guard."""
    if len(chain) < MIN_PAIRS or len({j0 for _, j0, _, _ in chain}) < 2:
        return None
    if sum(b[1] >= a[1] for a, b in pairwise(chain)) < IN_ORDER * (len(chain) - 1):
        return None
    spread = max(c[2] for c in chain) - min(c[1] for c in chain) + 1
    score = sum(c[3] for c in chain) / len(chain)
    if spread > SPREAD * len(chain) and score < SCATTERED_SCORE:
        return None
    pairs = [((doc[i].chars[0], doc[i].chars[1]), (src[j0].chars[0], src[j1].chars[1]))
             for i, j0, j1, _ in chain]
    used = {j for _, j0, j1, _ in chain for j in range(j0, j1 + 1)}
    return Paraphrase(
        pairs=pairs,
        score=round(score, 4),
        weight=sum(c[3] for c in chain),
        doc_words=sum(doc[i].last - doc[i].first for i, *_ in chain),
        doc_chars=(pairs[0][0][0], pairs[-1][0][1]),
        src_chars=(min(p[1][0] for p in pairs), max(p[1][1] for p in pairs)),
        src_covered=sum(src[j].chars[1] - src[j].chars[0] for j in used),
    )


def _one_source_each(found: list[Found]) -> list[Found]:
    """The passages that no overlapping passage of another source outweighs."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: -f[2].weight):
        a, b = item[2].doc_chars
        if not any(k[2].doc_chars[0] < b and a < k[2].doc_chars[1] for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f[2].doc_chars)


# --- candidates and weights ---------------------------------------------------------------
def _candidates(index: SourceIndex, store: int, sentences: list[Sentence]
                ) -> tuple[list[int], dict[int, float]]:
    """The sources of one store worth aligning, best first, and the weight of each stem of
    the document's sentences."""
    stems = np.fromiter({h for s in sentences for h in s.stems}, dtype=np.int64)
    sources = index.source_count(store)
    counts = index.stores[store].stem_counts(stems)
    weights = {h: stem_weight(sources, counts.get(h, 0)) for h in stems.tolist()}
    limit = max(1, min(RARE_MAX, RARE_SHARE * sources))
    rare = np.asarray([h for h, n in counts.items() if n <= limit], dtype=np.int64)
    evidence: dict[int, float] = {}
    for h, sid in index.stores[store].stem_postings(rare):
        evidence[sid] = evidence.get(sid, 0.0) + weights[h]
    ranked = sorted((sid for sid, e in evidence.items() if e >= MIN_EVIDENCE),
                    key=lambda sid: (-evidence[sid], sid))
    return ranked[:CANDIDATES], weights


def _source_sentences(index: SourceIndex, store: int, sid: int, code: str) -> SourceSentences:
    sentences = split_sentences(index.tokens(store, sid), code)
    stems = np.fromiter({h for s in sentences for h in s.stems}, dtype=np.int64)
    sources = index.source_count(store)
    counts = index.stores[store].stem_counts(stems)
    weights = {h: stem_weight(sources, counts.get(h, 0)) for h in stems.tolist()}
    return SourceSentences.of(sentences, weights)


def _overlaps(chars: tuple[int, int], ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a < chars[1] and chars[0] < b for a, b in ranges)
