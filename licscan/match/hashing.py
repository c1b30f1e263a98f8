"""Stable 64-bit hashes of words and word n-grams, and winnowing.

Python's ``hash()`` changes between runs, so an index written today would not match a query
tomorrow.  Each word is hashed once with BLAKE2b (8-byte digest, cached per process); an n-gram
hash is a polynomial over its words' hashes computed with numpy's wrapping uint64 arithmetic,
then scrambled with the SplitMix64 finaliser so that every bit is well mixed (winnowing picks
minima, which needs uniform values).  The same words always give the same hash, on any machine.

Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003) keeps the smallest hash of every
window of ``w`` consecutive n-grams: any run of at least ``w + n - 1`` words shared by two texts
shares at least one kept fingerprint, while only about ``2 / (w + 1)`` of the n-grams are kept.
"""

from __future__ import annotations

from hashlib import blake2b

import numpy as np

NGRAM = 5  # words per indexed n-gram
WINDOW = 4  # winnowing window, in n-grams: shared runs of NGRAM + WINDOW - 1 = 8 words are found
SEED = 3  # words per seed n-gram when aligning a document with one source

_PRIME = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_CACHE_LIMIT = 2_000_000
_cache: dict[str, int] = {}


def _word_hash(word: str) -> int:
    value = int.from_bytes(blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest())
    if len(_cache) >= _CACHE_LIMIT:  # bounded: a 100,000-source build must not grow without end
        _cache.clear()
    _cache[word] = value
    return value


def word_hashes(words: list[str]) -> np.ndarray:
    get = _cache.get
    values = [get(w) for w in words]
    for i, value in enumerate(values):
        if value is None:
            values[i] = _word_hash(words[i])
    return np.asarray(values, dtype=np.uint64)


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


def ngram_hashes(hashes: np.ndarray, n: int) -> np.ndarray:
    """Hash of every run of ``n`` words (``len - n + 1`` values, uint64)."""
    count = len(hashes) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        acc = hashes[:count].copy()
        for k in range(1, n):
            acc = acc * _PRIME + hashes[k : k + count]
        return _mix(acc + np.uint64(n))


def winnow(grams: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """The distinct fingerprints winnowing keeps from a sequence of n-gram hashes: the
    minimum of every window of ``window`` consecutive n-grams."""
    if len(grams) <= window:
        return np.unique(grams)
    count = len(grams) - window + 1
    minima = grams[:count].copy()
    for k in range(1, window):
        np.minimum(minima, grams[k : k + count], out=minima)
    return np.unique(minima)


def as_signed(values: np.ndarray) -> np.ndarray:
    """uint64 hashes as the int64 SQLite and Parquet store."""
    return values.view(np.int64)


def fingerprints(hashes: np.ndarray) -> np.ndarray:
    """The fingerprints a source contributes to the index (int64, distinct)."""
    return as_signed(winnow(ngram_hashes(hashes, NGRAM)))
