"""Fixtures of the command-line tests."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from licscan.cli import main


def _licscan_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run the `licscan` entry point in this process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["licscan", *args])
    with pytest.raises(SystemExit) as done:
        main()
    out = capsys.readouterr()
    return done.value.code, out.out, out.err


@pytest.fixture(scope="session")
def licscan_cli() -> Callable[..., tuple[int, str, str]]:
    """``licscan_cli(monkeypatch, capsys, *args)``: the `licscan` entry point run in this process
    with ``args``: (exit code, stdout, stderr)."""
    return _licscan_cli
