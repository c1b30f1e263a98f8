"""Fixtures of the loading tests: the offset invariant (every visible word maps back to itself
in the file), and a time limit per page."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from licscan.load import load_document
from licscan.model import FileEntry, LoadedDocument
from tests import fuzzing

# What sits between visible words in the sources of these tests: comments, scripts, hidden
# elements and tags.
_HIDDEN_MARKUP = re.compile(
    r"<!--.*?-->|<(script|style|svg|noscript|template)\b.*?</\1>|<div hidden>.*?</div>|<[^>]*>",
    re.S | re.I,
)


def _source_of(document: LoadedDocument, start: int, end: int) -> str:
    """The original-file text behind visible-text range [start, end)."""
    src_start, src_end = document.offsets.source_range(start, end)
    return document.source[src_start:src_end]


def _find_span(document: LoadedDocument, needle: str) -> tuple[int, int]:
    start = document.text.index(needle)
    return start, start + len(needle)


def _unmapped_words(document: LoadedDocument) -> list[tuple[str, str]]:
    """Visible words whose source is not the same word (entities and markup inside allowed).

    Returns (word, source) pairs that fail: the source of a word, with comments and tags
    removed and entities and escapes decoded, must read as the word.
    """
    failures = []
    for match in re.finditer(r"\S+", document.text):
        source = _source_of(document, match.start(), match.end())
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


@pytest.fixture(scope="session")
def source_of() -> Callable[[LoadedDocument, int, int], str]:
    """``source_of(document, start, end)``: the original-file text behind a visible range."""
    return _source_of


@pytest.fixture(scope="session")
def find_span() -> Callable[[LoadedDocument, str], tuple[int, int]]:
    """``find_span(document, needle)``: the visible range of the first ``needle``."""
    return _find_span


@pytest.fixture(scope="session")
def unmapped_words() -> Callable[[LoadedDocument], list[tuple[str, str]]]:
    """``unmapped_words(document)``: the (word, source) pairs whose source is not the word."""
    return _unmapped_words


@pytest.fixture(scope="session")
def time_limit() -> Callable[..., AbstractContextManager[None]]:
    """``with time_limit(seconds=20):``: the block fails, not hangs, past ``seconds``."""
    return fuzzing.time_limit


@pytest.fixture(scope="session")
def load_path() -> Callable[[Path], LoadedDocument]:
    """``load_path(path)``: the document of a file, as a scan loads it."""

    def load(path: Path) -> LoadedDocument:
        return load_document(FileEntry(path, path.name, path.stat().st_size), 10_000_000)

    return load
