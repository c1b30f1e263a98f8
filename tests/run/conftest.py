"""Fixtures of the engine and cache tests: made-up sites, and the comparison of two scans."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from licscan.result import ScanResult
from tests.run import sites

TABLES = ("documents", "notices", "terms", "metadata", "matches", "findings", "errors")


@pytest.fixture(scope="session")
def make_site() -> Callable[..., Path]:
    """``make_site(folder, pages, seed=7, bad_files=True)``: a made-up site (tests/run/sites.py)."""
    return sites.make_site


@pytest.fixture(scope="session")
def make_reuse_set() -> Callable[..., tuple[Path, Path]]:
    """``make_reuse_set(folder, sources=6, candidates=8, seed=11)``: made-up sources and drafts
    that copy some of them (tests/run/sites.py)."""
    return sites.make_reuse_set


def _assert_same_tables(first: ScanResult, second: ScanResult) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), obj=name)


@pytest.fixture(scope="session")
def assert_same_tables() -> Callable[[ScanResult, ScanResult], None]:
    """``assert_same_tables(first, second)``: the two scans have equal tables, all of them."""
    return _assert_same_tables
