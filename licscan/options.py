"""Options of a scan, shared by the library API, the CLI and the configuration file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from licscan.policy import QuotationPolicy

DEFAULT_MAX_SIZE = 20 * 1024 * 1024  # bytes; larger files are reported as too_large, not read
DEFAULT_FILE_TIMEOUT = 60.0  # seconds; far above any real page, and a hang still ends


@dataclass
class ScanOptions:
    root: Path | None = None  # paths in reports are relative to it (default: the scanned folder)
    include: list[str] = field(default_factory=list)  # glob patterns; empty = every supported file
    exclude: list[str] = field(default_factory=list)
    use_gitignore: bool = True
    follow_symlinks: bool = False  # also links leading out of the scanned roots
    max_size: int = DEFAULT_MAX_SIZE
    rule_paths: list[Path] = field(default_factory=list)  # extra rule files or folders
    builtin_rules: bool = True
    disabled_rules: list[str] = field(default_factory=list)  # rule ids or id prefixes
    severity_overrides: dict[str, str] = field(default_factory=dict)  # rule id -> severity
    regex_timeout: float = 0.5  # seconds per pattern per window
    sources: list[Path] = field(default_factory=list)  # source index folder or source folders
    cross: bool = False  # match documents of the scan against each other
    licensed_sources: list[str] = field(default_factory=list)  # domains/publishers we may reuse
    policy: QuotationPolicy = field(default_factory=QuotationPolicy)  # [policy] of licscan.toml
    inline_ignores: bool = True
    baseline: Path | None = None
    fail_on: str = "medium"  # lowest severity that makes `scan`/`check` exit 1
    min_severity: str = "info"  # lowest severity the CLI writes in reports and lists
    jobs: int = 1
    # Seconds one file may take before it is stopped and reported as an error row; 0 or None:
    # no limit.  See licscan.run.timelimit (one job) and licscan.run.local (workers).
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None
    cache: bool = True
    cache_dir: Path | None = None
    progress: bool = False
