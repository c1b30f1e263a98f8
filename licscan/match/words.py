"""Text normalisation for matching: words with their offsets in the visible text.

Matching compares *words*, not characters: each word is Unicode-NFKC normalised and casefolded,
so case changes, curly versus straight quotes, dashes, non-breaking or doubled spaces and
punctuation spacing never break a match.  Every word keeps its ``[start, end)`` offsets in
``LoadedDocument.text``; ``document.text_span()`` carries them on to the original file.

Scripts written without spaces (Chinese, Japanese, Thai) are split into single characters so
that they still form n-grams.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import regex

from licscan.load.boilerplate import merge_ranges
from licscan.match.hashing import word_hashes

if TYPE_CHECKING:
    from licscan.model import LoadedDocument

# A word: one ideograph/kana/Thai character, or a run of other word characters.
_DENSE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}"
WORD_RE = regex.compile(rf"[{_DENSE}]|[^\W{_DENSE}]+")
# Characters that may hug a passage's first or last word and belong to it: quotes, brackets,
# sentence punctuation.  Dashes and separators do not.
_LEADING = frozenset("\"'“‘«‹„‚([¿¡")
_TRAILING = frozenset("\"'”’»›)].,;:!?…")
_SENTENCE_END = frozenset(".!?…。！？")


def normalise_word(word: str) -> str:
    """The comparable form of one word: NFKC, casefolded."""
    if word.isascii():
        return word.lower()
    return unicodedata.normalize("NFKC", word).casefold()


def normalise_text(text: str) -> str:
    """Text for fingerprints of findings: words only, normalised, single-spaced."""
    return " ".join(normalise_word(w) for w in WORD_RE.findall(text))


def _folded(text: str) -> str | None:
    """``text`` normalised as a whole when that keeps every offset: already NFKC and
    casefolding changes no length (true of nearly all text; far faster than word by word)."""
    if unicodedata.is_normalized("NFKC", text):
        folded = text.casefold()
        if len(folded) == len(text):
            return folded
    return None


def words_of(text: str) -> list[str]:
    """Normalised words of ``text``, without offsets (index building needs no more)."""
    folded = _folded(text)
    if folded is not None:
        return WORD_RE.findall(folded)
    return [normalise_word(w) for w in WORD_RE.findall(text)]


def ignored_ranges(document: LoadedDocument, extra: Sequence[tuple[int, int]] = ()
                   ) -> list[tuple[int, int]]:
    """Text ranges matching leaves out: the site chrome the loader marked
    (``document.boilerplate``) and ``extra`` (the document's own notices, terms and credits:
    legal lines are shared by design, they are not reuse of an article)."""
    return merge_ranges([*document.boilerplate, *extra])


@dataclass
class Tokens:
    """The words of a text and where each one lies in it."""

    text: str
    words: list[str]
    starts: np.ndarray  # int64, offsets into ``text``
    ends: np.ndarray
    gaps: np.ndarray | None = None  # bool: words were left out just before this one

    @classmethod
    def of(cls, text: str) -> Tokens:
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        folded = _folded(text)
        for m in WORD_RE.finditer(text if folded is None else folded):
            words.append(normalise_word(m.group()) if folded is None else m.group())
            starts.append(m.start())
            ends.append(m.end())
        return cls(
            text,
            words,
            np.asarray(starts, dtype=np.int64),
            np.asarray(ends, dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.words)

    def without(self, ranges: Sequence[tuple[int, int]]) -> Tokens:
        """The words outside ``ranges`` (text offsets; a word partly inside one is left out).
        Offsets still index the whole text, so the words either side of a left-out stretch
        form n-grams together, as in a copy that leaves that stretch out."""
        merged = merge_ranges(ranges)
        if not merged or not len(self.words):
            return self
        starts = np.asarray([a for a, _ in merged], dtype=np.int64)
        ends = np.asarray([b for _, b in merged], dtype=np.int64)
        k = np.searchsorted(ends, self.starts, "right")  # first range ending after the word starts
        inside = (k < len(ends)) & (starts[np.minimum(k, len(ends) - 1)] < self.ends)
        if not inside.any():
            return self
        keep = np.flatnonzero(~inside)
        gaps = np.diff(keep, prepend=-1) > 1
        if self.gaps is not None:
            gaps |= self.gaps[keep]
        return Tokens(self.text, [self.words[i] for i in keep.tolist()], self.starts[keep],
                      self.ends[keep], gaps)

    @cached_property
    def hashes(self) -> np.ndarray:
        return word_hashes(self.words)

    def leading_punct(self, index: int) -> int:
        text, pos, count = self.text, int(self.starts[index]), 0
        while pos - count > 0 and text[pos - count - 1] in _LEADING:
            count += 1
        return count

    def trailing_punct(self, index: int) -> int:
        text, pos, count = self.text, int(self.ends[index]), 0
        while pos + count < len(text) and text[pos + count] in _TRAILING:
            count += 1
        return count

    def starts_unit(self, index: int) -> bool:
        """Word ``index`` opens a sentence, line or the text (nothing but quotes before it
        since the previous sentence ended)."""
        if index == 0:
            return True
        gap = self.text[int(self.ends[index - 1]) : int(self.starts[index])]
        return "\n" in gap or any(c in _SENTENCE_END for c in gap)

    def ends_unit(self, index: int) -> bool:
        """Word ``index`` closes a sentence, line or the text."""
        if index == len(self.words) - 1:
            return True
        gap = self.text[int(self.ends[index]) : int(self.starts[index + 1])]
        return "\n" in gap or any(c in _SENTENCE_END for c in gap)
