"""Fixtures of the match tests (the builders they share with the judge tests are in
tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.match import sources


@pytest.fixture(scope="session")
def data_text() -> Callable[[str], str]:
    """``data_text(name)``: the text of an article of tests/match/data."""
    return sources.data_text
