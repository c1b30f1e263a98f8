"""Helpers for the discover/load tests: where the shared corpus is, and the offset invariant."""

from __future__ import annotations

import html
import re
from pathlib import Path

from licscan.model import LoadedDocument

SHARED = Path(__file__).parents[1].parent / "shared"
CORPUS_PAGES = SHARED / "corpus" / "articles" / "html"
GROUND_TRUTH = SHARED / "corpus" / "articles" / "ground-truth.json"


# What sits between visible words in the sources of these tests: comments, scripts, hidden
# elements and tags.
_HIDDEN_MARKUP = re.compile(
    r"<!--.*?-->|<(script|style|svg|noscript|template)\b.*?</\1>|<div hidden>.*?</div>|<[^>]*>",
    re.S | re.I,
)


def source_of(document: LoadedDocument, start: int, end: int) -> str:
    """The original-file text behind visible-text range [start, end)."""
    src_start, src_end = document.offsets.source_range(start, end)
    return document.source[src_start:src_end]


def find_span(document: LoadedDocument, needle: str) -> tuple[int, int]:
    start = document.text.index(needle)
    return start, start + len(needle)


def unmapped_words(document: LoadedDocument) -> list[tuple[str, str]]:
    """Visible words whose source is not the same word (entities and markup inside allowed).

    Returns (word, source) pairs that fail: the source of a word, with comments and tags
    removed and entities and escapes decoded, must read as the word.
    """
    failures = []
    for match in re.finditer(r"\S+", document.text):
        source = source_of(document, match.start(), match.end())
        if source == match.group():
            continue
        cleaned = re.sub(_HIDDEN_MARKUP, "", source)
        cleaned = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", cleaned)  # Markdown escapes
        cleaned = re.sub(r"\]\[[^\]]*\]", "", html.unescape(cleaned))  # reference labels
        if _markdown_marks(" ".join(cleaned.split())) != _markdown_marks(match.group()):
            failures.append((match.group(), source))
    return failures


def _markdown_marks(text: str) -> str:
    """Text without the characters Markdown uses as syntax (emphasis, links, autolinks)."""
    return re.sub(r"[*_~`<>\[\]]+", "", text)
