"""Fixtures shared by the whole suite: where the team's shared corpus lives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def user_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' own user cache folder (the result cache's key lives there), inherited by the
    commands they run: the suite leaves the user's home alone."""
    home = tmp_path_factory.mktemp("user-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(home)
    yield home
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("the shared corpus (../shared) is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Path:
    path = shared_dir / "corpus" / "seed" / "gdc-turkey-s400.txt"
    if not path.is_file():
        pytest.skip("seed article missing")
    return path


@pytest.fixture(scope="session")
def real_pages(shared_dir: Path) -> list[Path]:
    pages = sorted((shared_dir / "corpus" / "articles" / "html").glob("*.html.gz"))
    if not pages:
        pytest.skip("real pages missing")
    return pages
