"""Sentences as sets of content stems, for the paraphrase stage (:mod:`licscan.match.paraphrase`).

A text's compared words (:class:`~licscan.match.words.Tokens`) are cut into sentences at
sentence ends, line breaks and left-out stretches; each sentence keeps the hashes of its
content stems (:mod:`licscan.match.content_words`).  A source's sentences are also kept as
postings (which sentences, and which pairs of adjacent sentences, hold each stem) with their
weights, so comparing a document sentence with every sentence of a source costs a few array
sums over the stems they share.  :class:`SourceSentences` is built once per source and
language and cached by the index.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import regex

from licscan.match.content_words import stemmer
from licscan.match.hashing import as_signed, word_hashes
from licscan.match.words import Tokens

_BOUNDARY = regex.compile(r"[\n.!?…。！？]")  # what ends a sentence between two words


@dataclass(frozen=True)
class Sentence:
    first: int  # words [first, last) of the tokens
    last: int
    chars: tuple[int, int]
    stems: frozenset[int]  # signed hashes of its content stems


def split_sentences(tokens: Tokens, code: str) -> list[Sentence]:
    """The sentences of ``tokens`` (split at sentence ends, line breaks and left-out
    stretches), each with the content stems of language ``code``."""
    n = len(tokens)
    if not n:
        return []
    stems = stemmer(code).stems(tokens.words)
    ends = np.flatnonzero(_sentence_ends(tokens)).tolist()
    _keep_names(tokens, stems, ends)
    hashes = as_signed(word_hashes([s or "" for s in stems])).tolist()
    out, first = [], 0
    for last in ends:
        kept = frozenset(hashes[i] for i in range(first, last + 1) if stems[i] is not None)
        chars = (int(tokens.starts[first]), int(tokens.ends[last]) + tokens.trailing_punct(last))
        out.append(Sentence(first, last + 1, chars, kept))
        first = last + 1
    return out


def content_stems(tokens: Tokens, code: str) -> np.ndarray:
    """The distinct content stems of a text (signed hashes, sorted): what the index posts
    for a source."""
    return np.asarray(sorted({h for s in split_sentences(tokens, code) for h in s.stems}),
                      dtype=np.int64)


def _keep_names(tokens: Tokens, stems: list[str | None], ends: list[int]) -> None:
    """Put back the stop words that are names: written in capitals ("US", "LC") or
    capitalised inside a sentence ("May", "Will")."""
    text, starts, word_ends = tokens.text, tokens.starts, tokens.ends
    openers = {0, *(e + 1 for e in ends)}
    for i, stem in enumerate(stems):
        if stem is not None:
            continue
        word = text[int(starts[i]) : int(word_ends[i])]
        if len(word) > 1 and word[0].isupper() and (word.isupper() or i not in openers):
            stems[i] = tokens.words[i]


def _sentence_ends(tokens: Tokens) -> np.ndarray:
    """Whether each word closes a sentence: a boundary character between it and the next
    word, words left out after it, or the end of the text."""
    marks = np.asarray([m.start() for m in _BOUNDARY.finditer(tokens.text)], dtype=np.int64)
    following = np.append(tokens.starts[1:], len(tokens.text) + 1)
    k = np.searchsorted(marks, tokens.ends)
    ends = (k < len(marks)) & (marks[np.minimum(k, max(0, len(marks) - 1))] < following) \
        if len(marks) else np.zeros(len(tokens), dtype=bool)
    if tokens.gaps is not None:
        ends[:-1] |= tokens.gaps[1:]
    ends[-1] = True
    return ends


def stem_weight(sources: int, holders: int) -> float:
    """A stem's weight, ``log(1 + sources / holders)``: rarer stems say more about where a
    sentence comes from; a stem no source holds weighs as much as the rarest."""
    return math.log(1 + sources / max(1, holders))


@dataclass(frozen=True)
class SourceSentences:
    """A source's sentences, with postings and weights for comparing them."""

    sentences: list[Sentence]
    singles: dict[int, np.ndarray]  # stem -> the sentences holding it
    doubles: dict[int, np.ndarray]  # stem -> j of each adjacent pair (j, j + 1) holding it
    single_weight: np.ndarray  # summed stem weight of each sentence
    double_weight: np.ndarray  # ... of each adjacent pair (stems counted once)
    weights: dict[int, float]  # every stem of the source

    @classmethod
    def of(cls, sentences: list[Sentence], weights: dict[int, float]) -> SourceSentences:
        holders: dict[int, list[int]] = {}
        for j, sentence in enumerate(sentences):
            for h in sentence.stems:
                holders.setdefault(h, []).append(j)
        singles = {h: np.asarray(js, dtype=np.int64) for h, js in holders.items()}
        last = len(sentences) - 1
        doubles = {}
        for h, js in singles.items():
            pairs = np.unique(np.concatenate([js - 1, js]))
            doubles[h] = pairs[(pairs >= 0) & (pairs < last)]
        return cls(sentences, singles, doubles,
                   _totals(singles, weights, len(sentences)),
                   _totals(doubles, weights, max(0, last)), weights)

    def overlap(self, stems: Iterable[int], doubles: bool = False
                ) -> tuple[np.ndarray, np.ndarray]:
        """The summed weight and the number of ``stems`` each sentence (or adjacent pair)
        holds."""
        postings = self.doubles if doubles else self.singles
        size = len(self.double_weight if doubles else self.single_weight)
        found = [(postings[h], self.weights[h]) for h in stems if h in postings]
        if not found or not size:
            return np.zeros(size), np.zeros(size, dtype=np.int64)
        where = np.concatenate([p for p, _ in found])
        weight = np.repeat([w for _, w in found], [len(p) for p, _ in found])
        return (np.bincount(where, weight, minlength=size),
                np.bincount(where, minlength=size))


def _totals(postings: Mapping[int, np.ndarray], weights: Mapping[int, float], size: int
            ) -> np.ndarray:
    totals = np.zeros(size)
    for h, where in postings.items():
        totals[where] += weights[h]
    return totals
