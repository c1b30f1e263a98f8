"""The progress line of a scan: files done of the total and the time left, on a terminal only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.md").write_text(f"# Page {name}\n\nOur own words.\n",
                                             encoding="utf-8")
    return tmp_path


def _scan_stderr(folder: Path, *flags: str, terminal: bool) -> str:
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    if terminal:
        env["FORCE_COLOR"] = "1"  # rich draws as on a terminal
    done = subprocess.run([sys.executable, "-m", "licscan", "scan", ".", "--no-cache", *flags],
                          cwd=folder, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_a_scan_on_a_terminal_shows_the_total_and_the_time_left(three_pages: Path) -> None:
    shown = _scan_stderr(three_pages, terminal=True)
    assert "scanning" in shown
    assert "0/3" in shown and "3/3" in shown
    assert "left" in shown


@pytest.mark.parametrize(("flags", "terminal"), [((), False), (("--quiet",), True)])
def test_no_progress_in_a_pipe_or_with_quiet(
    three_pages: Path, flags: tuple[str, ...], terminal: bool
) -> None:
    assert _scan_stderr(three_pages, *flags, terminal=terminal) == ""
