"""Fixtures shared by the whole suite: where the team's shared corpus lives; Hypothesis profiles;
and what tests of several packages use: the built-in rules, the command line, in-memory documents
and source indexes, the SARIF schema, and licscan's import graph."""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from typer.testing import Result

import licscan
from licscan.detect import RuleSet
from licscan.match import SourceIndex
from licscan.model import LoadedDocument
from tests.cli import invoke
from tests.detect import builtin
from tests.match import sources

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


# -- used by the tests of several packages ---------------------------------------------------------


@pytest.fixture(scope="session")
def builtin_rules() -> RuleSet:
    """licscan's built-in rule set, loaded once for the run (tests/detect/builtin.py)."""
    return builtin.builtin_rules()


@pytest.fixture(scope="session")
def run() -> Callable[..., Result]:
    """``run(*args)``: ``licscan ARGS`` through the CLI, in this process (tests/cli/invoke.py).
    The detection tests have a ``run`` of their own (tests/detect/conftest.py)."""
    return invoke.run


@pytest.fixture(scope="session")
def text_doc() -> Callable[..., LoadedDocument]:
    """``text_doc(text, relpath="draft.txt", links=None, canonical="", quoted=None, path=None)``:
    a document whose visible text is ``text`` itself (tests/match/sources.py)."""
    return sources.text_doc


@pytest.fixture(scope="session")
def paragraph() -> Callable[[str, int], str]:
    """``paragraph(name, number)``: the n-th line (1-based) of an article of tests/match/data."""
    return sources.paragraph


@pytest.fixture(scope="session")
def standard_index() -> Callable[[Path], SourceIndex]:
    """``standard_index(folder)``: an index of the three articles of tests/match/data, with their
    publishers, URLs and terms, built in ``folder``."""
    return sources.standard_index


@pytest.fixture(scope="session")
def binary_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of the binary formats' example files (tests/formats.py), written once:
    ``site/`` (a PDF report, a Word memo, an OpenDocument guide, an EPUB booklet) and
    ``drafts/estuary-roundup.docx`` (a Word draft copying the report)."""
    from tests.formats import write_examples

    root = tmp_path_factory.mktemp("formats")
    write_examples(root / "site", root / "drafts")
    return root


@pytest.fixture(scope="session")
def sarif_schema() -> Path:
    """The SARIF 2.1.0 JSON schema, as published by OASIS."""
    return REPO / "tests" / "check" / "data" / "sarif-schema-2.1.0.json"


# -- licscan's import graph, read from the source -----------------------------------------------

_PACKAGE = Path(licscan.__file__).parent


def _module_names() -> dict[str, Path]:
    names = {}
    for path in _PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(_PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                skipped.update(id(inner) for inner in ast.walk(statement))
    return skipped


def _imported(node: ast.ImportFrom, module: str, is_package: bool, modules: set[str]) -> list[str]:
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in modules]
    if len(submodules) == len(node.names):
        return submodules
    return submodules + ([target] if target in modules else [])


def _import_graph() -> dict[str, set[str]]:
    modules = _module_names()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_nodes(tree)
        edges: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.ImportFrom):
                edges.update(_imported(node, module, path.name == "__init__.py", set(modules)))
            elif isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names if alias.name in modules)
        graph[module] = edges - {module}
    return graph


def _find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a list of modules (first repeated last), or []."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once explored
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                return [*path[path.index(imported):], imported]
            if imported not in state:
                cycle = visit(imported)
                if cycle:
                    return cycle
        path.pop()
        state[module] = "done"
        return []

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return []


@pytest.fixture(scope="session")
def import_graph() -> Callable[[], dict[str, set[str]]]:
    """``import_graph()``: each licscan module and the licscan modules it imports, read from the
    source (imports inside functions count; those under ``if TYPE_CHECKING:`` do not)."""
    return _import_graph


@pytest.fixture(scope="session")
def find_cycle() -> Callable[[dict[str, set[str]]], list[str]]:
    """``find_cycle(graph)``: one import cycle of ``graph`` (first module repeated last), or []."""
    return _find_cycle
