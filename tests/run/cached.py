"""A counter of the documents analysed, and a one-process scan with a cache folder: the
instruments of the cache tests.

A plain module, not fixtures: the cache tests use them in their own module-level helper
functions, where pytest hands out no fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import licscan
from licscan.run import unit


class AnalyseCounter:
    """Counts documents analysed (detection and matching) in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        real = unit.analyse

        def counting(document, context):  # type: ignore[no-untyped-def]
            self.calls.append(document.relpath)
            return real(document, context)

        monkeypatch.setattr(unit, "analyse", counting)

    def take(self) -> list[str]:
        calls, self.calls = self.calls, []
        return calls


def scan(site: Path, cache_dir: Path, **options: object) -> licscan.ScanResult:
    return licscan.scan([site], jobs=1, cache_dir=cache_dir, **options)
