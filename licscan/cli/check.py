"""`licscan check`: check a few files (the staged ones, in a pre-commit hook) and exit 0, 1 or 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.common import (
    BaselineOption,
    DisableOption,
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
)
from licscan.exitcodes import EXIT_ERROR, EXIT_OK


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


def register(app: typer.Typer) -> None:
    app.command(name="check")(check)


@contextmanager
def exit_2_on_error() -> Iterator[None]:
    """Any error that is not a finding ends the command with exit 2 and a one-line message.

    Exit 1 must always mean "findings": a broken configuration, rule file, index or baseline,
    and any internal error, is exit 2 (an uncaught exception would be 1).
    """
    try:
        yield
    except (typer.Exit, typer.Abort, typer.TyperException):  # typer's own ends: kept as they are
        raise
    except Exception as error:  # the CLI boundary: everything else is a usage/internal error
        typer.echo(f"licscan: error: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            exists=True, metavar="PATHS",
            help="Files or folders to check (default: the current folder)."
        ),
    ] = None,
    sources: SourcesOption = None,
    baseline: BaselineOption = None,
    no_baseline: NoBaselineOption = False,
    fail_on: FailOnOption = None,
    min_severity: MinSeverityOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="What to print.")
    ] = OutputFormat.text,
    exit_zero: ExitZeroOption = False,
    include_accepted: Annotated[
        bool,
        typer.Option(
            "--include-accepted", help="Also show findings accepted by a baseline or a marker."
        ),
    ] = False,
    inline_ignores: InlineIgnoresOption = None,
    follow_symlinks: FollowSymlinksOption = None,
    rules: RulesOption = None,
    disable: DisableOption = None,
    file_timeout: FileTimeoutOption = None,
    staged: Annotated[
        bool,
        typer.Option(
            "--staged",
            help="Check the content staged for the next commit (git's index), not the working "
            "tree; PATHS then limit which staged files are checked.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """Check files before they are committed or published; exit 1 when something blocks."""
    with exit_2_on_error():
        from licscan.check.gate import (
            render_json,
            render_sarif,
            render_text,
            run_check,
            run_staged_check,
        )
        from licscan.config import find_project_root
        from licscan.report.problems import print_text

        targets = paths or [Path(".")]
        options = build_options(
            start=targets,
            sources=sources,
            baseline=baseline,
            no_baseline=no_baseline,
            fail_on=fail_on,
            min_severity=min_severity,
            inline_ignores=inline_ignores,
            follow_symlinks=follow_symlinks,
            rules=rules,
            disable=disable,
            file_timeout=file_timeout,
            cache=False,  # a handful of files: the cache would cost more than it saves
            progress=not quiet,
        )
        root = find_project_root(targets)
        without_baseline = {"use_baseline": False} if no_baseline else {}
        if staged:
            result = run_staged_check([str(p) for p in paths or ()], options, root=root,
                                      **without_baseline)
        else:
            result = run_check(targets, options, root=root, **without_baseline)
        echo_warnings(result.warnings)
        threshold = options.fail_on
        if output_format is OutputFormat.json:
            typer.echo(render_json(result, threshold, include_accepted), nl=False)
        elif output_format is OutputFormat.sarif:
            typer.echo(render_sarif(result, include_accepted), nl=False)
        else:
            print_text(render_text(result, threshold, include_accepted))
    raise typer.Exit(EXIT_OK if exit_zero else result.exit_code(threshold))
