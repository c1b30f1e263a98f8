"""The library's entry point: :func:`scan` a set of files and folders into a :class:`ScanResult`.

The pipeline behind it, stage by stage: :mod:`licscan.discover` → :mod:`licscan.load` →
:mod:`licscan.detect` → :mod:`licscan.match` → :mod:`licscan.judge` → :mod:`licscan.report`,
run file by file by :mod:`licscan.run`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.discover import discover
from licscan.model import ScanWarning
from licscan.options import ScanOptions
from licscan.run.context import ScanContext, build_context
from licscan.run.unit import apply_severity_overrides, with_severity_overrides

if TYPE_CHECKING:
    from licscan.accept.baseline import Baseline
    from licscan.result import ScanResult


def scan(
    paths: Iterable[str | Path],
    options: ScanOptions | None = None,
    **overrides: object,
) -> ScanResult:
    """Scan files and folders; return every table of the scan.

    ``overrides`` set :class:`ScanOptions` fields directly: ``scan(["site"], jobs=2)``.
    """
    from licscan.result import ScanResult
    from licscan.run.engines import run_engine

    options = _with_overrides(options or ScanOptions(), overrides)
    roots = [Path(p) for p in paths]
    context = build_context(options)
    if options.cross:
        context = _with_cross_index(context, roots)
    results = with_severity_overrides(run_engine(roots, context), options)
    document_entries, site_entries = _baselines(options)
    if document_entries is not None:
        from licscan.accept.baseline import with_baseline

        results = with_baseline(results, document_entries)
    result = ScanResult.from_documents(results, roots=roots, options=options, rules=context.rules)
    result = _with_site_audit(result, roots, context, site_entries)
    warnings = list(context.warnings)
    if result.documents.empty:
        warnings += [nothing_to_scan_warning(root) for root in roots]
    return result.with_warnings(warnings)


def nothing_to_scan_warning(root: Path) -> ScanWarning:
    """A scan that found no file passes every gate: say so, and what usually causes it."""
    return ScanWarning(root.as_posix(),
                       "no files to scan: check --include/--exclude and .gitignore")


def _with_overrides(options: ScanOptions, overrides: dict[str, object]) -> ScanOptions:
    return replace(options, **overrides) if overrides else options


def _baselines(options: ScanOptions) -> tuple[Baseline | None, Baseline | None]:
    """The baseline's entries for the findings of documents, and for those of the site audit
    (made once every document is read): ``None`` without a baseline."""
    if options.baseline is None:
        return None, None
    from licscan.accept.baseline import read_baseline
    from licscan.catalogue import IMAGE_CHECKS
    from licscan.site.ids import SITE_CHECKS

    return read_baseline(options.baseline).split((*SITE_CHECKS, *IMAGE_CHECKS))


def _with_site_audit(result: ScanResult, roots: list[Path], context: ScanContext,
                     baseline: Baseline | None) -> ScanResult:  # fmt: skip
    """The result with its sites audited (``docs/site-rights.md``): the reservations table, the
    site findings and those of the images shown on its pages (``licscan.site.images``), with
    the configured severities and the baseline applied like any other."""
    from licscan.discover import relpath_base
    from licscan.site.audit import audit_folders
    from licscan.site.images import image_credit_findings

    options = context.options
    base = relpath_base(roots, options.root)
    frames = result.frames()
    reservations, findings = audit_folders(frames, roots, base, context.rules)
    findings += image_credit_findings(frames, base, options.max_size)
    apply_severity_overrides(findings, options)
    if baseline is not None:
        from licscan.accept.baseline import apply_baseline

        findings += apply_baseline(findings, baseline, set(result.documents["path"]))
    return result.with_site_audit(reservations, findings)


def _with_cross_index(context: ScanContext, roots: list[Path]) -> ScanContext:
    from licscan.match import build_cross_index

    index = build_cross_index(discover(roots, context.options), context)
    return ScanContext(options=context.options, rules=context.rules, index=index,
                       warnings=context.warnings)
