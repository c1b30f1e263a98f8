"""The code base stays ruff-clean: a lint regression fails the suite like any other bug."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


def test_ruff_reports_nothing() -> None:
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (it comes with the test extras)")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "licscan", "tests", "bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
