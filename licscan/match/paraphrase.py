"""The paraphrase stage: passages rewritten sentence by sentence from a source.

The exact stages (:mod:`licscan.match.passages`) need runs of shared words; a rewrite with
synonyms, reordered clauses and merged sentences keeps few.  What it keeps is the content of
each sentence, in about the source's order.  This stage reads the document sentences that no
exact passage covers:

1. **Content stems** (:mod:`licscan.match.content_words`): each sentence becomes the set of
   its stemmed content words (stop words out, numbers and names kept), in the document's
   language.
2. **Candidates**: the index's content-word postings (``cw``, :mod:`licscan.match.store`).
   Stems held by more than ``RARE_SHARE`` of the sources (and more than ``RARE_MIN``) select
   nothing; every source holding a rarer stem of those sentences scores the stem's weight
   ``log(1 + sources / holders)``.  The ``CANDIDATES`` best sources scoring ``MIN_EVIDENCE``
   or more are aligned.
3. **Sentence alignment**: each document sentence is compared with each source sentence, each
   pair of adjacent source sentences (two merged into one) and, with the next document
   sentence, each source sentence (one split in two), by the weighted Dice coefficient of
   their stems.  The best comparison aligns when it scores ``PAIR_SCORE`` or more and shares
   ``PAIR_SHARED`` stems.
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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from licscan.match.content_words import language_of, stemmer
from licscan.match.hashing import as_signed, word_hashes
from licscan.match.index import SourceIndex
from licscan.match.records import SourceInfo
from licscan.match.words import Tokens

MIN_STEMS = 4  # content stems a sentence needs to be compared
PAIR_SCORE = 0.4  # weighted Dice of an aligned sentence pair
PAIR_SHARED = 3  # content stems an aligned pair shares
MIN_PAIRS = 3  # aligned document sentences in a paraphrased passage
MAX_SKIP = 1  # comparable sentences that do not align inside a passage
IN_ORDER = 0.6  # share of a passage's steps that keep or advance the source position
SPREAD = 3  # source sentences a passage may range over, per aligned document sentence
SCATTERED_SCORE = 0.55  # mean pair score of a passage whose source sentences range wider
CANDIDATES = 4  # sources aligned per document
RARE_SHARE = 0.1  # a stem held by more of the sources than this selects no candidate
RARE_MIN = 8  # ... unless it is held by at most this many
MIN_EVIDENCE = 6.0  # summed weight of shared rare stems that makes a source a candidate


@dataclass(frozen=True)
class Sentence:
    first: int  # words [first, last) of the tokens
    last: int
    chars: tuple[int, int]
    stems: frozenset[int]  # signed hashes of its content stems


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
    sentences = [s for s in split_sentences(doc, code) if not _overlaps(s.chars, covered)]
    if sum(len(s.stems) >= MIN_STEMS for s in sentences) < MIN_PAIRS:
        return []
    found: list[Found] = []
    for s, store in enumerate(index.stores):
        for sid, weights in _candidates(index, s, sentences):
            info = index.info(s, sid)
            if skip(info) or (info.lang or "en") != code:
                continue
            src = index.tokens(s, sid)
            src_sentences = split_sentences(src, code)
            weights.update(_weights(index, s, src_sentences, weights))
            found += [(info, src, p) for p in align_sentences(sentences, src_sentences, weights)]
    return _one_source_each(found)


def split_sentences(tokens: Tokens, code: str) -> list[Sentence]:
    """The sentences of ``tokens`` (split at sentence ends, line breaks and left-out
    stretches), each with its content stems."""
    stems = stemmer(code).stems(tokens.words)
    hashes = _stem_hashes(stems)
    out, first = [], 0
    for i in range(len(tokens)):
        last = i + 1 == len(tokens)
        if last or tokens.ends_unit(i) or (tokens.gaps is not None and tokens.gaps[i + 1]):
            kept = frozenset(h for h, s in zip(hashes[first : i + 1], stems[first : i + 1],
                                               strict=True) if s is not None)
            chars = (int(tokens.starts[first]), int(tokens.ends[i]))
            out.append(Sentence(first, i + 1, chars, kept))
            first = i + 1
    return out


def align_sentences(doc: list[Sentence], src: list[Sentence],
                    weights: dict[int, float]) -> list[Paraphrase]:
    """The passages of ``doc`` sentences that retell ``src`` sentences; ``weights`` weighs
    each stem hash (a stem not listed weighs nothing)."""
    rows = [i for i, s in enumerate(doc) if len(s.stems) >= MIN_STEMS]
    cols = [j for j, s in enumerate(src) if len(s.stems) >= 2]
    if len(rows) < MIN_PAIRS or not cols:
        return []
    best = _best_pairs([doc[i] for i in rows], [src[j] for j in cols], weights)
    aligned = {rows[k]: (rows[k2], cols[j], cols[j2], score)
               for k, (k2, j, j2, score) in best.items()}
    return [p for chain in _chains(rows, aligned) if (p := _passage(chain, doc, src))]


def _best_pairs(doc: list[Sentence], src: list[Sentence], weights: dict[int, float]
                ) -> dict[int, tuple[int, int, int, float]]:
    """For each document sentence k that aligns: (last document sentence, first and last
    source sentence, score) of its best comparison."""
    vocab = {h: c for c, h in enumerate({h for s in (*doc, *src) for h in s.stems})}
    w = np.zeros(len(vocab), dtype=np.float64)
    for h, c in vocab.items():
        w[c] = weights.get(h, 0.0)
    d, s = _matrix(doc, vocab), _matrix(src, vocab)
    options = [(d, s, 0, 0), (d, np.maximum(s[:-1], s[1:]), 0, 1),
               (np.maximum(d[:-1], d[1:]), s, 1, 0)]
    best: dict[int, tuple[int, int, int, float]] = {}
    for left, right, doc_extra, src_extra in options:
        if not len(left) or not len(right):
            continue
        shared = left @ right.T
        inter = (left * w) @ right.T
        totals = (left @ w)[:, None] + (right @ w)[None, :]
        dice = np.divide(2 * inter, totals, out=np.zeros_like(inter), where=totals > 0)
        dice[shared < PAIR_SHARED] = 0
        for k, j in enumerate(dice.argmax(axis=1).tolist()):
            score = float(dice[k, j])
            if score < PAIR_SCORE:
                continue
            for member in range(k, k + doc_extra + 1):
                if score > best.get(member, (0, 0, 0, 0.0))[3]:
                    best[member] = (k + doc_extra, j, j + src_extra, score)
    return best


def _matrix(sentences: list[Sentence], vocab: dict[int, int]) -> np.ndarray:
    out = np.zeros((len(sentences), len(vocab)), dtype=np.float64)
    for r, s in enumerate(sentences):
        out[r, [vocab[h] for h in s.stems]] = 1.0
    return out


def _chains(rows: list[int], aligned: dict[int, tuple[int, int, int, float]]
            ) -> list[list[tuple[int, int, int, int, float]]]:
    """Runs of aligned document sentences, as (first doc, last doc, first src, last src,
    score), with at most ``MAX_SKIP`` comparable sentences between two of them."""
    chains: list[list[tuple[int, int, int, int, float]]] = []
    current: list[tuple[int, int, int, int, float]] = []
    skipped = 0
    for i in rows:
        if i not in aligned:
            skipped += 1
            if skipped > MAX_SKIP and current:
                chains.append(current)
                current = []
            continue
        skipped = 0
        last_doc, j0, j1, score = aligned[i]
        current.append((i, last_doc, j0, j1, score))
    if current:
        chains.append(current)
    return chains


def _passage(chain: list[tuple[int, int, int, int, float]], doc: list[Sentence],
             src: list[Sentence]) -> Paraphrase | None:
    aligned = len({i for i, *_ in chain})
    if aligned < MIN_PAIRS or len({j0 for _, _, j0, _, _ in chain}) < 2:
        return None
    if sum(b[2] >= a[2] for a, b in pairwise(chain)) < IN_ORDER * (len(chain) - 1):
        return None
    spread = max(c[3] for c in chain) - min(c[2] for c in chain) + 1
    score = sum(c[4] for c in chain) / len(chain)
    if spread > SPREAD * aligned and score < SCATTERED_SCORE:
        return None
    pairs = []
    for i, last_doc, j0, j1, _ in chain:
        pair = ((doc[i].chars[0], doc[last_doc].chars[1]), (src[j0].chars[0], src[j1].chars[1]))
        if not pairs or pairs[-1] != pair:
            pairs.append(pair)
    used = {j for _, _, j0, j1, _ in chain for j in range(j0, j1 + 1)}
    return Paraphrase(
        pairs=pairs,
        score=round(score, 4),
        weight=sum(c[4] for c in chain),
        doc_words=sum(doc[i].last - doc[i].first for i in {c[0] for c in chain}),
        doc_chars=(pairs[0][0][0], max(p[0][1] for p in pairs)),
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
                ) -> list[tuple[int, dict[int, float]]]:
    """The sources of one store worth aligning, best first, each with the weights of the
    document's stems (a fresh dict per source, completed with the source's own stems)."""
    stems = np.fromiter({h for s in sentences for h in s.stems}, dtype=np.int64)
    sources = index.source_count(store)
    counts = index.stores[store].stem_counts(stems)
    # a stem no source holds is new content: it weighs as much as the rarest
    weights = {h: _weight(sources, counts.get(h, 0)) for h in stems.tolist()}
    limit = max(RARE_MIN, RARE_SHARE * sources)
    rare = np.asarray([h for h, n in counts.items() if n <= limit], dtype=np.int64)
    evidence: dict[int, float] = {}
    for h, sid in index.stores[store].stem_postings(rare):
        evidence[sid] = evidence.get(sid, 0.0) + weights[h]
    ranked = sorted((sid for sid, e in evidence.items() if e >= MIN_EVIDENCE),
                    key=lambda sid: (-evidence[sid], sid))
    return [(sid, dict(weights)) for sid in ranked[:CANDIDATES]]


def _weights(index: SourceIndex, store: int, sentences: list[Sentence],
             known: dict[int, float]) -> dict[int, float]:
    """Weights of the source stems not weighed yet."""
    stems = np.fromiter({h for s in sentences for h in s.stems if h not in known},
                        dtype=np.int64)
    sources = index.source_count(store)
    return {h: _weight(sources, n) for h, n in index.stores[store].stem_counts(stems).items()}


def _weight(sources: int, holders: int) -> float:
    """A stem's weight: rarer stems say more about where a sentence comes from."""
    return math.log(1 + sources / max(1, holders))


def _stem_hashes(stems: list[str | None]) -> list[int]:
    present = [s or "" for s in stems]
    return as_signed(word_hashes(present)).tolist()


def _overlaps(chars: tuple[int, int], ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a < chars[1] and chars[0] < b for a, b in ranges)
