"""Every module licscan imports is a declared dependency: a plain `pip install .` gives a working
licscan, and only the command that needs an extra asks for it."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib


def test_deptry_finds_no_missing_or_undeclared_dependency() -> None:
    if importlib.util.find_spec("deptry") is None:
        pytest.skip("deptry is not installed (it comes with the test extras)")
    done = subprocess.run(
        [sys.executable, "-m", "deptry", "."], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _extra_only_distributions() -> set[str]:
    """The distributions an extra of pyproject.toml names and the core dependencies do not."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {canonicalize_name(Requirement(line).name) for line in project["dependencies"]}
    extras = {
        canonicalize_name(Requirement(line).name)
        for lines in project["optional-dependencies"].values()
        for line in lines
    }
    return extras - core


def _modules_of(distributions: set[str]) -> list[str]:
    """The top-level modules the installed ``distributions`` provide."""
    provided = importlib.metadata.packages_distributions()
    return sorted(
        module
        for module, names in provided.items()
        if any(canonicalize_name(name) in distributions for name in names)
    )


def run_python(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter of this environment, in ``cwd``."""
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True)


def test_every_licscan_module_imports_without_the_extras(tmp_path: Path) -> None:
    blocked = _modules_of(_extra_only_distributions())
    assert {"dask", "distributed", "psutil", "pytest"} <= set(blocked)
    # A module set to None in sys.modules cannot be imported: as if it were not installed.
    script = (
        "import importlib, pkgutil, sys\n"
        f"sys.modules.update(dict.fromkeys({blocked!r}))\n"
        "import licscan\n"
        "for module in pkgutil.walk_packages(licscan.__path__, 'licscan.'):\n"
        "    if not module.name.endswith('.__main__'):  # importing it runs the CLI\n"
        "        importlib.import_module(module.name)\n"
    )
    done = run_python(script, tmp_path)
    assert done.returncode == 0, done.stderr


def test_the_dask_engine_without_its_extra_says_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("# A page\n\nSome text.\n", encoding="utf-8")
    script = (
        "import sys\n"
        "sys.modules.update(dict.fromkeys(['dask', 'distributed']))\n"
        "from licscan.cli import main\n"
        "sys.argv = ['licscan', 'scan', '.', '--engine', 'dask', '--no-cache', '-q']\n"
        "main()\n"
    )
    done = run_python(script, tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "licscan: error: the dask engine needs the dask extra: pip install 'licscan[dask]'\n"
    )
