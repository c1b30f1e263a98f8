"""The result of a scan: every table as a pandas DataFrame, plus what was scanned and how.

>>> result = ScanResult.from_documents(results, roots=[Path("site")], options=options, rules=rules)
>>> result.findings.head()
>>> result.write("audit.xlsx")         # the format from the extension
>>> result.write_all(["a.xlsx", "r.html"])  # several reports, all or nothing
>>> ScanResult.read("scan.json")      # a saved result, without scanning again

The formats, and which of them can be read back, are listed in :mod:`licscan.report.formats`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

import pandas as pd

from licscan.model import DocumentResult, Finding, ScanWarning
from licscan.options import ScanOptions
from licscan.report import formats, tables
from licscan.version import __version__


def utc_now() -> str:
    """The current time as ISO 8601 UTC to the second, e.g. ``2025-06-01T09:30:00Z``."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(eq=False, repr=False)
class ScanResult:
    documents: pd.DataFrame
    notices: pd.DataFrame
    terms: pd.DataFrame
    metadata: pd.DataFrame
    matches: pd.DataFrame
    findings: pd.DataFrame
    errors: pd.DataFrame
    reservations: pd.DataFrame
    scan: dict[str, Any] = field(default_factory=dict)
    """started, finished (ISO 8601 UTC), roots, root_dirs, licscan_version, rules_version,
    options: see ``docs/schema.md``."""

    @classmethod
    def from_documents(
        cls,
        results: Iterable[DocumentResult],
        roots: Iterable[str | Path],
        options: Any = None,
        rules: Any = None,
    ) -> ScanResult:
        """Build the tables from a stream of per-document results.

        ``results`` may be a lazy iterator (the engine yields results as workers finish them);
        each one is flattened into table rows at once and not kept.
        """
        started = utc_now()
        builder = tables.TableBuilder()
        builder.extend(results)
        roots = [Path(root) for root in roots]
        scan = {
            "started": started,
            "finished": utc_now(),
            "roots": [_plain(root) for root in roots],
            "root_dirs": [_base_dir(roots, options)] if roots else [],
            "licscan_version": __version__,
            "rules_version": str(getattr(rules, "version", "") or ""),
            "options": options_summary(options),
        }
        return cls.from_frames(builder.frames(), scan)

    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame], scan: dict[str, Any]) -> ScanResult:
        return cls(**{table: frames[table] for table in tables.TABLE_NAMES}, scan=dict(scan))

    @classmethod
    def read(cls, path: str | Path) -> ScanResult:
        """A result saved earlier in a format that can be read back (``.json``, ``.parquet``)."""
        return cls.from_frames(*formats.read_tables(path))

    def __repr__(self) -> str:
        counts = ", ".join(f"{table}={count}" for table, count in self.counts().items())
        return f"ScanResult({counts})"

    def frames(self) -> dict[str, pd.DataFrame]:
        return {table: getattr(self, table) for table in tables.TABLE_NAMES}

    def write(self, path: str | Path) -> Path:
        """Write the report whose format the extension names; atomic for every format."""
        return self.write_all([path])[0]

    def write_all(self, paths: Iterable[str | Path]) -> list[Path]:
        """Write several reports, all or nothing.

        Paths and formats are checked first
        (:func:`~licscan.report.formats.check_report_paths`).  Every report is
        then written in full beside its target; they are moved into place only when all are
        complete.  On any failure no report is replaced and no temporary file is left; an
        :class:`OSError` comes as :class:`~licscan.report.tabular.ReportWriteError`, naming
        the report rather than its temporary file.
        """
        from licscan.report import tabular

        paths = formats.check_report_paths(paths)
        with tabular.staged() as staging:
            for path in paths:
                try:
                    formats.write_report(self, path, staging)
                except OSError as error:
                    raise tabular.ReportWriteError(path, error) from error
        return paths

    def with_warnings(self, warnings: Iterable[ScanWarning]) -> ScanResult:
        """This result with the scan's warnings added to the errors table (status
        ``warning``, the file or folder concerned as path, the message as reason)."""
        rows = tables.warning_rows(warnings)
        if rows.empty:
            return self
        errors = pd.concat([self.errors, rows], ignore_index=True)
        return replace(self, errors=tables.frame("errors", errors))

    def with_site_audit(self, reservations: pd.DataFrame, findings: list[Finding]) -> ScanResult:
        """This result with the site audit's ``reservations`` table and findings (counted in
        the documents table for the files they point at)."""
        added = tables.rows_frame("findings", findings)
        counts = added["path"].value_counts()
        documents = self.documents.copy()
        documents["finding_count"] += documents["path"].map(counts).fillna(0).astype("int64")
        return replace(
            self,
            documents=documents,
            findings=tables.frame("findings", pd.concat([self.findings, added], ignore_index=True)),
            reservations=reservations,
        )

    @property
    def warnings(self) -> list[ScanWarning]:
        """The scan's warnings, from the errors table."""
        rows = self.errors[self.errors["status"] == tables.WARNING]
        return [ScanWarning(path, reason)
                for path, reason in zip(rows["path"], rows["reason"], strict=True)]

    def blocking_findings(self, fail_on: str) -> pd.DataFrame:
        """Unaccepted findings at or above ``fail_on`` (high 3, medium 2, low 1, info 0)."""
        threshold = tables.severity_rank(getattr(fail_on, "value", fail_on))
        findings = self.findings
        ranks = findings["severity"].map(lambda s: tables.SEVERITY_RANK.get(str(s), 0))
        keep = (findings["accepted"] == "") & (ranks >= threshold)
        return findings[keep.astype(bool)].reset_index(drop=True)

    def at_or_above(self, min_severity: str) -> ScanResult:
        """This result without the findings below ``min_severity`` (``--min-severity``)."""
        threshold = tables.severity_rank(getattr(min_severity, "value", min_severity))
        if threshold == 0:
            return self
        findings = self.findings
        ranks = findings["severity"].map(lambda s: tables.SEVERITY_RANK.get(str(s), 0))
        kept = findings[(ranks >= threshold).astype(bool)].reset_index(drop=True)
        return replace(self, findings=kept)

    def counts(self) -> dict[str, int]:
        return {table: len(frame) for table, frame in self.frames().items()}

    def started_at(self) -> datetime | None:
        return _parse_time(self.scan.get("started"))

    def finished_at(self) -> datetime | None:
        return _parse_time(self.scan.get("finished"))


def _base_dir(roots: list[Path], options: ScanOptions | None) -> str:
    """The absolute folder that document paths are relative to (for report links)."""
    from licscan.discover import readable, relpath_base

    return readable(relpath_base(roots, getattr(options, "root", None)).resolve().as_posix())


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def options_summary(options: Any) -> dict[str, Any]:
    """The scan options as plain JSON values (paths as POSIX strings)."""
    if options is None:
        return {}
    return {f.name: _plain(getattr(options, f.name)) for f in fields(options)}


def _plain(value: Any) -> Any:
    from licscan.discover import readable

    if isinstance(value, Path):
        return readable(value.as_posix())  # no undecodable byte: reports are UTF-8
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return os.fspath(value) if hasattr(value, "__fspath__") else str(value)
