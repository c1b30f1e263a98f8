"""Fixtures shared by the whole suite: where the team's shared corpus lives; Hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Property-based tests run the same examples on every run ("ci", the default), so a failure in CI
# is reproducible; `pytest --hypothesis-profile explore` searches further with fresh examples.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=300,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],  # a busy machine is not a slow strategy
    # no "explain" phase, which replays a failure many times: a failing run stays short
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile("ci")


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


SHARED_FIXTURES = frozenset({"shared_dir", "seed_article", "real_pages"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that read the shared corpus carry the ``shared`` marker (``-m "not shared"`` runs
    the rest), whether they ask for one of its fixtures or are marked by hand."""
    for item in items:
        if SHARED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.shared)


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
