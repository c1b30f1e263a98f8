"""`licscan scan`: scan folders and files, print a summary, write reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.common import (
    DisableOption,
    EngineChoice,
    ExitZeroOption,
    FailOnOption,
    FileTimeoutOption,
    FollowSymlinksOption,
    InlineIgnoresOption,
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


def scan(
    paths: Annotated[list[Path], typer.Argument(help="Folders or files to scan.")],
    report: Annotated[
        list[Path] | None,
        typer.Option("--report", "-o", help=report_option_help("Report file")),
    ] = None,
    sources: SourcesOption = None,
    cross: Annotated[
        bool | None, typer.Option(help="Also find reuse between the scanned documents.")
    ] = None,
    include: Annotated[list[str] | None, typer.Option(help="Only files matching a glob.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Skip files matching a glob.")] = None,
    gitignore: Annotated[bool | None, typer.Option(help="Honour .gitignore files.")] = None,
    follow_symlinks: FollowSymlinksOption = None,
    max_size: Annotated[
        int | None, typer.Option(help="Largest file to read, in bytes (default 20 MiB).")
    ] = None,
    rules: RulesOption = None,
    disable: DisableOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (0: all cores).")
    ] = None,
    file_timeout: FileTimeoutOption = None,
    engine: Annotated[EngineChoice | None, typer.Option(help="Where to run.")] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://host:8786).")
    ] = None,
    cache: Annotated[bool | None, typer.Option(help="Reuse results of unchanged files.")] = None,
    baseline: Annotated[Path | None, typer.Option(help="Baseline of accepted findings.")] = None,
    inline_ignores: InlineIgnoresOption = None,
    fail_on: FailOnOption = None,
    exit_zero: ExitZeroOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary, no progress.")] = False,
) -> None:
    """Scan content for copyright notices, reuse terms, rights metadata and reused text."""
    from licscan import api
    from licscan.report.formats import check_report_paths
    from licscan.report.summary import print_summary

    require_existing(paths)
    reports = check_report_paths(report or [])  # a bad report path must not wait for the scan
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
        inline_ignores=inline_ignores,
        fail_on=fail_on,
        progress=not quiet,
        start=paths,
    )
    result = api.scan(paths, options)
    written = result.write_all(reports)
    echo_warnings(result.warnings)
    if not quiet:
        print_summary(result, fail_on=options.fail_on)
        echo_written(written)
    raise typer.Exit(EXIT_OK if exit_zero else exit_code_for(result, options.fail_on))
