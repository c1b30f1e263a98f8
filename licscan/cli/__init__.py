"""The `licscan` command: a thin shell over the library API.

Each sub-command lives in its own module and imports the heavy parts (pandas, lxml) only when
it runs, so `licscan --help` and the pre-commit hook start quickly.  Exit codes
(:mod:`licscan.exitcodes`): 0 nothing at or above --fail-on, 1 findings, 2 usage/config/internal
error.
"""

from __future__ import annotations

import sys

import typer
from typer._click.exceptions import NoArgsIsHelpError, NoSuchOption  # click's, in typer

from licscan.exitcodes import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK
from licscan.version import __version__

app = typer.Typer(
    name="licscan",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,  # click's plain help: option names are never cut, flags carry no type
    help="Find copyright notices, reuse terms, rights metadata and republished text in content.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"licscan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """licscan: copyright and licensing compliance for content."""


def _register() -> None:
    from licscan.cli import baseline, check, hook, index, report, rules, scan

    for module in (scan, check, report):
        module.register(app)
    app.add_typer(rules.app, name="rules")
    app.add_typer(index.app, name="index")
    app.add_typer(baseline.app, name="baseline")
    app.add_typer(hook.app, name="hook")


def main() -> None:
    """Console entry point: any uncaught error is exit 2, so that 1 always means findings."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:  # typer's usage errors and our own errors land here
        _report_error(error)
        sys.exit(EXIT_ERROR)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _report_error(error: Exception) -> None:
    """One line on stderr: typer's usage and Abort errors, and any error of licscan's own."""
    if isinstance(error, typer.Abort):
        typer.echo("licscan: aborted", err=True)
        return
    if isinstance(error, NoArgsIsHelpError):  # a bare command group: its help, on stdout
        typer.echo(error.format_message())
        return
    if isinstance(error, NoSuchOption):
        message = _no_such_option(error)
    elif isinstance(error, typer.TyperException):
        message = error.format_message()
    else:
        message = str(error)
    typer.echo(f"licscan: error: {message}", err=True)


def _no_such_option(error: NoSuchOption) -> str:
    """Click's message, with the closest option as a question: "Did you mean --report?"."""
    if not error.possibilities:
        return error.message
    return f"{error.message}. Did you mean {error.possibilities[0]}?"  # the closest first


_register()
