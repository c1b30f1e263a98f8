"""`licscan scan`: scan folders and files, print a summary, write reports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.common import (
    BaselineOption,
    DisableOption,
    EngineChoice,
    ExitZeroOption,
    FailOnOption,
    FileTimeoutOption,
    FollowSymlinksOption,
    InlineIgnoresOption,
    MinSeverityOption,
    NoBaselineOption,
    RulesOption,
    SourcesOption,
    build_options,
    echo_warnings,
    echo_written,
    exit_code_for,
    require_existing,
)
from licscan.exitcodes import EXIT_OK
from licscan.report.formats import report_option_help


def register(app: typer.Typer) -> None:
    app.command(name="scan")(scan)


STDOUT = "-"  # `--report -`: the JSON report on stdout, and nothing else there


def scan(
    paths: Annotated[list[Path], typer.Argument(metavar="PATHS",
                                                help="Folders or files to scan.")],
    report: Annotated[
        list[Path] | None,
        typer.Option("--report", "-o", metavar="FILE",
                     help=report_option_help("Report file") + " `-`: JSON on stdout."),
    ] = None,
    sources: SourcesOption = None,
    cross: Annotated[
        bool | None, typer.Option(help="Also find reuse between the scanned documents.")
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option(metavar="GLOB", help="Only files matching a glob.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(metavar="GLOB", help="Skip files matching a glob.")
    ] = None,
    gitignore: Annotated[bool | None, typer.Option(help="Honour .gitignore files.")] = None,
    follow_symlinks: FollowSymlinksOption = None,
    max_size: Annotated[
        int | None,
        typer.Option(metavar="BYTES", help="Largest file to read, in bytes (default 20 MiB)."),
    ] = None,
    rules: RulesOption = None,
    disable: DisableOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", help="Worker processes (0: all cores)."),
    ] = None,
    file_timeout: FileTimeoutOption = None,
    engine: Annotated[EngineChoice | None, typer.Option(help="Where to run.")] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786)."),
    ] = None,
    cache: Annotated[bool | None, typer.Option(help="Reuse results of unchanged files.")] = None,
    baseline: BaselineOption = None,
    no_baseline: NoBaselineOption = False,
    inline_ignores: InlineIgnoresOption = None,
    fail_on: FailOnOption = None,
    min_severity: MinSeverityOption = None,
    exit_zero: ExitZeroOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary, no progress.")] = False,
) -> None:
    """Scan content for copyright notices, reuse terms, rights metadata and reused text."""
    from licscan import api
    from licscan.report.formats import check_report_paths
    from licscan.report.problems import plain_console
    from licscan.report.summary import print_summary
    from licscan.report.tabular import dump_json

    require_existing(paths)
    to_stdout = any(str(path) == STDOUT for path in report or [])
    # a bad report path must not wait for the scan
    reports = check_report_paths([path for path in report or [] if str(path) != STDOUT])
    options = build_options(
        include=include,
        exclude=exclude,
        gitignore=gitignore,
        follow_symlinks=follow_symlinks,
        max_size=max_size,
        rules=rules,
        disable=disable,
        sources=sources,
        cross=cross,
        jobs=jobs,
        file_timeout=file_timeout,
        engine=engine,
        scheduler=scheduler,
        cache=cache,
        baseline=baseline,
        no_baseline=no_baseline,
        inline_ignores=inline_ignores,
        fail_on=fail_on,
        min_severity=min_severity,
        progress=not quiet,
        start=paths,
    )
    result = api.scan(paths, options)
    shown = result.at_or_above(options.min_severity)
    written = shown.write_all(reports)
    if to_stdout:
        dump_json(shown, sys.stdout)
    echo_warnings(result.warnings)
    if not quiet:
        print_summary(shown, fail_on=options.fail_on, console=plain_console(stderr=to_stdout))
        echo_written(shown, written)
    raise typer.Exit(EXIT_OK if exit_zero else exit_code_for(result, options.fail_on))
