"""`licscan report`: re-render reports from a saved result (.json or .parquet), without scanning."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import SeverityChoice


def register(app: typer.Typer) -> None:
    app.command(name="report")(report)


def report(
    results: Annotated[
        Path, typer.Argument(help="A saved scan result: a .json file or a .parquet directory.")
    ],
    report: Annotated[
        list[Path],
        typer.Option(
            "--report", "-o", help="Report file to write; format from its extension "
            "(.csv .json .parquet .xlsx .html). Repeatable."
        ),
    ],
    fail_on: Annotated[
        SeverityChoice, typer.Option(help="Severity the summary counts as blocking.")
    ] = SeverityChoice.medium,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Write reports of any format from a saved scan result."""
    from ..report.summary import print_summary
    from ..result import ScanResult
    from .common import write_reports

    try:
        result = ScanResult.read(results)
    except (OSError, ValueError) as error:  # json.JSONDecodeError is a ValueError
        typer.echo(f"licscan: cannot read {results}: {error}", err=True)
        raise typer.Exit(2) from None
    try:
        write_reports(result, report)
    except (OSError, ValueError) as error:
        typer.echo(f"licscan: cannot write report: {error}", err=True)
        raise typer.Exit(2) from None
    if not quiet:
        print_summary(result, fail_on=fail_on.value)
        for path in report:
            typer.echo(f"wrote {path}", err=True)
