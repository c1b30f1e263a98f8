"""``licscan ARGS`` through the CLI, in this process.

Tests receive it as the ``run`` fixture (tests/conftest.py); it is also a plain function here for
the module-level helper functions of test modules, where pytest hands out no fixture.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from licscan.cli import app


def run(*args: str | Path) -> Result:
    """``licscan ARGS`` through the CLI, in this process."""
    return CliRunner().invoke(app, [str(a) for a in args])
