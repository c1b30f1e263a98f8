"""Pieces shared by the sub-commands: option types, configuration merge, reports, exit codes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from licscan.accept.baseline import BASELINE_NAME
from licscan.exitcodes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from licscan.model import Severity

if TYPE_CHECKING:
    from licscan.model import ScanWarning
    from licscan.options import ScanOptions
    from licscan.result import ScanResult


# Options several commands take, declared once so that they read the same everywhere.
SourcesOption = Annotated[
    list[Path] | None,
    typer.Option(metavar="PATH",
                 help="Source index (from `licscan index build`) or folder of sources."),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", metavar="PATH", help="Extra rule file or folder. Repeatable."),
]
DisableOption = Annotated[
    list[str] | None,
    typer.Option(metavar="RULE-ID", help="Rule id (or id prefix) to turn off. Repeatable."),
]
FailOnOption = Annotated[
    Severity | None,
    typer.Option(help="Exit 1 at this severity or above (default: medium, or the config's)."),
]
MinSeverityOption = Annotated[
    Severity | None,
    typer.Option(help="Leave findings below this severity out of the reports and the console "
                 "(default: info, or the config's)."),
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(metavar="FILE", help="Baseline of accepted findings (default: "
                 f"{BASELINE_NAME} at the project root, when it exists)."),
]
NoBaselineOption = Annotated[
    bool, typer.Option("--no-baseline", help="Apply no baseline, not even the default one.")
]
InlineIgnoresOption = Annotated[
    bool | None,
    typer.Option(help="Honour `licscan: ignore` markers (turn them off for audits)."),
]
FollowSymlinksOption = Annotated[
    bool | None,
    typer.Option(
        help="Also follow symbolic links that lead out of the scanned folders (default: such "
        "links are listed as skipped)."
    ),
]
ExitZeroOption = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even when findings block.")
]
FileTimeoutOption = Annotated[
    float | None,
    typer.Option(
        metavar="SECONDS",
        min=0,
        help="Stop a file that takes longer than this and report it as an error "
        "(default: 60, or the config's; 0: no limit).",
    ),
]


class EngineChoice(str, Enum):
    local = "local"
    dask = "dask"


def build_options(start: list[Path], no_baseline: bool = False, **cli: Any) -> ScanOptions:
    """Options from the configuration file found above ``start``, overridden by CLI flags.

    A CLI value of ``None`` (or an empty list) means "not given on the command line".  The
    baseline is resolved here, for ``scan`` and ``check`` alike: the one given, else
    ``.licscan-baseline.json`` at the project root when it exists; none with ``no_baseline``.
    """
    from licscan.accept.baseline import resolve_baseline
    from licscan.config import find_project_root, load_config

    options = load_config(start)
    options.root = find_project_root(start)  # scan, check and baseline: one path per file
    given = {key: value for key, value in cli.items() if value not in (None, [], ())}
    for key, value in given.items():
        field = _CLI_TO_OPTION.get(key, key)
        if isinstance(value, Enum):
            value = value.value
        if field in ("include", "exclude", "rule_paths", "disabled_rules", "sources"):
            value = [*getattr(options, field), *value]
        setattr(options, field, value)
    if options.jobs == 0:
        options.jobs = os.cpu_count() or 1
    options.baseline = None if no_baseline else resolve_baseline(options.baseline, options.root)
    return options


_CLI_TO_OPTION = {
    "gitignore": "use_gitignore",
    "rules": "rule_paths",
    "disable": "disabled_rules",
}


def echo_warnings(warnings: Iterable[ScanWarning]) -> None:
    """One line each on stderr, even with --quiet: a warning means the result may be wrong."""
    for warning in warnings:
        typer.echo(f"licscan: warning: {warning}", err=True)


def echo_written(result: ScanResult, reports: list[Path]) -> None:
    """One line per file written, with its tables' rows, on stderr (stdout may be a report)."""
    from licscan.report.formats import written_lines

    for line in written_lines(reports, result.counts()):
        typer.echo(line, err=True)


def exit_code_for(result: ScanResult, fail_on: str) -> int:
    """Findings when an unaccepted finding is at or above ``fail_on``, else OK."""
    return EXIT_FINDINGS if len(result.blocking_findings(fail_on)) else EXIT_OK


def require_existing(paths: list[Path]) -> None:
    """A path that is not there (and is no glob pattern) is a usage error, not an empty scan:
    a mistyped folder in a CI gate must fail loudly rather than pass with nothing scanned."""
    missing = [str(p) for p in paths if not p.exists() and not set(str(p)) & set("*?[")]
    if missing:
        typer.echo(f"licscan: error: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(EXIT_ERROR)
