"""What a document asks of the source index, and how candidate sources are chosen from the
answer.

The local matcher (:mod:`licscan.match.matcher`) and the Dask engine's tasks
(:mod:`licscan.run.dask_engine`) both build the document's :class:`Query` here and rank its
hits with :func:`candidates`, so the two engines ask the same question and pick the same
sources:

1. The compared words: the document's words without its site chrome (``document.boilerplate``)
   and the ``ignored`` ranges (its own notices, terms and credits), as each source's were left
   out when it was indexed.
2. Their word 5-grams at every position (not winnowed): any run of 8 words shared with a source
   hits at least one of that source's winnowed fingerprints.
3. For each store, the distinct n-grams less the store's boilerplate fingerprints, which select
   nothing (and mask the document words they cover, :meth:`Query.boilerplate_mask`).
4. The hits: how many of those n-grams each source holds.  The local matcher counts them in the
   index (:func:`hits_in`), the Dask engine in a distributed join of the same n-grams.
5. The candidates: the sources with the most hits, at most :data:`MAX_CANDIDATES`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from licscan.match.hashing import NGRAM, WINDOW, as_signed, ngram_hashes
from licscan.match.passages import MIN_WORDS
from licscan.match.words import Tokens, ignored_ranges

if TYPE_CHECKING:
    from licscan.match.index import SourceIndex
    from licscan.model import LoadedDocument

MAX_CANDIDATES = 12  # sources aligned per document, most hits first

# The sources of one store that hold some of a query's n-grams (sids), and how many each holds.
SourceHits = tuple[np.ndarray, np.ndarray]
# A query's hits, store by store (a store where no source was hit may be left out).
HitCounts = Mapping[int, SourceHits]


@dataclass(frozen=True)
class Query:
    """The words of a document that are compared, and the n-grams looked up for them."""

    tokens: Tokens
    grams: np.ndarray  # signed hash of the n-gram starting at each compared word
    distinct: np.ndarray  # the same hashes, sorted, once each

    def asked(self, boilerplate: np.ndarray) -> np.ndarray:
        """The n-grams looked up in a store whose boilerplate fingerprints are ``boilerplate``."""
        if not len(boilerplate):
            return self.distinct
        return self.distinct[~np.isin(self.distinct, boilerplate)]

    def boilerplate_mask(self, boilerplate: np.ndarray) -> np.ndarray:
        """Compared words covered by boilerplate fingerprints, gaps shorter than a winnowing
        window closed (the n-grams between two kept fingerprints of a boilerplate run)."""
        masked = np.zeros(len(self.tokens), dtype=bool)
        if not len(boilerplate) or not len(self.grams):
            return masked
        for p in np.flatnonzero(np.isin(self.grams, boilerplate)).tolist():
            masked[p : p + NGRAM] = True
        idx = np.flatnonzero(masked)
        gaps = np.flatnonzero(np.diff(idx) > 1)
        for g in gaps.tolist():
            if idx[g + 1] - idx[g] - 1 <= WINDOW:
                masked[idx[g] : idx[g + 1]] = True
        return masked


def query_of(document: LoadedDocument, ignored: Sequence[tuple[int, int]] = ()) -> Query | None:
    """What ``document`` asks of the index, or ``None`` when it has too few compared words to
    hold a reused passage.  ``ignored``: text ranges left out besides the site chrome."""
    tokens = Tokens.of(document.text).without(ignored_ranges(document, ignored))
    if len(tokens) < MIN_WORDS:
        return None
    grams = as_signed(ngram_hashes(tokens.hashes, NGRAM))
    return Query(tokens, grams, np.unique(grams))


def count_hits(sids: np.ndarray) -> SourceHits:
    """Hits per source from the sid of every (n-gram, source) pair found."""
    return np.unique(sids, return_counts=True)


def hits_in(index: SourceIndex, query: Query) -> dict[int, SourceHits]:
    """The query's hits, counted in the index's stores."""
    hits = {}
    for number, store in enumerate(index.stores):
        sids = store.sids_holding(query.asked(store.high))
        if len(sids):
            hits[number] = count_hits(sids)
    return hits


def candidates(hits: SourceHits, limit: int = MAX_CANDIDATES) -> list[int]:
    """The sids of the ``limit`` sources with the most hits; of equal hits, the lowest sid."""
    sids, counts = hits
    return sids[np.lexsort((sids, -counts))[:limit]].tolist()
