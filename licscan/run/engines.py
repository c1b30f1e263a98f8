"""Which engine runs a scan: :mod:`licscan.run.local` (this process or a process pool) or
:mod:`licscan.run.dask_engine` (a Dask cluster, ``--engine dask``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.model import DocumentResult
from licscan.run.local import run_local

if TYPE_CHECKING:
    from licscan.run.context import ScanContext



def run_engine(roots: list[Path], context: ScanContext) -> Iterable[DocumentResult]:
    """Every document's result, in discovery order."""
    if context.options.engine == "dask":
        from licscan.run.dask_engine import run_dask

        return run_dask(roots, context)
    if context.options.engine != "local":
        raise ValueError(f"unknown engine {context.options.engine!r} (use 'local' or 'dask')")
    return run_local(roots, context)
