"""What every file of a scan is checked against: the rule set, the source index, the options.

Built once per scan (and once per worker process, from :class:`ContextSpec`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.model import ScanWarning
from licscan.options import ScanOptions

if TYPE_CHECKING:
    from licscan.detect import RuleSet
    from licscan.match import SourceIndex
    from licscan.match.query import HitCounts


@dataclass
class ScanContext:
    """What every document of a scan is checked against (built once, shared by workers)."""

    options: ScanOptions
    rules: RuleSet
    index: SourceIndex | None = None
    warnings: list[ScanWarning] = field(default_factory=list)  # found while building it
    # The index hits of one document's query, already counted (the Dask engine's join makes a
    # context per document with them); None: the matcher counts them in the index.
    hits: HitCounts | None = None


class SourcesNotFoundError(FileNotFoundError):
    """A ``sources`` path that does not exist (the CLI's exit 2): a mistyped path must not
    quietly turn the reuse check off."""


def require_sources(paths: Iterable[str | Path]) -> None:
    """Raise :class:`SourcesNotFoundError` naming every source path that does not exist."""
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise SourcesNotFoundError(
            f"source index or folder not found: {', '.join(missing)} "
            "(check the path, or build an index with `licscan index build`)"
        )


def build_context(options: ScanOptions) -> ScanContext:
    from licscan.detect.factory import rules_for

    require_sources(options.sources)
    rules = rules_for(options)
    index = None
    warnings: list[ScanWarning] = []
    if options.sources:
        from licscan.match import open_sources

        index = open_sources(options.sources, rules=rules,
                             follow_symlinks=options.follow_symlinks, warnings=warnings)
    return ScanContext(options=options, rules=rules, index=index, warnings=warnings)


@dataclass(frozen=True)
class ContextSpec:
    """How a worker re-creates the scan's context: the options, and the source index, which
    pickles as the paths of its stores and reopens them where it is unpickled."""

    options: ScanOptions
    index: SourceIndex | None = None

    @classmethod
    def of(cls, context: ScanContext) -> ContextSpec:
        return cls(context.options, context.index)

    def digest(self) -> str:
        return hashlib.sha256(pickle.dumps(self)).hexdigest()

    def build(self) -> ScanContext:
        from licscan.detect.factory import rules_for
        from licscan.run.context import ScanContext

        options = self.options
        rules = rules_for(options)
        return ScanContext(options=options, rules=rules, index=self.index)


_WORKER_CONTEXTS: dict[str, ScanContext] = {}


def worker_context(spec: ContextSpec) -> ScanContext:
    """The context of ``spec`` in this process, built on first use (also used by Dask tasks)."""
    key = spec.digest()
    context = _WORKER_CONTEXTS.get(key)
    if context is None:
        _WORKER_CONTEXTS.clear()  # one scan per worker at a time: drop the previous index
        context = _WORKER_CONTEXTS[key] = spec.build()
    return context
