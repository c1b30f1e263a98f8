"""Fixtures of the site audit tests: the example folder's scan, and scans of made-up sites."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import licscan
from licscan.result import ScanResult
from tests.conftest import REPO

QUAYSIDE = REPO / "examples" / "site" / "quayside"
SITE_FILES = ("robots.txt", ".well-known")


@pytest.fixture(scope="session")
def example_site() -> ScanResult:
    """A scan of examples/site: the Quayside Courier with its site files, and pages of other
    sites without any."""
    return licscan.scan([REPO / "examples" / "site"], cache=False)


@pytest.fixture(scope="session")
def quayside_without_site_files(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    """The Courier's pages alone: its robots.txt and .well-known folder left out."""
    folder = tmp_path_factory.mktemp("quayside") / "quayside"
    shutil.copytree(QUAYSIDE, folder, ignore=shutil.ignore_patterns(*SITE_FILES))
    return licscan.scan([folder], cache=False)


@pytest.fixture
def scan_site(tmp_path: Path) -> Callable[[dict[str, str]], ScanResult]:
    """Write a made-up site's files (path -> content) and scan it."""

    def scan(files: dict[str, str]) -> ScanResult:
        for relpath, content in files.items():
            (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / relpath).write_text(content, encoding="utf-8")
        return licscan.scan([tmp_path], cache=False)

    return scan
