"""Fixtures of the match tests (the builders they share with the judge tests are in
tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from licscan.match import SourceIndex
from tests.match import sources


@pytest.fixture(scope="session")
def data_text() -> Callable[[str], str]:
    """``data_text(name)``: the text of an article of tests/match/data."""
    return sources.data_text


@pytest.fixture(scope="session")
def make_index() -> Callable[..., SourceIndex]:
    """``make_index(folder, [(id, text, manifest fields)], max_df=None, rules=None)``: an index
    of those sources, built with the library API in ``folder``."""
    return sources.make_index
