"""`licscan report`: re-render reports from a saved result (.json or .parquet), without scanning."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.common import MinSeverityOption
from licscan.model import Severity
from licscan.report.formats import report_option_help, saved_result_help


def register(app: typer.Typer) -> None:
    app.command(name="report")(report)


def report(
    results: Annotated[Path, typer.Argument(metavar="RESULT", help=saved_result_help())],
    report: Annotated[
        list[Path],
        typer.Option("--report", "-o", metavar="FILE",
                     help=report_option_help("Report file to write")),
    ],
    fail_on: Annotated[
        Severity, typer.Option(help="Severity the summary counts as blocking.")
    ] = Severity.medium,
    min_severity: MinSeverityOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Write reports of any format from a saved scan result."""
    from licscan.cli.check import exit_2_on_error
    from licscan.cli.common import echo_warnings, echo_written
    from licscan.report.formats import check_report_paths
    from licscan.report.summary import print_summary
    from licscan.result import ScanResult

    with exit_2_on_error():
        reports = check_report_paths(report)
        try:
            result = ScanResult.read(results)
        except OSError as error:
            raise ValueError(f"cannot read {results}: {error.strerror or error}") from None
        if min_severity is not None:
            result = result.at_or_above(min_severity.value)
        written = result.write_all(reports)
    echo_warnings(result.warnings)
    if not quiet:
        print_summary(result, fail_on=fail_on.value)
        echo_written(result, written)
